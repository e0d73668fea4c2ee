import 'server-only';
import type { Admin, Kafka } from 'kafkajs';
import { createReliableProducer, type ReliableProducer } from '../kafka/reliable-producer';
import { log } from '../log';
import { ensureTopic } from './ensure-topic';
import { readToEnd } from './read-to-end';

export const STATE_TOPIC = '_dlqdesk-state';

// Room for a fix draft of 1 MiB with its key (Kafka's default limit is just over 1 MB).
const STATE_TOPIC_CONFIGS = { 'cleanup.policy': 'compact', 'max.message.bytes': String(2 * 1024 * 1024) };

export interface StateEntry {
  key: string;
  /** Any JSON value; null writes a tombstone, which compaction turns into the key's removal. */
  value: unknown;
}

export interface StateWriteFailure {
  key: string;
  errorName: string;
  message: string;
  /** The entry may have been written anyway (a request whose answer was lost). */
  maybeWritten: boolean;
}

/** Some entries of an append were not acknowledged; the others were written. */
export class StateWriteError extends Error {
  constructor(
    readonly topic: string,
    readonly failures: StateWriteFailure[],
    readonly written: number,
  ) {
    const first = failures[0];
    super(
      `${failures.length} state entr${failures.length === 1 ? 'y was' : 'ies were'} not written to ${topic}` +
        (first ? ` (${first.errorName}: ${first.message})` : ''),
    );
    this.name = 'StateWriteError';
  }
}

export interface StateLogOptions {
  /** Default STATE_TOPIC. */
  topic?: string;
  /** Configs of the topic when it has to be created (default: compacted, records up to 2 MiB). */
  topicConfigs?: Record<string, string>;
  /** Upper bound on one append (default 120 s, the reliable producer's). */
  deliveryTimeoutMs?: number;
}

/**
 * A Kafka topic used as a durable key-value log. Writes go through the reliable producer (acks=all,
 * idempotent, retried until the delivery timeout); a read replays the topic from its start to the end
 * offsets of the moment it was called. The topic has one partition, so a reader sees every entry in the
 * order it was written: the triage state relies on that (a record's later status wins).
 */
export class StateLog {
  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: ReliableProducer,
    readonly topic: string,
  ) {}

  static async open(kafka: Kafka, options: StateLogOptions = {}): Promise<StateLog> {
    const topic = options.topic ?? STATE_TOPIC;
    const admin = kafka.admin();
    try {
      await admin.connect();
      await ensureTopic(admin, topic, { configs: options.topicConfigs ?? STATE_TOPIC_CONFIGS });
    } catch (err) {
      await admin.disconnect().catch(() => undefined);
      throw err;
    }
    const producer = createReliableProducer({ kafka, deliveryTimeoutMs: options.deliveryTimeoutMs });
    return new StateLog(kafka, admin, producer, topic);
  }

  /** Resolves once every entry is acknowledged by all in-sync replicas; throws StateWriteError otherwise. */
  async append(entries: StateEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const records = entries.map(({ key, value }) => ({
      topic: this.topic,
      key,
      value: value === null || value === undefined ? null : JSON.stringify(value),
    }));
    const results = await this.producer.send(records);
    const failures: StateWriteFailure[] = [];
    results.forEach((result, i) => {
      if (!result.ok) {
        failures.push({
          key: entries[i]!.key,
          errorName: result.errorName,
          message: result.message,
          maybeWritten: result.maybeWritten,
        });
      }
    });
    if (failures.length > 0)
      throw new StateWriteError(this.topic, failures, entries.length - failures.length);
  }

  /**
   * Calls `onEntry` for every entry from the beginning of the topic up to its end as of this call, in
   * write order. After compaction a key may show only its latest value, or not at all once its tombstone
   * expired, so callers apply entries as "latest wins". Entries that are not JSON are skipped.
   */
  async readAll(
    onEntry: (key: string, value: unknown, offset: string) => void | Promise<void>,
  ): Promise<void> {
    await readToEnd(this.kafka, this.admin, this.topic, async (partition, message) => {
      if (!message.key) return;
      const key = message.key.toString('utf8');
      let value: unknown = null;
      if (message.value !== null) {
        try {
          value = JSON.parse(message.value.toString('utf8'));
        } catch {
          log.warn('skipping a state entry that is not JSON', { topic: this.topic, partition, key });
          return;
        }
      }
      await onEntry(key, value, message.offset);
    });
  }

  async close(): Promise<void> {
    await this.producer.close();
    await this.admin.disconnect().catch(() => undefined);
  }
}
