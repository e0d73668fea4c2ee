import 'server-only';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Message,
  type PartitionMetadata,
  type Producer,
  type RetryOptions,
} from 'kafkajs';
import { getConfig } from '../config';
import { kafkaClientConfig } from './client';
import { intoBatches, recordSize } from './reliable-producer/batching';
import { ReplaceableAdmin } from './replaceable-admin';
import { classifyError, type Classified } from './reliable-producer/classify';
import { ProducerMetrics, type ProducerMetricsSnapshot } from './reliable-producer/metrics';

// The producer every replay path uses. Guarantees: acks=all and idempotence (one producer id, resends of
// the very same batch, so the broker deduplicates an ambiguous retry and keeps order); retries with
// exponential backoff and jitter until a delivery timeout rather than kafkajs's five quick ones; a result
// per record, never success without an acknowledgement.
//
// kafkajs 2.2.4 facts this design works around:
// - one send() spanning partitions on several brokers can resolve without a partition whose new leader
//   had already answered for another one, and it rolls back the sequence numbers of every partition of
//   a failed broker request: so each kafkajs send() here carries exactly one partition's batch;
// - its own retries stop long before an election ends: kafkajs retries are off and this module retries;
// - a batch re-sent under the same sequence numbers but with other content is taken by the broker for a
//   duplicate of the first one (and dropped): after an ambiguous give-up the producer id is replaced;
// - concurrent sends racing through a lost connection can leave its broker map naming a broker object by
//   another broker's id (requests for that leader then go out without the partition and resolve empty, for
//   good) or without a seed broker (a TypeError): the client is then disconnected and connected again, which
//   rebuilds the map and keeps the producer id and sequence numbers, so the resend is still deduplicated.

export type HeaderValue = string | Buffer | (string | Buffer)[];

export interface ReliableRecord {
  topic: string;
  /** Explicit partition; otherwise chosen from the key (murmur2, as the Java client does). */
  partition?: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  /** No null or undefined values: kafkajs cannot send them, the caller drops them. */
  headers?: Record<string, HeaderValue>;
  /** Milliseconds since the epoch; the broker's time when omitted. */
  timestamp?: number;
}

export type SendResult =
  | { ok: true; topic: string; partition: number; offset: string }
  | {
      ok: false;
      topic: string;
      partition: number | null;
      /** True when retries ran out within the delivery timeout; false when a resend cannot help. */
      retriable: boolean;
      /** The Kafka error name (MESSAGE_TOO_LARGE, NOT_ENOUGH_REPLICAS...) or the client-side error name. */
      errorName: string;
      message: string;
      /** A request for this record failed in a way that may have written it (timeout, dropped response). */
      maybeWritten: boolean;
    };

export interface ReliableProducerOptions {
  /** A kafkajs client to build on. Without one, a client is built for `brokers` or from the app config. */
  kafka?: Kafka;
  brokers?: string[];
  clientId?: string;
  /** Upper bound on the time from a batch's first attempt to its reported outcome (default 120 s). */
  deliveryTimeoutMs?: number;
  /** Per-request timeout for clients built here, capped at the delivery timeout (default 30 s). */
  requestTimeoutMs?: number;
  /** First retry delay (default 100 ms); doubles per retry up to `maxRetryMs` (default 5 s), with jitter. */
  initialRetryMs?: number;
  maxRetryMs?: number;
  /** Bounds of one produce request's batch (default 512 KiB, 2,000 records). */
  maxBatchBytes?: number;
  maxBatchRecords?: number;
  /** Partitions sent to at the same time (default 16). */
  concurrency?: number;
}

export interface ReliableProducer {
  /** Sends the records; results are in input order. Calls are processed one after another. */
  send(records: ReliableRecord[]): Promise<SendResult[]>;
  metrics(): ProducerMetricsSnapshot;
  close(): Promise<void>;
}

// kafkajs retries at most once itself (an idempotent kafkajs producer refuses fewer), then the failure
// comes back here; the whole policy is explicit so NODE_ENV=test cannot swap in kafkajs's test defaults.
const KAFKAJS_RETRY: RetryOptions = {
  retries: 1,
  initialRetryTime: 100,
  maxRetryTime: 1000,
  factor: 0.2,
  multiplier: 2,
};

