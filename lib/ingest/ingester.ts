import 'server-only';
import { decodeRecord } from '../dlq/decode';
import type { DlqRecord } from '../dlq/types';
import { listTopicNames, partitionOffsets, resetAdmin } from '../kafka/admin';
import { startDlqConsumer, type DlqConsumer, type PartitionBatch } from '../kafka/dlq-consumer';
import { log } from '../log';

/** What ingestion needs from the index. */
export interface IndexWriter {
  indexBatch(topic: string, partition: number, records: readonly DlqRecord[], nextOffset: string): number;
  nextOffset(topic: string, partition: number): string | null;
  removeBelow(topic: string, partition: number, logStartOffset: string): number;
  removeTopic(topic: string): number;
  indexedTopics(): string[];
}

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Records in Kafka not indexed yet (high watermark minus next offset to index). */
  lag: number;
}

export interface IngestStatus {
  topics: string[];
  /** Whether the last look at the cluster (topic discovery) worked. */
  connected: boolean;
  /** When the cluster last answered a discovery pass. */
  lastSyncAt: number | null;
  lastError: string | null;
  recordsIndexed: number;
  lag: PartitionLag[];
}

export interface IngestOptions {
  store: IndexWriter;
  isDlqTopic: (topic: string) => boolean;
  /** How often to look for new and deleted DLQ topics and for retention (default 30 s: new topics within a minute). */
  syncIntervalMs?: number;
}

export interface Ingester {
  status(): IngestStatus;
  /** Runs one discovery and retention pass now (tests, and the first pass at start-up). */
  sync(): Promise<void>;
  stop(): Promise<void>;
}

function sameTopics(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * Keeps the index in step with the DLQ topics: discovers them, consumes every partition from where the index
 * stopped, decodes each record (never dropping one) and writes it with its partition's next offset in one
 * transaction; removes what retention deleted and topics that are gone.
 */
export function startIngest(options: IngestOptions): Ingester {
  const { store, isDlqTopic } = options;
  const state: IngestStatus = {
    topics: [],
    connected: false,
    lastSyncAt: null,
    lastError: null,
    recordsIndexed: 0,
    lag: [],
  };
  let consumer: DlqConsumer | null = null;
  let stopped = false;
  let syncing: Promise<void> | null = null;

  const onBatch = ({ topic, partition, records, nextOffset }: PartitionBatch) => {
    const decoded = records.map((raw) => decodeRecord(raw));
    state.recordsIndexed += store.indexBatch(topic, partition, decoded, nextOffset);
  };

  async function restartConsumer(topics: string[]): Promise<void> {
    const previous = consumer;
    consumer = null;
    await previous?.stop();
    if (topics.length === 0 || stopped) return;
    consumer = await startDlqConsumer({
      topics,
      resumeOffset: (topic, partition) => store.nextOffset(topic, partition),
      onBatch,
    });
  }

  async function syncOnce(): Promise<void> {
    try {
      const topics = (await listTopicNames()).filter(isDlqTopic).sort();
      const gone = store.indexedTopics().filter((t) => !topics.includes(t));
      for (const topic of gone) {
        const removed = store.removeTopic(topic);
        log.info('DLQ topic gone: removed from the index', { topic, records: removed });
      }
      if (gone.length > 0 || state.topics.some((t) => !topics.includes(t))) resetAdmin();
      // The consumer follows the topic list first: one still subscribed to a deleted topic stops fetching the rest.
      if (!sameTopics(topics, state.topics) || consumer === null) {
        log.info('watching DLQ topics', { count: topics.length, topics: topics.join(',') });
        await restartConsumer(topics);
        state.topics = topics;
      }
      const lag: PartitionLag[] = [];
      for (const topic of topics) {
        for (const { partition, low, high } of await partitionOffsets(topic)) {
          store.removeBelow(topic, partition, low);
          const next = BigInt(store.nextOffset(topic, partition) ?? low);
          lag.push({
            topic,
            partition,
            lag: Number(BigInt(high) - (next > BigInt(low) ? next : BigInt(low))),
          });
        }
      }
      state.lag = lag;
      state.connected = true;
      state.lastSyncAt = Date.now();
      state.lastError = null;
    } catch (err) {
      state.connected = false;
      state.lastError = err instanceof Error ? err.message : String(err);
      log.warn('DLQ discovery failed; retrying', { error: state.lastError });
    }
  }

  const sync = () => {
    syncing ??= syncOnce().finally(() => {
      syncing = null;
    });
    return syncing;
  };

  const timer = setInterval(() => void sync(), options.syncIntervalMs ?? 30_000);
  timer.unref();
  void sync();

  return {
    status: () => ({ ...state, topics: [...state.topics], lag: [...state.lag] }),
    sync,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await syncing;
      await consumer?.stop();
      consumer = null;
    },
  };
}
