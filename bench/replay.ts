import { Kafka, logLevel, type Admin, type Message } from 'kafkajs';
import {
  createReliableProducer,
  type HeaderValue,
  type ReliableRecord,
} from '../lib/kafka/reliable-producer';
import { HttpError, UNLIMITED_RATE, type AppClient } from './app';
import { kcatCopy } from './kcat';
import { scanTopic } from './kafka-scan';
import { ratePerSecond } from './stats';

export interface CopyRun {
  records: number;
  ms: number;
  recordsPerSecond: number;
}

interface JobView {
  id: string;
  status: 'running' | 'paused' | 'cancelling' | 'cancelled' | 'completed';
  createdAt: number;
  finishedAt: number | null;
  totals: { selected: number; sent: number; succeeded: number; failed: number; skipped: number };
  failedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
}

export const REPLAY_UNAVAILABLE = 'replay engine not available (POST /api/replays answers 404)';

const POLL_MS = 100;
const STALL_MS = 180_000;

function kafka(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'dlqdesk-bench-replay', brokers, logLevel: logLevel.NOTHING });
}

async function withAdmin<T>(brokers: string[], action: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka(brokers).admin();
  await admin.connect();
  try {
    return await action(admin);
  } finally {
    await admin.disconnect();
  }
}

/** A new target topic shaped like the DLQ (same partition count, replication factor 3, min.insync.replicas 2). */
export async function createTarget(brokers: string[], topic: string, partitions: number): Promise<void> {
  await withAdmin(brokers, (admin) =>
    admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: partitions,
          replicationFactor: 3,
          configEntries: [{ name: 'min.insync.replicas', value: '2' }],
        },
      ],
    }),
  );
}

export async function recordsIn(brokers: string[], topic: string): Promise<number> {
  return withAdmin(brokers, async (admin) =>
    (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0),
  );
}

function replayBody(dlq: string, target: string, dryRun: boolean) {
  return {
    selection: { topic: dlq, filter: '' },
    target: { mode: 'topic', topic: target },
    ratePerSecond: UNLIMITED_RATE,
    overrideMaxReplays: true,
    dryRun,
  };
}

/**
 * Whether a replay job can run here: a dry run answers 200; a build without the API answers 404. Any other answer
 * (a setting the bench relies on, such as the rate maximum, named differently) is the reason it cannot.
 */
export async function replayUnavailableReason(
  client: AppClient,
  dlq: string,
  target: string,
): Promise<string | null> {
  try {
    await client.json('/api/replays', { method: 'POST', body: replayBody(dlq, target, true) });
    return null;
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) return REPLAY_UNAVAILABLE;
    if (error instanceof HttpError) return `the replay dry run was refused: ${error.message}`;
    throw error;
  }
}

/**
 * One bulk replay job of the whole DLQ into `target` with the rate limit out of reach, polled until it finishes.
 * Timed by the job's own createdAt/finishedAt; every record must arrive.
 */
export async function replayJob(
  client: AppClient,
  brokers: string[],
  dlq: string,
  target: string,
): Promise<CopyRun> {
  const { job: created } = await client.json<{ job: JobView }>('/api/replays', {
    method: 'POST',
    body: replayBody(dlq, target, false),
  });
  let job = created;
  let progressAt = performance.now();
  let sent = 0;
  while (job.status !== 'completed' && job.status !== 'cancelled') {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    ({ job } = await client.json<{ job: JobView }>(`/api/replays/${encodeURIComponent(job.id)}`));
    if (job.totals.sent > sent) [sent, progressAt] = [job.totals.sent, performance.now()];
    else if (performance.now() - progressAt > STALL_MS)
      throw new Error(`replay job ${job.id} stalled: ${JSON.stringify(job)}`);
  }
  const { totals } = job;
  if (job.status !== 'completed' || totals.failed > 0 || totals.succeeded !== totals.selected)
    throw new Error(
      `replay job ${job.id} ${job.status}: ${JSON.stringify({ totals, failed: job.failedByReason, skipped: job.skippedByReason })}`,
    );
  const landed = await recordsIn(brokers, target);
  if (landed !== totals.succeeded)
    throw new Error(`replay job ${job.id}: ${landed} records in ${target}, ${totals.succeeded} succeeded`);
  const ms = (job.finishedAt ?? Date.now()) - job.createdAt;
  return { records: totals.succeeded, ms, recordsPerSecond: ratePerSecond(totals.succeeded, ms) };
}

/** `kcat -C | kcat -P` (acks=all, idempotent) copying the DLQ into `target`; every record must arrive. */
export async function kcatCopyRun(
  brokers: string[],
  dlq: string,
  target: string,
  expected: number,
): Promise<CopyRun> {
  const ms = await kcatCopy(brokers, dlq, target);
  const landed = await recordsIn(brokers, target);
  if (landed !== expected) throw new Error(`kcat copied ${landed} of ${expected} records from ${dlq}`);
  return { records: landed, ms, recordsPerSecond: ratePerSecond(landed, ms) };
}

/** Every record of the DLQ as a copy would send it (kafkajs cannot send null header values: they are dropped). */
export async function dlqRecords(brokers: string[], dlq: string): Promise<ReliableRecord[]> {
  const records: ReliableRecord[] = [];
  await scanTopic(brokers, dlq, (_partition, message) => {
    const headers: Record<string, HeaderValue> = {};
    for (const [name, value] of Object.entries(message.headers ?? {}))
      if (value !== undefined && value !== null) headers[name] = value;
    records.push({ topic: dlq, key: message.key, value: message.value, headers });
  });
  return records;
}

/** The reliable producer (lib/kafka) sending every record in one call: the library under the replay job. */
export async function reliableProducerRun(
  brokers: string[],
  records: ReliableRecord[],
  target: string,
): Promise<CopyRun> {
  const producer = createReliableProducer({ brokers, clientId: 'dlqdesk-bench-reliable' });
  try {
    const retargeted = records.map((record) => ({ ...record, topic: target }));
    await producer.send(retargeted.slice(0, 10));
    const started = performance.now();
    const results = await producer.send(retargeted);
    const ms = performance.now() - started;
    const failed = results.filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`reliable producer: ${failed} of ${records.length} records failed`);
    return { records: records.length, ms, recordsPerSecond: ratePerSecond(records.length, ms) };
  } finally {
    await producer.close();
  }
}

/** A loop awaiting one kafkajs send() per record (producer defaults, acks=-1). */
export async function naiveLoop(
  brokers: string[],
  records: ReliableRecord[],
  target: string,
): Promise<CopyRun> {
  const messages: Message[] = records.map(({ key, value, headers }) => ({ key, value, headers }));
  const producer = kafka(brokers).producer();
  await producer.connect();
  try {
    const started = performance.now();
    for (const message of messages) await producer.send({ topic: target, acks: -1, messages: [message] });
    const ms = performance.now() - started;
    return { records: messages.length, ms, recordsPerSecond: ratePerSecond(messages.length, ms) };
  } finally {
    await producer.disconnect();
  }
}