interface Item {
  index: number;
  record: ReliableRecord;
  message: Message;
  size: number;
}

type Failure = Extract<SendResult, { ok: false }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TIMED_OUT = Symbol('timed out');

/** The promise's value, or TIMED_OUT if it has not settled within `ms`; a later rejection is ignored. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, expiry]);
  } finally {
    clearTimeout(timer);
  }
}

function buildKafka(options: ReliableProducerOptions, requestTimeout: number): Kafka {
  if (options.kafka) return options.kafka;
  if (options.brokers) {
    return new Kafka({
      clientId: options.clientId ?? 'dlqdesk-reliable-producer',
      brokers: options.brokers,
      requestTimeout,
      retry: KAFKAJS_RETRY,
      logLevel: logLevel.NOTHING,
    });
  }
  const base = kafkaClientConfig(getConfig());
  return new Kafka({
    ...base,
    requestTimeout: Math.min(base.requestTimeout ?? requestTimeout, requestTimeout),
    retry: KAFKAJS_RETRY,
  });
}

const isBytes = (v: unknown) => v === null || typeof v === 'string' || Buffer.isBuffer(v);
const isHeaderValue = (v: unknown) => typeof v === 'string' || Buffer.isBuffer(v);

/** Why kafkajs could not encode the record, checked here so that its own errors never stand for the record's. */
function invalidRecord(record: ReliableRecord): string | null {
  if (!isBytes(record.key)) return 'the key is not a string, a Buffer or null';
  if (!isBytes(record.value)) return 'the value is not a string, a Buffer or null';
  if (record.timestamp !== undefined && !Number.isSafeInteger(record.timestamp))
    return 'the timestamp is not a whole number of milliseconds';
  const headers = record.headers ?? {};
  for (const name of Object.keys(headers)) {
    const value: unknown = headers[name];
    if (Array.isArray(value) ? !value.every(isHeaderValue) : !isHeaderValue(value))
      return `header "${name}" has a null or non-string value`;
  }
  return null;
}

class Reliable implements ReliableProducer {
  private readonly kafka: Kafka;
  private readonly admin: ReplaceableAdmin;
  private readonly deliveryTimeoutMs: number;
  private readonly ackTimeoutMs: number;
  private readonly initialRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly maxBatchBytes: number;
  private readonly maxBatchRecords: number;
  private readonly concurrency: number;
  private readonly stats = new ProducerMetrics();
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private producer: Producer | null = null;
  private connecting: Promise<Producer> | null = null;
  private repairing: Promise<void> | null = null;
  private needsReset = false;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(options: ReliableProducerOptions) {
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 120_000;
    const requestTimeout = Math.min(options.requestTimeoutMs ?? 30_000, this.deliveryTimeoutMs);
    this.ackTimeoutMs = requestTimeout;
    this.initialRetryMs = options.initialRetryMs ?? 100;
    this.maxRetryMs = options.maxRetryMs ?? 5_000;
    this.maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
    this.maxBatchRecords = options.maxBatchRecords ?? 2_000;
    this.concurrency = options.concurrency ?? 16;
    this.kafka = buildKafka(options, requestTimeout);
    this.admin = new ReplaceableAdmin(() => this.kafka.admin({ retry: KAFKAJS_RETRY }));
  }

  send(records: ReliableRecord[]): Promise<SendResult[]> {
    if (this.closed) return Promise.reject(new Error('the reliable producer is closed'));
    const run = this.queue.then(() => this.sendNow(records));
    this.queue = run.catch(() => undefined);
    return run;
  }

  metrics(): ProducerMetricsSnapshot {
    return this.stats.snapshot();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.dropProducer();
    await this.admin.close();
  }

