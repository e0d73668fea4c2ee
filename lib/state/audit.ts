import 'server-only';
import { randomUUID } from 'node:crypto';
import { getKafka } from '../kafka/client';
import { createReliableProducer, type ReliableProducer } from '../kafka/reliable-producer';
import { ensureTopic } from './ensure-topic';

// The audit trail lives in Kafka, like the rest of the triage state: append-only, one partition so that the
// order of events is the order they were written in, and kept for a year. Each event is written with acks=all
// through the reliable producer; callers await it, so an action whose audit entry could not be written fails.

export const AUDIT_TOPIC = '_dlqdesk-audit';

const RETENTION_MS = 365 * 24 * 3600 * 1000;

export const auditActions = [
  'login',
  'login-failed',
  'logout',
  'logout-everywhere',
  'replay-created',
  'replay-paused',
  'replay-resumed',
  'replay-cancelled',
  'replay-finished',
  'discard',
  'fix-saved',
  'fix-deleted',
  'bulk-fix-saved',
  'masked-value-viewed',
] as const;

export type AuditAction = (typeof auditActions)[number];

export interface AuditEvent {
  actor: string;
  action: AuditAction;
  target?: string;
  count?: number;
  detail?: Record<string, unknown>;
}

export interface AuditEntry extends AuditEvent {
  /** Milliseconds since the epoch, stamped when the event was appended. */
  at: number;
  /** `<partition>~<offset>` in the audit topic. */
  id: string;
}

export class AuditWriteError extends Error {
  override name = 'AuditWriteError';
}

const globalForAudit = globalThis as typeof globalThis & {
  __dlqdeskAuditProducer?: ReliableProducer;
  __dlqdeskAuditTopic?: Promise<void>;
};

/** Creates the audit topic when it is missing (once per process; retried after a failure). */
export function ensureAuditTopic(): Promise<void> {
  globalForAudit.__dlqdeskAuditTopic ??= createAuditTopic().catch((err: unknown) => {
    globalForAudit.__dlqdeskAuditTopic = undefined;
    throw err;
  });
  return globalForAudit.__dlqdeskAuditTopic;
}

async function createAuditTopic(): Promise<void> {
  const admin = getKafka().admin();
  await admin.connect();
  try {
    await ensureTopic(admin, AUDIT_TOPIC, {
      configs: { 'cleanup.policy': 'delete', 'retention.ms': String(RETENTION_MS) },
    });
  } finally {
    await admin.disconnect();
  }
}

function producer(): ReliableProducer {
  globalForAudit.__dlqdeskAuditProducer ??= createReliableProducer({
    clientId: 'dlq-desk-audit',
    deliveryTimeoutMs: 30_000,
  });
  return globalForAudit.__dlqdeskAuditProducer;
}

/** Appends one event; resolves once the cluster acknowledged it (acks=all), throws AuditWriteError otherwise. */
export async function appendAudit(event: AuditEvent): Promise<void> {
  await ensureAuditTopic();
  const entry = { at: Date.now(), ...event };
  const [result] = await producer().send([
    { topic: AUDIT_TOPIC, key: event.actor, value: JSON.stringify(entry) },
  ]);
  if (!result?.ok) {
    throw new AuditWriteError(
      `audit event ${event.action} not written: ${result ? `${result.errorName} ${result.message}` : 'no result'}`,
    );
  }
}

/** Closes the shared producer (server shutdown). */
export async function closeAudit(): Promise<void> {
  const p = globalForAudit.__dlqdeskAuditProducer;
  globalForAudit.__dlqdeskAuditProducer = undefined;
  globalForAudit.__dlqdeskAuditTopic = undefined;
  await p?.close();
}

export interface AuditFilter {
  user?: string;
  action?: AuditAction;
  /** Inclusive bounds, milliseconds since the epoch. */
  from?: number;
  to?: number;
  /** Keep at most this many entries: the newest that match (default 1,000). */
  limit?: number;
  /** Give up reading after this long and answer with what was read (default 30 s). */
  timeoutMs?: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** More entries matched than the limit kept. */
  truncated: boolean;
  /** The read stopped at the time bound before the end of the topic. */
  incomplete: boolean;
}

function parseEntry(partition: number, offset: string, value: Buffer | null): AuditEntry | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value.toString('utf8')) as Partial<AuditEntry>;
    if (
      typeof parsed.actor !== 'string' ||
      typeof parsed.action !== 'string' ||
      typeof parsed.at !== 'number'
    )
      return null;
    return { ...(parsed as AuditEntry), id: `${partition}~${offset}` };
  } catch {
    return null;
  }
}

const offsetOf = (entry: AuditEntry) => Number(entry.id.split('~')[1]);

function matches(entry: AuditEntry, filter: AuditFilter): boolean {
  return (
    (filter.user === undefined || entry.actor === filter.user) &&
    (filter.action === undefined || entry.action === filter.action) &&
    (filter.from === undefined || entry.at >= filter.from) &&
    (filter.to === undefined || entry.at <= filter.to)
  );
}

/**
 * Reads the audit topic from its beginning up to its end as of the call, keeping the newest `limit` matching
 * entries. Memory stays bounded by the limit; time by `timeoutMs`.
 */
export async function readAudit(filter: AuditFilter = {}): Promise<AuditPage> {
  const limit = filter.limit ?? 1000;
  const kafka = getKafka();
  const admin = kafka.admin();
  await admin.connect();
  let ends: Map<number, bigint>;
  try {
    if (!(await admin.listTopics()).includes(AUDIT_TOPIC))
      return { entries: [], truncated: false, incomplete: false };
    const offsets = await admin.fetchTopicOffsets(AUDIT_TOPIC);
    ends = new Map(
      offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]),
    );
  } finally {
    await admin.disconnect();
  }
  const kept: AuditEntry[] = [];
  let matched = 0;
  if (ends.size === 0) return { entries: [], truncated: false, incomplete: false };

  const consumer = kafka.consumer({
    groupId: `dlq-desk-audit-reader-${randomUUID()}`,
    maxWaitTimeInMs: 500,
    allowAutoTopicCreation: false,
  });
  let incomplete = false;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [AUDIT_TOPIC], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        incomplete = true;
        resolve();
      }, filter.timeoutMs ?? 30_000);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const end = ends.get(batch.partition);
            for (const message of batch.messages) {
              if (end === undefined || BigInt(message.offset) >= end) break;
              const entry = parseEntry(batch.partition, message.offset, message.value);
              if (entry && matches(entry, filter)) {
                matched++;
                kept.push(entry);
                if (kept.length >= 2 * limit) kept.splice(0, kept.length - limit);
              }
            }
            const last = batch.messages[batch.messages.length - 1];
            if (end !== undefined && last && BigInt(last.offset) + 1n >= end) ends.delete(batch.partition);
            if (ends.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch((err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof Error ? err : new Error(String(err)));
        });
    });
  } finally {
    await consumer.disconnect();
  }
  const newest = kept.slice(-limit).sort((a, b) => b.at - a.at || offsetOf(b) - offsetOf(a));
  return { entries: newest, truncated: matched > newest.length, incomplete };
}
