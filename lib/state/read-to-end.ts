import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

export type OnRecord = (partition: number, message: KafkaMessage) => void | Promise<void>;

export interface ReadToEndOptions {
  /** Fails the read when it has not reached the end by then (default 10 minutes). */
  timeoutMs?: number;
}

interface Progress {
  partition: number;
  /** The high watermark when the read began: records from here on are left for the next read. */
  end: bigint;
  leader: number;
  done: boolean;
  /** A batch of this partition (records or compacted-away ones) was handled since the leader's last fetch. */
  sawBatch: boolean;
  /** The leader's fetch completed and its batches are being handled. */
  fetched: boolean;
  emptyFetches: number;
}

/**
 * Reads every partition of a topic from its log start to the high watermarks as of the call, in offset
 * order per partition, through a consumer of a fresh group that commits nothing.
 *
 * The end is reached when a record at or past `end - 1` was seen, or when the partition's leader answered
 * two fetches in a row with nothing: compaction removes expired tombstones, so the last offsets below the
 * high watermark may hold no record at all, and kafkajs reports such empty fetches only through its
 * instrumentation events. A fetcher starts its next fetch only after the batches of the previous one were
 * handled, so a FETCH_START after a completed FETCH without a batch of the partition means an empty answer.
 */
export async function readToEnd(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  onRecord: OnRecord,
  options: ReadToEndOptions = {},
): Promise<void> {
  const progress = new Map<number, Progress>();
  for (const { partition, low, high } of await admin.fetchTopicOffsets(topic)) {
    if (BigInt(high) <= BigInt(low)) continue;
    progress.set(partition, {
      partition,
      end: BigInt(high),
      leader: -1,
      done: false,
      sawBatch: false,
      fetched: false,
      emptyFetches: 0,
    });
  }
  if (progress.size === 0) return;
  await refreshLeaders(admin, topic, progress);

  const consumer = kafka.consumer({
    groupId: `dlqdesk-reader-${randomUUID()}`,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: 250,
    retry: { retries: 30, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
  let settle: { resolve: () => void; reject: (err: unknown) => void } | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  finished.catch(() => undefined); // failures surface where it is awaited
  const fail = (err: unknown) => settle?.reject(err);
  const markDone = (p: Progress) => {
    p.done = true;
    if ([...progress.values()].every((q) => q.done)) settle?.resolve();
  };
  let checkingLeaders = false;
  const suspectGap = (p: Progress) => {
    if (checkingLeaders) return;
    checkingLeaders = true;
    const leader = p.leader;
    // A leader change in between would make the fetches seen here someone else's: confirm it first.
    refreshLeaders(admin, topic, progress)
      .then(() => {
        if (p.leader === leader && p.emptyFetches >= 2 && !p.done) markDone(p);
        else p.emptyFetches = 0;
      })
      .catch(() => {
        p.emptyFetches = 0;
      })
      .finally(() => {
        checkingLeaders = false;
      });
  };

  // kafkajs gives the node id of these events as a string.
  consumer.on(consumer.events.FETCH, ({ payload }) => {
    for (const p of progress.values()) {
      if (p.done || String(p.leader) !== String(payload.nodeId)) continue;
      p.fetched = true;
      p.sawBatch = false;
    }
  });
  consumer.on(consumer.events.FETCH_START, ({ payload }) => {
    for (const p of progress.values()) {
      if (p.done || String(p.leader) !== String(payload.nodeId) || !p.fetched) continue;
      p.fetched = false;
      p.emptyFetches = p.sawBatch ? 0 : p.emptyFetches + 1;
      if (p.emptyFetches >= 2) suspectGap(p);
    }
  });
  consumer.on(consumer.events.START_BATCH_PROCESS, ({ payload }) => {
    const p = progress.get(payload.partition);
    if (p && payload.topic === topic) p.sawBatch = true;
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const p = progress.get(payload.partition);
    if (!p || p.done || payload.topic !== topic) return;
    p.emptyFetches = 0;
    if (BigInt(payload.lastOffset) >= p.end - 1n) markDone(p);
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) fail(payload.error);
  });

  const timeoutMs = options.timeoutMs ?? 600_000;
  const timer = setTimeout(
    () => fail(new Error(`reading ${topic} did not reach its end within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const p = progress.get(batch.partition);
        if (!p || p.done) return;
        try {
          for (const message of batch.messages) {
            if (BigInt(message.offset) >= p.end) break;
            await onRecord(batch.partition, message);
          }
        } catch (err) {
          fail(err);
          throw err;
        }
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
}

async function refreshLeaders(admin: Admin, topic: string, progress: Map<number, Progress>): Promise<void> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  for (const meta of topics.find((t) => t.name === topic)?.partitions ?? []) {
    const p = progress.get(meta.partitionId);
    if (p) p.leader = meta.leader;
  }
}