  private async sendNow(records: ReliableRecord[]): Promise<SendResult[]> {
    if (this.needsReset) {
      await this.dropProducer();
      this.needsReset = false;
      this.stats.reset();
    }
    const results: (SendResult | undefined)[] = new Array(records.length);
    this.stats.inFlightRecords += records.length;
    try {
      const byTopic = new Map<string, Item[]>();
      records.forEach((record, index) => {
        const headers = record.headers ?? {};
        const bad = invalidRecord(record);
        if (bad) {
          this.settle(results, index, this.failure(record, null, 'INVALID_RECORD', bad, false));
          return;
        }
        const message: Message = { key: record.key, value: record.value, headers };
        if (record.timestamp !== undefined) message.timestamp = String(record.timestamp);
        const items = byTopic.get(record.topic) ?? [];
        items.push({ index, record, message, size: recordSize(record.key, record.value, headers) });
        byTopic.set(record.topic, items);
      });

      const partitions: { topic: string; partition: number; items: Item[] }[] = [];
      for (const [topic, items] of byTopic) {
        const layout = await this.topicLayout(topic);
        if ('ok' in layout) {
          for (const item of items) this.settle(results, item.index, { ...layout, partition: null });
          continue;
        }
        const byPartition = new Map<number, Item[]>();
        for (const item of items) {
          const partition =
            item.record.partition ??
            this.partitioner({ topic, partitionMetadata: layout, message: item.message });
          if (!Number.isInteger(partition) || partition < 0 || partition >= layout.length) {
            this.settle(
              results,
              item.index,
              this.failure(
                item.record,
                partition,
                'UNKNOWN_TOPIC_OR_PARTITION',
                `topic ${topic} has no partition ${partition}`,
                false,
              ),
            );
            continue;
          }
          const list = byPartition.get(partition) ?? [];
          list.push(item);
          byPartition.set(partition, list);
        }
        for (const [partition, list] of byPartition) partitions.push({ topic, partition, items: list });
      }

      let next = 0;
      const worker = async () => {
        while (next < partitions.length) {
          const { topic, partition, items } = partitions[next++]!;
          await this.sendPartition(topic, partition, items, results);
        }
      };
      await Promise.all(Array.from({ length: Math.min(this.concurrency, partitions.length) }, worker));
    } finally {
      this.stats.inFlightRecords -= records.length;
    }
    return results.map(
      (r, index) =>
        r ??
        this.failure(records[index]!, null, 'NOT_SENT', 'no outcome was recorded for this record', false),
    );
  }

  private async sendPartition(
    topic: string,
    partition: number,
    items: Item[],
    results: (SendResult | undefined)[],
  ): Promise<void> {
    let stop: Failure | null = null;
    for (const batch of intoBatches(items, this.maxBatchBytes, this.maxBatchRecords)) {
      stop = await this.deliver(topic, partition, batch, results, Date.now() + this.deliveryTimeoutMs);
      if (stop) break;
    }
    if (!stop) return;
    // The records after a failed batch are not sent, so a later resend keeps their order behind it.
    for (const item of items) {
      if (results[item.index]) continue;
      this.settle(results, item.index, {
        ...stop,
        maybeWritten: false,
        message: `not sent: an earlier record of ${topic}/${partition} failed (${stop.errorName})`,
      });
    }
  }

  /**
   * Delivers one batch of one partition, resending it unchanged until it is acknowledged, fails for good,
   * or the deadline passes. Returns a failure when the partition must not be written to any further.
   */
  private async deliver(
    topic: string,
    partition: number,
    items: Item[],
    results: (SendResult | undefined)[],
    deadline: number,
  ): Promise<Failure | null> {
    let maybeWritten = false;
    for (let attempt = 0; ; attempt++) {
      const failure = await this.attempt(topic, partition, items, results, deadline);
      if (!failure) return null;
      maybeWritten ||= failure.maybeWritten;
      if (failure.resetProducer) this.needsReset = true;

      if (!failure.retriable) {
        if (failure.recordSpecific && items.length > 1) {
          const half = Math.ceil(items.length / 2);
          const stop = await this.deliver(topic, partition, items.slice(0, half), results, deadline);
          return stop ?? this.deliver(topic, partition, items.slice(half), results, deadline);
        }
        this.failAll(items, results, partition, failure, false, maybeWritten);
        return failure.recordSpecific
          ? null
          : this.failure(items[0]!.record, partition, failure.errorName, failure.message, false);
      }

      const base = Math.min(this.maxRetryMs, this.initialRetryMs * 2 ** attempt);
      const delay = base / 2 + Math.random() * (base / 2);
      if (Date.now() + delay >= deadline) {
        if (maybeWritten) this.needsReset = true;
        this.failAll(items, results, partition, failure, true, maybeWritten);
        return this.failure(items[0]!.record, partition, failure.errorName, failure.message, true);
      }
      await sleep(delay);
      this.stats.retried();
    }
  }

