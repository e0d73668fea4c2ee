// The rolling-restart experiment for a replay job (the producer-level run and its kafkajs baseline are in
// lib/kafka/reliable-producer.rolling-restart.test.ts): 5,000 DLQ records replayed by key while every broker is
// stopped and started in turn, with produce responses dropped; then the target consumed to the end and counted.
// A second job runs through dropped produce responses alone.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DevCluster } from '../../devcluster';
import { consumeAll } from '../../devcluster/test-support/kafkajs-helpers';
import { countDelivery, rollingRestart, startExperimentCluster } from '../kafka/rolling-restart-harness';
import { seedDlq, springHeaders, startKit, type Kit } from './engine-test-kit';

const RECORDS = 5000;
const KEYS = 60;
const PARTITIONS = 6;

let dc: DevCluster;
let kit: Kit;

beforeAll(async () => {
  dc = await startExperimentCluster();
  kit = await startKit(dc, { deliveryTimeoutMs: 120_000 });
}, 60_000);

afterAll(async () => {
  await kit?.close();
  await dc?.stop();
});

function keyedRecords(originTopic: string, count: number) {
  const perKey = new Array<number>(KEYS).fill(0);
  return Array.from({ length: count }, (_, i) => {
    const k = (i * 7) % KEYS;
    const value = `key-${k}|${perKey[k]!++}`;
    return { key: `key-${k}`, value, headers: springHeaders(originTopic, 0, i) };
  });
}

it('a 5,000-record job through a rolling restart: 0 lost, 0 duplicated, per-key order kept', async () => {
  dc.admin.createTopic({ name: 'payments', partitions: PARTITIONS, replicationFactor: 3 });
  const records = keyedRecords('payments', RECORDS);
  const ids = await seedDlq(kit, 'payments.DLT', records);
  const job = await kit.engine.create({
    actor: 'otto',
    dlqTopic: 'payments.DLT',
    idPages: [ids],
    options: {
      target: { mode: 'original' },
      partitioning: 'key',
      patch: null,
      stripErrorHeaders: true,
      ratePerSecond: 250,
      overrideMaxReplays: false,
    },
  });
  await rollingRestart(dc, 'payments', PARTITIONS);
  const done = await kit.engine.settled(job.id);
  expect(done.totals).toEqual({
    selected: RECORDS,
    sent: RECORDS,
    succeeded: RECORDS,
    failed: 0,
    skipped: 0,
  });
  const count = countDelivery(
    records.map((r) => r.value),
    await consumeAll(kit.kafka, 'payments'),
  );
  expect(count).toEqual({ lost: 0, duplicated: 0, keysOutOfOrder: 0 });
  expect(kit.producer.metrics().totals.retries).toBeGreaterThan(0);
}, 240_000);

it('dropped produce responses during a job: 0 duplicates', async () => {
  dc.admin.createTopic({ name: 'refunds', partitions: 3, replicationFactor: 3 });
  const records = keyedRecords('refunds', 1000);
  const ids = await seedDlq(kit, 'refunds.DLT', records);
  const job = await kit.engine.create({
    actor: 'otto',
    dlqTopic: 'refunds.DLT',
    idPages: [ids],
    options: {
      target: { mode: 'original' },
      partitioning: 'key',
      patch: null,
      stripErrorHeaders: true,
      ratePerSecond: 200,
      overrideMaxReplays: false,
    },
  });
  dc.faults.dropResponses({ api: 'Produce', count: 6 });
  const done = await kit.engine.settled(job.id);
  expect(dc.faults.pending().drops).toBe(0);
  expect(done.totals.succeeded).toBe(1000);
  const count = countDelivery(
    records.map((r) => r.value),
    await consumeAll(kit.kafka, 'refunds'),
  );
  expect(count).toEqual({ lost: 0, duplicated: 0, keysOutOfOrder: 0 });
}, 120_000);
