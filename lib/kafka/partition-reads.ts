import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Kafka, KafkaMessage } from 'kafkajs';
import type { RawKafkaRecord } from '../dlq/raw-record';
import { classifyError } from './reliable-producer/classify';
import { registerCompressionCodecs } from './codecs';
import { ReplaceableAdmin } from './replaceable-admin';
import { toRawRecord } from './dlq-consumer';

// Reads of exact offset ranges, for replay jobs: the end offsets noted before a send, the search for records a
// crashed job may have written (by a header's value), and single records whose value the index keeps only in part.

export interface PartitionEnd {
  partition: number;
  /** The high watermark: the offset the next record will get. */
  high: string;
}

/** End offsets of topics through one admin connection that is replaced after any failure (ReplaceableAdmin). */
export class PartitionEnds {
  private readonly admin: ReplaceableAdmin;

  constructor(kafka: Kafka) {
    this.admin = new ReplaceableAdmin(() => kafka.admin());
  }

  /** The partitions of `topic` with their end offsets, or null when the topic does not exist. */
  async of(topic: string): Promise<PartitionEnd[] | null> {
    // "Unknown topic" from a connection that knew a deleted topic may be about that one: ask a fresh one.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.admin.use(async (admin) => {
          // Asked first because kafkajs retries offsets of an unknown topic for as long as its retry policy lasts.
          if (!(await admin.listTopics()).includes(topic)) return null;
          const offsets = await admin.fetchTopicOffsets(topic);
          return offsets
            .map((o) => ({ partition: o.partition, high: o.high }))
            .sort((a, b) => a.partition - b.partition);
        });
      } catch (err) {
        if (classifyError(err).errorName !== 'UNKNOWN_TOPIC_OR_PARTITION') throw err;
        if (attempt > 0) return null;
      }
    }
  }

  close(): Promise<void> {
    return this.admin.close();
  }
}

export interface RangeRead {
  partition: number;
  /** First offset to read. */
  from: string;
  /** Reads up to, not including, this offset. */
  to: string;
}

/**
 * Calls `onMessage` for every record of the ranges, in offset order per partition. A consumer group of its own
 * that never commits: kafkajs has no plain assign, so the ranges are sought on joining.
 */
export async function readRanges(
  kafka: Kafka,
  topic: string,
  ranges: readonly RangeRead[],
  onMessage: (partition: number, message: KafkaMessage) => void,
  timeoutMs = 120_000,
): Promise<void> {
  const pending = new Map(
    ranges.filter((r) => BigInt(r.from) < BigInt(r.to)).map((r) => [r.partition, r] as const),
  );
  if (pending.size === 0) return;
  await registerCompressionCodecs();
  const consumer = kafka.consumer({
    groupId: `dlq-desk-range-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    maxBytesPerPartition: 4 * 1024 * 1024,
    retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 5000 },
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${topic} did not reach the noted end offsets in ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        for (const partition of payload.memberAssignment[topic] ?? []) {
          const range = pending.get(partition);
          if (range) consumer.seek({ topic, partition, offset: range.from });
        }
      });
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (!payload.restart) {
          clearTimeout(timer);
          reject(payload.error);
        }
      });
      void consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const range = pending.get(batch.partition);
            if (!range) return;
            const end = BigInt(range.to);
            for (const message of batch.messages) {
              const offset = BigInt(message.offset);
              if (offset < BigInt(range.from)) continue;
              if (offset >= end) break;
              onMessage(batch.partition, message);
            }
            const last = batch.messages[batch.messages.length - 1];
            if (last && BigInt(last.offset) + 1n >= end) pending.delete(batch.partition);
            if (pending.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await done;
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

/** Offsets of the records of the ranges whose `header` has one of `values`, by value. */
export async function findByHeader(
  kafka: Kafka,
  topic: string,
  ranges: readonly RangeRead[],
  header: string,
  values: ReadonlySet<string>,
): Promise<Map<string, { partition: number; offset: string }>> {
  const found = new Map<string, { partition: number; offset: string }>();
  await readRanges(kafka, topic, ranges, (partition, message) => {
    const raw = message.headers?.[header];
    for (const v of Array.isArray(raw) ? raw : [raw]) {
      const text = v === undefined || v === null ? null : v.toString();
      if (text !== null && values.has(text) && !found.has(text))
        found.set(text, { partition, offset: message.offset });
    }
  });
  return found;
}

/** One record as it is in Kafka, or null when it is no longer there (retention, compaction). */
export async function fetchRecord(
  kafka: Kafka,
  topic: string,
  partition: number,
  offset: string,
): Promise<RawKafkaRecord | null> {
  let got: RawKafkaRecord | null = null;
  await readRanges(kafka, topic, [{ partition, from: offset, to: String(BigInt(offset) + 1n) }], (p, m) => {
    if (m.offset === offset) got = toRawRecord(topic, p, m);
  });
  return got;
}
