import { Kafka, logLevel, type Admin } from 'kafkajs';

import type { DemoRecord } from './demo-record';
import { createDemoRecordWriter, demoIncident, generateDemoRecords, type IncidentOptions } from './generator';
import { createProduceClient, type BatchToSend, type ProduceClient } from './produce-client';
import { crc32c, encodeRecordBatch } from './record-batch';
import { DEMO_DLQS, DEMO_SOURCE_TOPICS, type DemoCompression } from './topics';

const CLIENT_ID = 'dlqdesk-demo';
const DAY = 86_400_000;
// DLQs usually keep records longer than the 7-day default; with it, the week of seeded failures
// would start expiring the moment it is written.
const DLQ_RETENTION_MS = 14 * DAY;

function connectAdmin(brokers: string[]): Admin {
  return new Kafka({ clientId: CLIENT_ID, brokers, logLevel: logLevel.NOTHING }).admin();
}

/**
 * Creates the demo's source and DLQ topics (those that exist are left as they are): replication
 * factor 3 and min.insync.replicas 2 on a cluster of 3 or more brokers, 1 and 1 below that; DLQs
 * keep records for 14 days.
 */
export async function createDemoTopics(admin: Admin): Promise<void> {
  const { brokers } = await admin.describeCluster();
  const replicationFactor = Math.min(3, brokers.length);
  const minInsync = { name: 'min.insync.replicas', value: String(brokers.length >= 3 ? 2 : 1) };
  const retention = { name: 'retention.ms', value: String(DLQ_RETENTION_MS) };
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      ...DEMO_SOURCE_TOPICS.map(({ topic, partitions }) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: [minInsync],
      })),
      ...DEMO_DLQS.map(({ topic, partitions }) => ({
        topic,
        numPartitions: partitions,
        replicationFactor,
        configEntries: [minInsync, retention],
      })),
    ],
  });
}

export interface ProduceOptions {
  /** Records of one partition closer in time than this share a batch, as a producer's linger would. */
  lingerMs?: number;
  maxBatchRecords?: number;
  /** Batches per Produce request round. */
  batchesPerRound?: number;
}

/**
 * Produces records with their own timestamps, headers and partitions (when given; otherwise by key
 * hash, null keys round-robin), each DLQ's batches compressed as its framework would. Returns the
 * count per topic.
 */
export async function produceDemoRecords(
  admin: Admin,
  records: Iterable<DemoRecord>,
  options: ProduceOptions = {},
): Promise<Map<string, number>> {
  const lingerMs = options.lingerMs ?? 60_000;
  const maxBatchRecords = options.maxBatchRecords ?? 500;
  const batchesPerRound = options.batchesPerRound ?? 64;
  const compression = new Map<string, DemoCompression>(DEMO_DLQS.map((dlq) => [dlq.topic, dlq.compression]));
  const partitionCounts = new Map<string, number>();
  const roundRobin = new Map<string, number>();
  const open = new Map<string, { topic: string; partition: number; records: DemoRecord[] }>();
  const counts = new Map<string, number>();
  const client: ProduceClient = createProduceClient(admin, CLIENT_ID);
  let ready: BatchToSend[] = [];

  const partitionsOf = async (topic: string): Promise<number> => {
    const known = partitionCounts.get(topic);
    if (known !== undefined) return known;
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count === 0) throw new Error(`topic ${topic} has no partitions`);
    partitionCounts.set(topic, count);
    return count;
  };
  const close = async (id: string): Promise<void> => {
    const batch = open.get(id);
    if (!batch) return;
    open.delete(id);
    const encoded = await encodeRecordBatch(batch.records, compression.get(batch.topic) ?? 'none');
    ready.push({ topic: batch.topic, partition: batch.partition, batch: encoded });
    counts.set(batch.topic, (counts.get(batch.topic) ?? 0) + batch.records.length);
  };
  const send = async (): Promise<void> => {
    const batches = ready;
    ready = [];
    if (batches.length > 0) await client.produce(batches);
  };

  try {
    for (const record of records) {
      const partitions = await partitionsOf(record.topic);
      let partition = record.partition;
      if (partition === undefined && record.key !== null) partition = crc32c(record.key) % partitions;
      if (partition === undefined) {
        partition = (roundRobin.get(record.topic) ?? 0) % partitions;
        roundRobin.set(record.topic, partition + 1);
      }
      const id = `${record.topic}/${partition}`;
      const current = open.get(id);
      const first = current?.records[0];
      if (
        first &&
        (record.timestamp - first.timestamp > lingerMs || (current?.records.length ?? 0) >= maxBatchRecords)
      ) {
        await close(id);
      }
      const batch = open.get(id) ?? { topic: record.topic, partition, records: [] };
      batch.records.push(record);
      open.set(id, batch);
      if (ready.length >= batchesPerRound) await send();
    }
    for (const id of [...open.keys()]) await close(id);
    await send();
    return counts;
  } finally {
    client.close();
  }
}

export interface SeedOptions {
  brokers: string[];
  /** The end of the seeded week (default: now). */
  now?: number;
  /** Records in total, the incident's included (default 3,000). */
  records?: number;
  seed?: number;
  valueSize?: number;
}

export interface SeedSummary {
  from: number;
  to: number;
  records: number;
  topics: Array<{ topic: string; records: number }>;
  incident?: IncidentOptions & { errorClass: string };
}

/**
 * Creates the demo topics and fills the DLQs with a week of failures in every convention, including
 * an incident a few hours ago. Deterministic for the same `now` and seed.
 */
export async function seedDemo(options: SeedOptions): Promise<SeedSummary> {
  const to = options.now ?? Date.now();
  const from = to - 7 * DAY;
  const count = options.records ?? 3_000;
  const admin = connectAdmin(options.brokers);
  await admin.connect();
  try {
    await createDemoTopics(admin);
    const generation = { count, from, to, seed: options.seed, valueSize: options.valueSize };
    const counts = await produceDemoRecords(admin, generateDemoRecords(generation));
    const incident = demoIncident(generation);
    return {
      from,
      to,
      records: [...counts.values()].reduce((sum, n) => sum + n, 0),
      topics: DEMO_DLQS.map(({ topic }) => ({ topic, records: counts.get(topic) ?? 0 })),
      incident: incident && {
        ...incident,
        errorClass: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      },
    };
  } finally {
    await admin.disconnect();
  }
}

export interface Trickle {
  /** Stops producing and waits for the record in flight. */
  stop(): Promise<void>;
}

/** A slow trickle of new failures into the demo DLQs, one every `intervalMs`, until stopped. */
export function startTrickle(options: {
  brokers: string[];
  intervalMs: number;
  seed?: number;
  onError?: (error: unknown) => void;
}): Trickle {
  const admin = connectAdmin(options.brokers);
  const writer = createDemoRecordWriter({ seed: (options.seed ?? Date.now()) >>> 0 });
  const connected = admin.connect();
  connected.catch(() => undefined); // reported by the first tick
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  const tick = (): void => {
    inFlight = connected
      .then(() => produceDemoRecords(admin, [writer.record(Date.now())]))
      .then(
        () => undefined,
        (error: unknown) => options.onError?.(error),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, options.intervalMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      await connected.catch(() => undefined);
      await admin.disconnect();
    },
  };
}