  /**
   * One produce request for one partition's batch; null when acknowledged (results filled in). A request kafkajs
   * has not settled one request timeout after the batch's deadline is given up as maybe written: kafkajs 2.2.4
   * stops timing out the requests of a connection it is closing, so a broker that closes that socket first leaves
   * them pending for good, holding its per-broker lock. The producer id is replaced before the next call.
   */
  private async attempt(
    topic: string,
    partition: number,
    items: Item[],
    results: (SendResult | undefined)[],
    deadline: number,
  ): Promise<Classified | null> {
    this.stats.requested();
    this.stats.inFlightRequests += 1;
    let producer: Producer | null = null;
    try {
      await this.repairing;
      producer = await this.connectedProducer();
      const response = await settledWithin(
        producer.send({
          topic,
          acks: -1,
          timeout: this.ackTimeoutMs,
          messages: items.map((item) => ({ ...item.message, partition })),
        }),
        deadline + this.ackTimeoutMs - Date.now(),
      );
      if (response === TIMED_OUT) {
        return {
          errorName: 'DELIVERY_TIMEOUT',
          message: `the Kafka client did not settle a request for ${topic}/${partition} within the delivery timeout`,
          retriable: true,
          recordSpecific: false,
          resetProducer: true,
          maybeWritten: true,
          repairClient: false,
        };
      }
      const meta = response.find((r) => r.topicName === topic && r.partition === partition);
      if (!meta || meta.errorCode !== 0 || meta.baseOffset === undefined) {
        await this.repair(producer);
        return {
          errorName: 'MISSING_FROM_RESPONSE',
          message: `kafkajs resolved without a result for ${topic}/${partition}`,
          retriable: true,
          recordSpecific: false,
          resetProducer: false,
          maybeWritten: true,
          repairClient: true,
        };
      }
      const base = BigInt(meta.baseOffset);
      items.forEach((item, i) =>
        this.settle(results, item.index, { ok: true, topic, partition, offset: String(base + BigInt(i)) }),
      );
      this.stats.sent(items.length);
      return null;
    } catch (err) {
      const failure = classifyError(err);
      if (failure.repairClient && producer) await this.repair(producer);
      if (
        failure.errorName === 'UNKNOWN_TOPIC_OR_PARTITION' &&
        (await this.partitionMayExist(topic, partition))
      )
        failure.retriable = true;
      return failure;
    } finally {
      this.stats.inFlightRequests -= 1;
    }
  }

  private failAll(
    items: Item[],
    results: (SendResult | undefined)[],
    partition: number,
    failure: Classified,
    retriable: boolean,
    maybeWritten: boolean,
  ): void {
    for (const item of items) {
      this.settle(results, item.index, {
        ...this.failure(item.record, partition, failure.errorName, failure.message, retriable),
        maybeWritten,
      });
    }
  }

  private failure(
    record: ReliableRecord,
    partition: number | null,
    errorName: string,
    message: string,
    retriable: boolean,
  ): Failure {
    return { ok: false, topic: record.topic, partition, retriable, errorName, message, maybeWritten: false };
  }

