import 'server-only';
import { applyJsonPatchToText } from '../fix/json-patch';
import type { RawKafkaRecord } from '../dlq/raw-record';
import { payloadBytes } from '../dlq/payload';
import type { Payload } from '../dlq/types';
import type { ReliableRecord } from '../kafka/reliable-producer';
import type { ReplayRecord } from '../store';
import { replayHeaders, type PlainHeader } from './header-policy';
import { keyPartition } from './key-partition';
import { parseReplayCount, REPLAY_COUNT_HEADER, replayId, sourceOf } from './provenance';
import { chooseTarget } from './targets';
import type { DraftBytes, FixDraftLike, ReplayJobOptions } from './types';

export interface PlanContext {
  jobId: string;
  actor: string;
  now: number;
  options: ReplayJobOptions;
  maxReplays: number;
  isAllowed(topic: string): boolean;
  /** The topic's partition count; null when it does not exist. */
  partitionsOf(topic: string): Promise<number | null>;
  /** The DLQ record as it is in Kafka, for values the index keeps only a prefix of; null when it is gone. */
  fetchRaw(topic: string, partition: number, offset: string): Promise<RawKafkaRecord | null>;
}

export type SkipReason =
  'record-gone' | 'discarded' | 'max-replays-reached' | 'no-origin-topic' | 'patch-not-applicable';

export type PlannedRecord =
  | {
      kind: 'send';
      id: string;
      replayId: string;
      record: ReliableRecord & { partition: number };
      /** The value before the fix, for the dry run's diff. */
      before: Buffer | null;
      droppedNull: number;
      /** Fell back to key partitioning: the original partition is unknown or the target has fewer. */
      partitionFallback: boolean;
    }
  | { kind: 'skip'; id: string; reason: SkipReason; detail?: string }
  | {
      kind: 'fail';
      id: string;
      target: { topic: string; partition: number | null } | null;
      errorName: string;
      message: string;
    };

function draftBytes(bytes: DraftBytes): Buffer | null {
  if (bytes === null) return null;
  return 'text' in bytes ? Buffer.from(bytes.text, 'utf8') : Buffer.from(bytes.base64, 'base64');
}

function storedBytes(payload: Payload): Buffer | null {
  return payload.kind === 'null' ? null : (payloadBytes(payload) ?? Buffer.alloc(0));
}

/** What one record of a job becomes: a record to send, a skip with its reason, or a failure that sending cannot cure. */
export async function planRecord(
  id: string,
  stored: ReplayRecord | null,
  draft: FixDraftLike | null,
  ctx: PlanContext,
): Promise<PlannedRecord> {
  if (!stored) return { kind: 'skip', id, reason: 'record-gone' };
  if (stored.status === 'discarded') return { kind: 'skip', id, reason: 'discarded' };
  const { record } = stored;
  const { options } = ctx;

  const countHeader = record.headers.find((h) => h.key === REPLAY_COUNT_HEADER);
  const previous = Math.max(stored.replayCount, parseReplayCount(countHeader?.text));
  if (previous >= ctx.maxReplays && !options.overrideMaxReplays) {
    return {
      kind: 'skip',
      id,
      reason: 'max-replays-reached',
      detail: `replayed ${previous} times`,
    };
  }

  const choice = chooseTarget(options.target, record.origin.topic, draft?.targetTopic);
  if ('skip' in choice) return { kind: 'skip', id, reason: choice.skip };
  const topic = choice.topic;
  if (!ctx.isAllowed(topic)) {
    return {
      kind: 'fail',
      id,
      target: { topic, partition: null },
      errorName: 'TARGET_NOT_ALLOWED',
      message: `topic ${topic} is not in the replay allowlist`,
    };
  }
  const partitions = await ctx.partitionsOf(topic);
  if (partitions === null) {
    return {
      kind: 'fail',
      id,
      target: { topic, partition: null },
      errorName: 'UNKNOWN_TOPIC_OR_PARTITION',
      message: `topic ${topic} does not exist`,
    };
  }

  // JSON envelopes wrap the original key and value; other conventions keep them as the record's own.
  const keyPayload = record.origin.key ?? record.key;
  const valuePayload = record.origin.value ?? record.value;
  const wrapped = record.origin.value !== null;
  const useOwnHeaders = draft?.headers === undefined;
  const needsKafka =
    (draft?.key === undefined && keyPayload.truncated) ||
    (draft?.value === undefined && valuePayload.truncated) ||
    (useOwnHeaders && record.headers.some((h) => h.truncated));

  let key = storedBytes(keyPayload);
  let before = storedBytes(valuePayload);
  let ownHeaders: PlainHeader[] = record.headers.map((h) => ({
    key: h.key,
    value: h.text === null && h.base64 === null ? null : payloadBytes(h),
  }));
  if (needsKafka) {
    if (wrapped || record.origin.key !== null) {
      return {
        kind: 'fail',
        id,
        target: { topic, partition: null },
        errorName: 'VALUE_TRUNCATED',
        message: 'the wrapped original value is larger than the index keeps; save a fix draft to replay it',
      };
    }
    const raw = await ctx.fetchRaw(record.dlq.topic, record.dlq.partition, record.dlq.offset);
    if (!raw) return { kind: 'skip', id, reason: 'record-gone' };
    key = raw.key;
    before = raw.value;
    ownHeaders = raw.headers;
  }

  let value = before;
  if (draft?.value !== undefined) value = draftBytes(draft.value);
  else if (options.patch) {
    try {
      if (before === null) throw new Error('the value is null');
      value = Buffer.from(JSON.stringify(applyJsonPatchToText(before.toString('utf8'), options.patch)));
    } catch (err) {
      return {
        kind: 'skip',
        id,
        reason: 'patch-not-applicable',
        detail: err instanceof Error ? err.message : String(err),
      };
    }
  }
  if (draft?.key !== undefined) key = draftBytes(draft.key);
  const headerSource: PlainHeader[] = useOwnHeaders
    ? ownHeaders
    : draft.headers!.map((h) => ({ key: h.key, value: h.value === null ? null : Buffer.from(h.value) }));

  const rid = replayId(ctx.jobId, id);
  const original = record.origin.partition;
  const byOriginal = options.partitioning === 'original' && original !== null && original < partitions;
  const partition = byOriginal ? original : keyPartition(key ?? Buffer.from(rid), partitions);
  const errorHeaders = new Set(stored.conventionHeaderKeys);
  const { headers, droppedNull } = replayHeaders(headerSource, errorHeaders, options.stripErrorHeaders, {
    replayId: rid,
    source: sourceOf(record.dlq.topic, record.dlq.partition, record.dlq.offset),
    replayCount: previous + 1,
    replayedBy: ctx.actor,
    replayedAt: ctx.now,
  });
  // No timestamp: the broker stamps the replay's time. The original one may be older than the target's
  // retention, which would delete the replayed record at the next clean-up.
  return {
    kind: 'send',
    id,
    replayId: rid,
    record: { topic, partition, key, value, headers },
    before,
    droppedNull,
    partitionFallback: options.partitioning === 'original' && !byOriginal,
  };
}
