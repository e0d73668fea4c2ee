// `npm run demo`: DLQ Desk on an embedded 3-broker Kafka cluster, seeded with a week of failed records in every
// DLQ convention (and an incident), with a slow trickle of new failures. Runs until Ctrl-C.
import fs from 'node:fs';
import { startCluster } from '../devcluster';
import { seedDemo, startTrickle } from './demo-data';
import { ensureBuilt, launchApp, type AppUser } from './launch-app';

const DEMO_USERS: AppUser[] = [
  { username: 'viewer', password: 'demo-viewer', role: 'viewer' },
  { username: 'operator', password: 'demo-operator', role: 'operator' },
  { username: 'admin', password: 'demo-admin', role: 'admin' },
];
const WORK_DIR = '.demo';

async function main(): Promise<void> {
  const kafkaPort = Number(process.env.DEMO_KAFKA_PORT ?? 19092);
  const appPort = Number(process.env.PORT ?? 3000);
  await ensureBuilt();

  // The cluster lives in memory, so the previous run's index describes records that no longer exist.
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
  const cluster = await startCluster({
    brokers: 3,
    port: kafkaPort,
    defaultReplicationFactor: 3,
    topicDefaults: { 'min.insync.replicas': '2' },
  });
  console.log(`Embedded Kafka cluster: ${cluster.bootstrap.join(',')}`);
  const seeded = await seedDemo({ brokers: cluster.bootstrap });
  console.log(`Seeded ${seeded.records} failed records into ${seeded.topics.length} DLQ topics.`);
  const trickle = startTrickle({
    brokers: cluster.bootstrap,
    intervalMs: 5_000,
    onError: (err) => console.error('demo trickle:', err instanceof Error ? err.message : err),
  });
  const app = await launchApp({
    brokers: cluster.bootstrap,
    users: DEMO_USERS,
    port: appPort,
    workDir: WORK_DIR,
    inheritOutput: true,
  });

  console.log(
    [
      '',
      `DLQ Desk is running at ${app.url}`,
      `Log in as ${DEMO_USERS.map((u) => `${u.username} / ${u.password}`).join(', or ')}.`,
      `Kafka tools can use the cluster too: kcat -b ${cluster.bootstrap[0]} -L`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping the demo...');
    await trickle.stop();
    await app.stop();
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  app.process.on('exit', (code) => {
    if (stopping) return;
    console.error(`DLQ Desk exited (status ${code}); stopping the demo.`);
    void trickle
      .stop()
      .then(() => cluster.stop())
      .finally(() => process.exit(1));
  });
}

main().catch((err: unknown) => {
  console.error('demo failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
