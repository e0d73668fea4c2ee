// The e2e web server (Playwright's webServer): an embedded 3-broker cluster seeded with the demo data plus a
// 100,000-record DLQ (`bulk.DLT`), and the production build of DLQ Desk against it. It answers on the ready port
// (what Playwright waits for) only once DLQ Desk has indexed everything, and tells specs where the cluster is.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startCluster } from '../../devcluster';
import { seedDemo } from '../../scripts/demo-data';
import { ensureBuilt, launchApp } from '../../scripts/launch-app';
import { BULK_RECORDS, BULK_TOPIC, e2ePorts, MASKED_HEADER } from './environment';
import { users } from './users';

async function seedBulk(brokers: string[]): Promise<void> {
  const kafka = new Kafka({ clientId: 'e2e-seed', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: BULK_TOPIC, numPartitions: 3 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  const now = Date.now();
  for (let start = 0; start < BULK_RECORDS; start += 5000) {
    const messages = Array.from({ length: 5000 }, (_, j) => {
      const i = start + j;
      return {
        key: `bulk-${i}`,
        value: JSON.stringify({ id: i, note: 'bulk record for scrolling' }),
        timestamp: String(now - (BULK_RECORDS - i) * 1000),
        headers: {
          'kafka_dlt-original-topic': 'bulk',
          'kafka_dlt-exception-fqcn': 'com.acme.BulkException',
          'kafka_dlt-exception-message': `Bulk failure number ${i}`,
        },
      };
    });
    await producer.send({ topic: BULK_TOPIC, messages });
  }
  await producer.disconnect();
}

async function waitUntilIndexed(url: string, expected: Map<string, number>): Promise<void> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify(users.viewer),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    // A busy server can reset a kept-alive connection between polls (ECONNRESET): that is a retry, not a failure.
    const dlqs = await fetch(`${url}/api/dlqs`, { headers: { cookie } })
      .then(async (res) => ((await res.json()) as { dlqs: Array<{ topic: string; records: number }> }).dlqs)
      .catch(() => []);
    const indexed = new Map(dlqs.map((d) => [d.topic, d.records]));
    if ([...expected].every(([topic, count]) => (indexed.get(topic) ?? 0) >= count)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('DLQ Desk did not index the e2e data within 3 minutes');
}

async function main(): Promise<void> {
  const { appPort, readyPort } = e2ePorts();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-e2e-'));
  await ensureBuilt();
  const cluster = await startCluster({
    brokers: 3,
    defaultReplicationFactor: 3,
    topicDefaults: { 'min.insync.replicas': '2' },
  });
  const seeded = await seedDemo({ brokers: cluster.bootstrap });
  await seedBulk(cluster.bootstrap);
  const app = await launchApp({
    brokers: cluster.bootstrap,
    users: Object.entries(users).map(([role, u]) => ({
      ...u,
      role: role as 'viewer' | 'operator' | 'admin',
    })),
    port: appPort,
    workDir,
    inheritOutput: true,
    extraEnv: {
      DLQDESK_DLQ_SYNC_INTERVAL_SECONDS: '2',
      // A header no seeded record carries: only e2e/reveal.spec.ts's records are masked.
      DLQDESK_MASK_HEADERS: MASKED_HEADER,
    },
  });
  const expected = new Map(seeded.topics.map((t) => [t.topic, t.records]));
  expected.set(BULK_TOPIC, BULK_RECORDS);
  await waitUntilIndexed(app.url, expected);
  const environment = JSON.stringify({
    bootstrap: cluster.bootstrap,
    controlUrl: cluster.controlUrl,
    seeded,
  });
  const ready = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(environment),
  );
  ready.listen(readyPort, '127.0.0.1');
  console.log(`e2e: DLQ Desk at ${app.url} with ${seeded.records + BULK_RECORDS} records indexed`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    ready.close();
    await app.stop();
    await cluster.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  app.process.on('exit', (code) => {
    if (!stopping) {
      console.error(`e2e: DLQ Desk exited unexpectedly (status ${code})`);
      void cluster.stop().finally(() => process.exit(1));
    }
  });
}

main().catch((err: unknown) => {
  console.error('e2e server failed to start:', err);
  process.exit(1);
});
