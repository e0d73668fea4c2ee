// A replay job survives SIGKILL of the server: 10,000 records, the server killed mid-job and started again; the job
// resumes from its journal, looks for its in-doubt batch in the targets, and every record lands exactly once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumeAll } from '../../devcluster/test-support/kafkajs-helpers';
import { springHeaders } from '../../lib/replay/engine-test-kit';
import type { JobView } from '../../lib/replay/types';
import { eventually, startHarness, type Harness } from './harness';

const RECORDS = 10_000;
const METRICS_TOKEN = 'replay-crash-metrics-token-0123456789';
let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    { brokers: 3, topicDefaults: { 'min.insync.replicas': '2' } },
    { DLQDESK_REPLAY_MAX_RATE: '100000', DLQDESK_API_TOKENS: `prometheus:viewer:${METRICS_TOKEN}` },
  );
  h.cluster.admin.createTopic({ name: 'orders', partitions: 3, replicationFactor: 3 });
  h.cluster.admin.createTopic({ name: 'orders.DLT', partitions: 2, replicationFactor: 3 });
  const producer = h.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < RECORDS; i += 1000) {
      await producer.send({
        topic: 'orders.DLT',
        acks: -1,
        messages: Array.from({ length: 1000 }, (_, j) => ({
          key: `order-${i + j}`,
          value: JSON.stringify({ n: i + j }),
          partition: (i + j) % 2,
          headers: springHeaders('orders', (i + j) % 3, i + j),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  await eventually(
    async () => {
      const { body } = await h.api<{ total: { value: number } }>('/api/dlqs/orders.DLT/records?limit=1');
      return body.total.value === RECORDS ? true : undefined;
    },
    120_000,
    'the DLQ indexed',
  );
}, 300_000);

afterAll(async () => {
  await h?.stop();
});

it('SIGKILL mid-job: after the restart the job completes and each of the 10,000 records is in its target once', async () => {
  const created = await h.api<{ job: JobView }>('/api/replays', {
    role: 'operator',
    method: 'POST',
    body: {
      selection: { topic: 'orders.DLT', filter: '' },
      target: { mode: 'original' },
      ratePerSecond: 1000,
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.job.id;
  expect(created.body.job.totals.selected).toBe(RECORDS);

  await eventually(
    async () => {
      const { body } = await h.api<{ job: JobView }>(`/api/replays/${id}`);
      return body.job.totals.succeeded >= 3000 ? true : undefined;
    },
    120_000,
    'a third of the job sent',
  );
  await h.restartApp(undefined, { kill: true });

  const done = await eventually(
    async () => {
      const { body } = await h.api<{ job: JobView }>(`/api/replays/${id}`);
      return body.job.status === 'completed' ? body.job : undefined;
    },
    180_000,
    'the job completed after the restart',
  );
  expect(done.totals).toEqual({
    selected: RECORDS,
    sent: RECORDS,
    succeeded: RECORDS,
    failed: 0,
    skipped: 0,
  });

  const consumed = await consumeAll(h.kafka, 'orders');
  const replayIds = consumed.map((c) => c.message.headers!['dlqdesk-replay-id']!.toString());
  expect(new Set(replayIds).size).toBe(RECORDS);
  expect(consumed).toHaveLength(RECORDS);

  const replayed = await h.api<{ total: { value: number } }>(
    '/api/dlqs/orders.DLT/records?limit=1&status=replayed',
  );
  expect(replayed.body.total.value).toBe(RECORDS);

  // The restarted server's metrics count the resumed job's records.
  const metrics = await fetch(`${h.url}/api/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await metrics.text();
  expect(text).toContain(`dlqdesk_replay_records_total{outcome="succeeded"} ${RECORDS}`);
  expect(text).toContain('dlqdesk_replay_jobs{status="completed"} 1');
  expect(text).toMatch(/^dlqdesk_producer_records_sent_total\{producer="replay"\} \d+$/m);
}, 400_000);