  private settle(results: (SendResult | undefined)[], index: number, result: SendResult): void {
    results[index] = result;
    if (!result.ok) this.stats.failed(1, result.errorName);
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.connecting) {
      const producer = this.kafka.producer({
        // Every message carries its partition (key-partition.ts): the partitioner is never asked, and naming one
        // keeps kafkajs from logging its v2 partitioner notice on every start.
        createPartitioner: Partitioners.DefaultPartitioner,
        idempotent: true,
        maxInFlightRequests: 5,
        allowAutoTopicCreation: false,
        retry: KAFKAJS_RETRY,
      });
      this.producer = producer;
      this.connecting = producer.connect().then(
        () => producer,
        (err: unknown) => {
          this.producer = null;
          this.connecting = null;
          void producer.disconnect().catch(() => undefined);
          throw err;
        },
      );
    }
    return this.connecting;
  }

  /**
   * Disconnects and connects the same kafkajs producer (see the header): once at a time, the other partitions'
   * next attempts wait for it. A disconnect that hangs on a request the broker will never answer is given up
   * after the request timeout; the failed attempt is retried either way.
   */
  private repair(producer: Producer): Promise<void> {
    if (this.repairing) return this.repairing;
    if (producer !== this.producer) return Promise.resolve();
    this.stats.repaired();
    const run = async () => {
      try {
        await settledWithin(producer.disconnect(), this.ackTimeoutMs);
        await producer.connect();
      } catch {
        // The resend reconnects, or fails with its own error.
      } finally {
        this.repairing = null;
      }
    };
    this.repairing = run();
    return this.repairing;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    const connecting = this.connecting;
    this.producer = null;
    this.connecting = null;
    if (!producer) return;
    await connecting?.catch(() => undefined);
    // Bounded for the same reason as an attempt: a request kafkajs never settles would hold its disconnect.
    await settledWithin(
      producer.disconnect().catch(() => undefined),
      this.ackTimeoutMs,
    );
  }

  /**
   * The topic's partitions, or the failure for all of its records: UNKNOWN_TOPIC_OR_PARTITION at once
   * (topics are never auto-created), other metadata failures retried until the delivery timeout.
   */
  private async topicLayout(topic: string): Promise<PartitionMetadata[] | Failure> {
    const deadline = Date.now() + this.deliveryTimeoutMs;
    let freshAdmin = false;
    for (let attempt = 0; ; attempt++) {
      let failure: Classified;
      try {
        const admin = await this.admin.connected();
        const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
        if (partitions.length > 0) return [...partitions].sort((a, b) => a.partitionId - b.partitionId);
        failure = classifyError({
          type: 'UNKNOWN_TOPIC_OR_PARTITION',
          message: `topic ${topic} does not exist`,
        });
      } catch (err) {
        failure = classifyError(err);
        if (failure.errorName === 'UNKNOWN_TOPIC_OR_PARTITION' && !freshAdmin) {
          // kafkajs's admin may be failing over a deleted topic it asked about before: ask a fresh one.
          this.admin.reset();
          freshAdmin = true;
          continue;
        }
      }
      const base = Math.min(this.maxRetryMs, this.initialRetryMs * 2 ** attempt);
      if (!failure.retriable || Date.now() + base >= deadline) {
        // A fresh admin says the topic is gone: the kafkajs producer may have sent to it and would then fail every
        // later send, so it is replaced before the next call.
        if (failure.errorName === 'UNKNOWN_TOPIC_OR_PARTITION') this.needsReset = true;
        return {
          ok: false,
          topic,
          partition: null,
          retriable: failure.retriable,
          errorName: failure.errorName,
          message: failure.message,
          maybeWritten: false,
        };
      }
      await sleep(base / 2 + Math.random() * (base / 2));
      this.stats.retried();
    }
  }

  /** After a produce-time UNKNOWN_TOPIC_OR_PARTITION: false only when fresh metadata confirms it. */
  private async partitionMayExist(topic: string, partition: number): Promise<boolean> {
    try {
      const admin = await this.admin.connected();
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
      return partitions.some((p) => p.partitionId === partition);
    } catch (err) {
      return classifyError(err).errorName !== 'UNKNOWN_TOPIC_OR_PARTITION';
    }
  }
}

export function createReliableProducer(options: ReliableProducerOptions = {}): ReliableProducer {
  return new Reliable(options);
}
