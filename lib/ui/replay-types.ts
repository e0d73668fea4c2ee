import type { JsonPatchOperation } from '@/lib/fix/json-patch';

// The replay, discard and fix-draft API shapes as the browser sees them (see the HTTP contract of the replay
// service).

/** lib/schemas/selection.ts as sent: ids, or the DLQ page's filter query string. */
export type SelectionRequest = { topic: string; ids: string[] } | { topic: string; filter: string };

// The job shapes are the server's own (type-only imports never reach the bundle).
import type { JobStatus } from '@/lib/replay/types';
export type { JobFailure, JobStatus, JobView } from '@/lib/replay/types';

export type ReplayTarget = { mode: 'original' } | { mode: 'topic'; topic: string };

export interface ReplayRequest {
  selection: SelectionRequest;
  target: ReplayTarget;
  partitioning: 'key' | 'original';
  patch?: JsonPatchOperation[];
  stripErrorHeaders: boolean;
  ratePerSecond: number;
  dryRun: boolean;
}

/** Bytes as text when they are UTF-8, else base64; null for a null key or value. */
export type SampleBytes = { text: string } | { base64: string } | null;

export interface DryRunSample {
  id: string;
  target: { topic: string; partition: number | null };
  key: SampleBytes;
  headers: { key: string; value: string }[];
  value: SampleBytes;
  /** Set when the payload changes (fix draft or patch). */
  diff: { before: SampleBytes; after: SampleBytes } | null;
}

export interface DryRun {
  total: number;
  byTarget: Record<string, number>;
  samples: DryRunSample[];
  skipped: Record<string, number>;
  /** Records that would fail (over the target's size limit, target not allowed...). */
  failed: Record<string, number>;
  notes: string[];
}

export type DraftPayload = { text: string } | { base64: string } | null;

export interface FixDraft {
  value?: DraftPayload;
  key?: DraftPayload;
  headers?: { key: string; value: string | null }[];
  targetTopic?: string;
  savedBy: string;
  savedAt: number;
}

export type FixDraftInput = Omit<FixDraft, 'savedBy' | 'savedAt'>;

export const isFinished = (status: JobStatus) => status === 'completed' || status === 'cancelled';
