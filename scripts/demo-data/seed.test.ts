import { ConfigResourceTypes, Kafka, logLevel, type Admin, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCluster, type DevCluster } from '../../devcluster';
import { kcatRecords } from '../../devcluster/test-support/client-tools';
import { registerCompressionCodecs } from '../../lib/kafka/codecs';
import type { DemoRecord } from './demo-record';
import { generateDemoRecords } from './generator';
import { seedDemo, startTrickle, type SeedSummary } from './seed';
import { DEMO_DLQS, DEMO_SOURCE_TOPICS } from './topics';

const RECORDS = 1_500;
const NOW = Date.now();

describe('seedDemo on a 3-broker embedded cluster', () => {
  let cluster: DevCluster;
  let kafka: Kafka;
  let admin: Admin;
  let summary: SeedSummary;

  beforeAll(async () => {
    await registerCompressionCodecs();
    cluster = await startCluster({ brokers: 3 });
    kafka = new Kafka({ clientId: 'seed-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    summary = await seedDemo({ brokers: cluster.bootstrap, now: NOW, records: RECORDS });
  });

  afterAll(async () => {
    await admin?.disconnect();
    await cluster?.stop();
  });

  it('creates the source and DLQ topics: replication factor 3, min.insync.replicas 2, DLQs kept 14 days', async () => {
    const topics = [...DEMO_SOURCE_TOPICS, ...DEMO_DLQS];
    const metadata = await admin.fetchTopicMetadata({ topics: topics.map(({ topic }) => topic) });
    for (const { topic, partitions } of topics) {
      const found = metadata.topics.find((candidate) => candidate.name === topic);
      expect(found?.partitions, topic).toHaveLength(partitions);
      for (const partition of found?.partitions ?? []) expect(partition.replicas).toHaveLength(3);
    }
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: DEMO_DLQS.map(({ topic }) => ({ type: ConfigResourceTypes.TOPIC, name: topic })),
    });
    for (const resource of configs.resources) {
      const value = (name: string) =>
        resource.configEntries.find((entry) => entry.configName === name)?.configValue;
      expect(value('min.insync.replicas'), resource.resourceName).toBe('2');
      expect(value('retention.ms'), resource.resourceName).toBe(String(14 * 86_400_000));
    }
  });

  it('produces what it reports, counted per topic from the partition offsets', async () => {
    expect(summary.records).toBe(RECORDS);
    expect(summary.incident).toMatchObject({ topic: 'orders-dlt', count: 150 });
    for (const { topic, records } of summary.topics) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const stored = offsets.reduce(
        (sum, partition) => sum + Number(partition.high) - Number(partition.low),
        0,
      );
      expect(stored, topic).toBe(records);
      expect(records, topic).toBeGreaterThan(0);
    }
    expect(summary.topics.reduce((sum, topic) => sum + topic.records, 0)).toBe(RECORDS);
  });

  it("compresses each DLQ's batches as its framework's producer would", () => {
    const codecOf = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;
    for (const dlq of DEMO_DLQS) {
      const stored = new Set<number>();
      for (let partition = 0; partition < dlq.partitions; partition++) {
        for (const entry of cluster.cluster.partition(dlq.topic, partition)?.log.entries ?? []) {
          stored.add(entry.bytes.readInt16BE(21) & 0x07);
        }
      }
      expect(stored, dlq.topic).toEqual(new Set([codecOf[dlq.compression]]));
    }
  });

  it('writes exactly the generated records: kcat reads back keys, values, ordered headers with nulls, timestamps', async () => {
    const expected = [...generateDemoRecords({ count: RECORDS, to: NOW, from: NOW - 7 * 86_400_000 })];
    const everything = await Promise.all(
      DEMO_DLQS.map(async ({ topic }) =>
        (await kcatRecords(cluster.bootstrap, topic)).map((record) => ({ ...record, topic })),
      ),
    );
    for (const [index, { topic }] of DEMO_DLQS.entries()) {
      const read = everything[index] ?? [];
      const generated = expected.filter((record) => record.topic === topic);
      expect(read.length, topic).toBe(generated.length);
      const partitions = new Set(read.map((record) => record.partition));
      const byPartition = (records: DemoRecord[], partition: number) =>
        records
          .filter((record) => record.partition === partition)
          .map(({ key, value, headers, timestamp }) => ({ key, value, headers, timestamp }));
      const explicit = generated.every((record) => record.partition !== undefined);
      if (explicit) {
        for (const partition of partitions)
          expect(byPartition(read, partition), `${topic}/${partition}`).toEqual(
            byPartition(generated, partition),
          );
      } else {
        const strip = ({ key, value, headers, timestamp }: DemoRecord) => ({
          key,
          value,
          headers,
          timestamp,
        });
        const order = (a: DemoRecord, b: DemoRecord) =>
          a.timestamp - b.timestamp || Buffer.compare(a.value ?? Buffer.alloc(0), b.value ?? Buffer.alloc(0));
        expect([...read].sort(order).map(strip), topic).toEqual([...generated].sort(order).map(strip));
      }
    }
  });

  it('kafkajs reads every record back through the registered codecs; binary headers stay binary', async () => {
    const consumer = kafka.consumer({ groupId: 'seed-test-reader', maxWaitTimeInMs: 200 });
    const received: Array<{ topic: string; partition: number; message: KafkaMessage }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: DEMO_DLQS.map(({ topic }) => topic), fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
        void consumer.run({
          eachMessage: async (payload) => {
            received.push(payload);
            if (received.length === RECORDS) resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    expect(received).toHaveLength(RECORDS);
    const spring = received.filter(({ topic }) => topic === 'payments.DLT' || topic === 'orders-dlt');
    expect(spring.length).toBeGreaterThan(100);
    for (const { partition, message } of spring) {
      const values = [message.headers?.['kafka_dlt-original-partition']].flat();
      const current = values.at(-1);
      expect(Buffer.isBuffer(current) && current.length).toBe(4);
      expect((current as Buffer).readInt32BE(0)).toBe(partition);
    }
  });

  it('startTrickle keeps adding failures until stopped', async () => {
    const total = async () => {
      let sum = 0;
      for (const { topic } of DEMO_DLQS) {
        for (const partition of await admin.fetchTopicOffsets(topic)) sum += Number(partition.high);
      }
      return sum;
    };
    const before = await total();
    const trickle = startTrickle({ brokers: cluster.bootstrap, intervalMs: 50, seed: 1 });
    try {
      const deadline = Date.now() + 30_000;
      while ((await total()) < before + 5 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await trickle.stop();
    }
    const stopped = await total();
    expect(stopped).toBeGreaterThanOrEqual(before + 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await total()).toBe(stopped);
  });
});
