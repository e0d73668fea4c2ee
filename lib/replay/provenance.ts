import 'server-only';
import { createHash } from 'node:crypto';

// Provenance headers on every replayed record: downstream consumers deduplicate by the replay id, and the replay
// count travels with the record, so a record that fails again and comes back to a DLQ still counts its replays.

export const REPLAY_ID_HEADER = 'dlqdesk-replay-id';
export const SOURCE_HEADER = 'dlqdesk-source';
export const REPLAY_COUNT_HEADER = 'dlqdesk-replay-count';
export const REPLAYED_BY_HEADER = 'dlqdesk-replayed-by';
export const REPLAYED_AT_HEADER = 'dlqdesk-replayed-at';

export const PROVENANCE_HEADERS = [
  REPLAY_ID_HEADER,
  SOURCE_HEADER,
  REPLAY_COUNT_HEADER,
  REPLAYED_BY_HEADER,
  REPLAYED_AT_HEADER,
] as const;

/** The same for a job and a record however often the job is resumed: what crash recovery looks for. */
export function replayId(jobId: string, recordId: string): string {
  return createHash('sha256').update(`${jobId}\n${recordId}`).digest('hex').slice(0, 32);
}

/** `topic/partition/offset` of the DLQ record. */
export function sourceOf(topic: string, partition: number, offset: string): string {
  return `${topic}/${partition}/${offset}`;
}

/** A replay count header's value, or 0 when absent or not a count. */
export function parseReplayCount(value: string | null | undefined): number {
  if (value === null || value === undefined || !/^\d{1,9}$/.test(value.trim())) return 0;
  return Number(value.trim());
}
