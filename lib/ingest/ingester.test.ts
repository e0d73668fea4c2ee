// Ingestion against the embedded cluster: batches are prepared on the worker thread and written in order, and a
// write that fails has the consumer start again from the index, so nothing is lost or indexed twice.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { DlqIndex } from '../store';
import { makeTempDir, removeTempDir } from '../store/test-support';
import type { PreparedBatch } from '../store/prepare';
import { TEST_SECRET, useTestConfig } from '@/test/config';
import { startIngest, type IndexWriter } from './ingester';

const TOPIC = 'flaky.DLT';
const PER_PARTITION = 400;

let dc: DevCluster;
let dir: string;

beforeAll(async () => {
  dc = await startCluster({ brokers: 1 });
  useTestConfig({ DLQDESK_KAFKA_BROKERS: dc.bootstrap.join(','), DLQDESK_SESSION_SECRET: TEST_SECRET });
  dir = makeTempDir();
});

afterAll(async () => {
  await dc?.stop();
  removeTempDir(dir);
});

it('indexes every record exactly once when a write fails half-way', async () => {
  const kafka = new Kafka({ clientId: 'ingester-test', brokers: dc.bootstrap, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (let round = 0; round < 4; round += 1) {
    await producer.send({
      topic: TOPIC,
      messages: [0, 1].flatMap((partition) =>
        Array.from({ length: PER_PARTITION / 4 }, (_, i) => ({
          partition,
          key: `order-${round}-${i}`,
          value: JSON.stringify({
            originalTopic: 'orders',
            error: `order ${round}-${i} has no customer`,
            // 4 KB a record: a partition's 1.6 MB take several fetches (512 KB each).
            payload: 'x'.repeat(4000),
          }),
          headers: { 'x-round': String(round) },
        })),
      ),
    });
  }
  await producer.disconnect();

  const index = DlqIndex.open(dir);
  let failures = 0;
  const store: IndexWriter = {
    indexPrepared(topic: string, partition: number, batch: PreparedBatch, nextOffset: string) {
      // The first write of partition 1 that does not start at its beginning fails once.
      if (failures === 0 && partition === 1 && batch.rows[0]?.offset !== '0') {
        failures += 1;
        throw new Error('disk full (simulated)');
      }
      return index.indexPrepared(topic, partition, batch, nextOffset);
    },
    nextOffset: (topic, partition) => index.nextOffset(topic, partition),
    removeBelow: (topic, partition, logStart) => index.removeBelow(topic, partition, logStart),
    removeTopic: (topic) => index.removeTopic(topic),
    indexedTopics: () => index.indexedTopics(),
  };
  const ingester = startIngest({ store, isDlqTopic: (topic) => topic === TOPIC, syncIntervalMs: 500 });
  try {
    const deadline = Date.now() + 90_000;
    while (index.queryRecords(TOPIC, {}).total.value < 2 * PER_PARTITION) {
      if (Date.now() > deadline) throw new Error('not every record was indexed');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(failures).toBe(1);
    expect(index.partitions(TOPIC)).toEqual([
      { partition: 0, nextOffset: String(PER_PARTITION) },
      { partition: 1, nextOffset: String(PER_PARTITION) },
    ]);
    for (const partition of [0, 1]) {
      const offsets: string[] = [];
      let cursor: string | undefined;
      do {
        const page = index.queryRecords(TOPIC, { partition: [partition] }, { limit: 500, cursor });
        offsets.push(...page.rows.map((row) => row.id.split('~')[2]!));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(offsets.map(Number).sort((a, b) => a - b)).toEqual(
        Array.from({ length: PER_PARTITION }, (_, i) => i),
      );
    }
    const record = index.getRecord(`${TOPIC}~1~${PER_PARTITION - 1}`)?.record;
    expect(record?.format).toBe('json-envelope');
    expect(record?.origin.topic).toBe('orders');
  } finally {
    await ingester.stop();
    index.close();
  }
});
