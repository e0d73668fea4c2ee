import 'server-only';
import { listTopicNames, partitionOffsets, resetAdmin } from '../kafka/admin';
import { startDlqConsumer, type DlqConsumer, type PartitionBatch } from '../kafka/dlq-consumer';
import { log } from '../log';
import type { PreparedBatch } from '../store/prepare';
import { BatchPreparer } from './batch-preparer';

/** What ingestion needs from the index. */
export interface IndexWriter {
  indexPrepared(topic: string, partition: number, batch: PreparedBatch, nextOffset: string): number;
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
  const preparer = new BatchPreparer();
  let consumer: DlqConsumer | null = null;
  let pipeline: Pipeline | null = null;
  let restartNeeded = false;
  let stopped = false;
  let syncing: Promise<void> | null = null;

  const write = ({ topic, partition, nextOffset }: PartitionBatch, batch: PreparedBatch) => {
    state.recordsIndexed += store.indexPrepared(topic, partition, batch, nextOffset);
  };

  const failed = (error: unknown) => {
    log.warn('indexing a batch failed; consuming again from the index', {
      error: error instanceof Error ? error.message : String(error),
    });
    restartNeeded = true;
    // A pass under way may have looked at restartNeeded already: restart in the pass after it.
    void (syncing ?? Promise.resolve()).then(sync);
  };

  async function restartConsumer(topics: string[]): Promise<void> {
    const previous = consumer;
    consumer = null;
    await previous?.stop();
    await pipeline?.drain();
    pipeline = null;
    restartNeeded = false;
    if (topics.length === 0 || stopped) return;
    const current = startPipeline(preparer, write, failed);
    pipeline = current;
    consumer = await startDlqConsumer({
      topics,
      resumeOffset: (topic, partition) => store.nextOffset(topic, partition),
      onBatch: (batch) => current.submit(batch),
    });
  }

  async function syncOnce(): Promise<void> {
    try {
      const topics = (await listTopicNames()).filter(isDlqTopic).sort();
      const gone = store.indexedTopics().filter((t) => !topics.includes(t));
      // Batches of a gone topic still in the pipeline are written first, so they do not bring it back.
      if (gone.length > 0) await pipeline?.drain();
      for (const topic of gone) {
        const removed = store.removeTopic(topic);
        log.info('DLQ topic gone: removed from the index', { topic, records: removed });
      }
      if (gone.length > 0 || state.topics.some((t) => !topics.includes(t))) resetAdmin();
      // The consumer follows the topic list first: one still subscribed to a deleted topic stops fetching the rest.
      if (!sameTopics(topics, state.topics) || consumer === null || restartNeeded) {
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
      await pipeline?.drain();
      pipeline = null;
      await preparer.close();
    },
  };
}

/** Batches at most this many deep between fetching and writing: enough to keep the worker busy, and few,
 * as each holds its records (memory). */
const MAX_IN_FLIGHT = 3;

interface Pipeline {
  /** Hands a batch over; waits only when MAX_IN_FLIGHT batches are not written yet. */
  submit(batch: PartitionBatch): Promise<void>;
  /** Waits until every batch handed over is written (or dropped after a failure). */
  drain(): Promise<void>;
}

/**
 * Prepares batches on the worker while the consumer fetches on, and writes them in the order they were
 * fetched. After a failure nothing more is written: what follows would leave a gap behind the failed
 * batch. `failed` then has the consumer restarted from the index's resume offsets, so the batches
 * dropped (and the one that failed) are fetched again; what was written is skipped as already indexed.
 */
function startPipeline(
  preparer: BatchPreparer,
  write: (batch: PartitionBatch, prepared: PreparedBatch) => void,
  failed: (error: unknown) => void,
): Pipeline {
  let tail: Promise<void> = Promise.resolve();
  const unwritten: Promise<void>[] = [];
  let broken = false;
  return {
    async submit(batch) {
      if (broken) return;
      const prepared = preparer.prepare(batch.records);
      // Rejections are handled in turn below; until then they are not unhandled.
      prepared.catch(() => undefined);
      tail = tail.then(async () => {
        if (broken) return;
        try {
          write(batch, await prepared);
        } catch (error) {
          broken = true;
          failed(error);
        }
      });
      unwritten.push(tail);
      while (unwritten.length >= MAX_IN_FLIGHT) await unwritten.shift();
    },
    drain: () => tail,
  };
}
