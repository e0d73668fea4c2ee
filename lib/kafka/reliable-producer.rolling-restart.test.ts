// The rolling-restart experiment of reliability-lessons.md: 5,000 keyed records sent while every broker
// is stopped and started in turn (5-second elections, one of the stops uncontrolled, a few produce
// responses dropped), then the topic consumed to the end and counted. The same harness runs a baseline
// producer (kafkajs defaults, acks=1, not idempotent) to show it can see loss and duplication.
import { createRequire } from 'node:module';
import type { Kafka, RetryOptions } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../devcluster';
import { consumeAll, kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';
import { createReliableProducer, type ReliableRecord } from './reliable-producer';
import {
  countDelivery,
  rollingRestart,
  startExperimentCluster as startRestartCluster,
  type DeliveryCount,
} from './rolling-restart-harness';

const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
// vitest sets NODE_ENV=test, which makes kafkajs use short test retry defaults; the baseline must get the
// defaults every application gets.
const KAFKAJS_PRODUCTION_RETRY_DEFAULTS = load('kafkajs/src/retry/defaults') as RetryOptions;
const CONSUMER_RETRY: RetryOptions = { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 };

const TOPIC = 'payments';
const PARTITIONS = 6;
const RECORDS = 5000;
const KEYS = 60;
const BATCH = 50;
const BATCH_INTERVAL_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dc: DevCluster | undefined;

afterEach(async () => {
  await dc?.stop();
  dc = undefined;
});

async function startExperimentCluster(): Promise<DevCluster> {
  const cluster = await startRestartCluster();
  cluster.admin.createTopic({ name: TOPIC, partitions: PARTITIONS, replicationFactor: 3 });
  return cluster;
}

function experimentRecords(): ReliableRecord[] {
  const perKey = new Array<number>(KEYS).fill(0);
  return Array.from({ length: RECORDS }, (_, i) => {
    const k = (i * 7) % KEYS;
    const seq = perKey[k]!++;
    return { topic: TOPIC, key: `key-${k}`, value: `key-${k}|${seq}` };
  });
}

interface Count extends DeliveryCount {
  reportedFailed: number;
}

/** Sends in paced batches while the brokers restart, then consumes everything and counts. */
async function experiment(
  cluster: DevCluster,
  sendBatch: (batch: ReliableRecord[]) => Promise<number>,
): Promise<Count> {
  const records = experimentRecords();
  const restart = rollingRestart(cluster, TOPIC, PARTITIONS);
  const started = Date.now();
  let reportedFailed = 0;
  for (let b = 0; b * BATCH < records.length; b++) {
    const due = started + b * BATCH_INTERVAL_MS;
    if (Date.now() < due) await sleep(due - Date.now());
    reportedFailed += await sendBatch(records.slice(b * BATCH, (b + 1) * BATCH));
  }
  await restart;

  const kafka: Kafka = kafkaFor(cluster.bootstrap, CONSUMER_RETRY);
  const count = countDelivery(
    records.map((r) => String(r.value)),
    await consumeAll(kafka, TOPIC),
  );
  return { reportedFailed, ...count };
}

describe('rolling restart', () => {
  it('the reliable producer loses nothing, duplicates nothing and keeps per-key order', async () => {
    dc = await startExperimentCluster();
    const producer = createReliableProducer({ brokers: dc.bootstrap });
    try {
      const failures = new Map<string, number>();
      const count = await experiment(dc, async (batch) => {
        const failed = (await producer.send(batch)).filter((r) => !r.ok);
        for (const f of failed) {
          const reason = `${f.errorName}: ${f.message}`;
          failures.set(reason, (failures.get(reason) ?? 0) + 1);
        }
        return failed.length;
      });
      expect(count, JSON.stringify([...failures])).toEqual({
        reportedFailed: 0,
        lost: 0,
        duplicated: 0,
        keysOutOfOrder: 0,
      });
      const metrics = producer.metrics();
      expect(metrics.totals.recordsSent).toBe(RECORDS);
      expect(metrics.totals.retries).toBeGreaterThan(0);
    } finally {
      await producer.close();
    }
  }, 150_000);

  it('the same harness sees a default kafkajs producer (acks=1) lose or duplicate records', async () => {
    dc = await startExperimentCluster();
    const kafka = kafkaFor(dc.bootstrap, KAFKAJS_PRODUCTION_RETRY_DEFAULTS);
    const producer = kafka.producer({ retry: KAFKAJS_PRODUCTION_RETRY_DEFAULTS });
    await producer.connect();
    try {
      const count = await experiment(dc, async (batch) => {
        try {
          await producer.send({
            topic: TOPIC,
            acks: 1,
            messages: batch.map((r) => ({ key: r.key, value: r.value })),
          });
          return 0;
        } catch {
          // What an application without a failure path does: log and move on.
          return batch.length;
        }
      });
      // The dropped responses make its resends land twice; the uncontrolled stop may add losses.
      expect(count.lost + count.duplicated, JSON.stringify(count)).toBeGreaterThan(0);
    } finally {
      await producer.disconnect();
    }
  }, 150_000);
});
