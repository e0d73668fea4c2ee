import 'server-only';
import type { JsonPatchOperation } from '../fix/json-patch';
import type { TargetOption } from './targets';

export interface ReplayJobOptions {
  target: TargetOption;
  partitioning: 'key' | 'original';
  patch: JsonPatchOperation[] | null;
  stripErrorHeaders: boolean;
  ratePerSecond: number;
  overrideMaxReplays: boolean;
}

export type JobStatus = 'running' | 'paused' | 'cancelling' | 'cancelled' | 'completed';

export interface JobTotals {
  selected: number;
  sent: number;
  succeeded: number;
  failed: number;
  skipped: number;
}

export interface JobView {
  id: string;
  status: JobStatus;
  createdBy: string;
  createdAt: number;
  finishedAt: number | null;
  dlqTopic: string;
  options: ReplayJobOptions;
  totals: JobTotals;
  failedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
  /** Records per second over the last few seconds. */
  ratePerSecond: number;
  etaSeconds: number | null;
  notes: string[];
}

export interface JobFailure {
  id: string;
  error: string;
  target: { topic: string; partition: number | null } | null;
}

/** Bytes as a fix draft keeps them. */
export type DraftBytes = { text: string } | { base64: string } | null;

/** A saved fix draft (the triage state service's shape): an absent field leaves that part as it is. */
export interface FixDraftLike {
  value?: DraftBytes;
  key?: DraftBytes;
  headers?: { key: string; value: string | null }[];
  targetTopic?: string;
}
