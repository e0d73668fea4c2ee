import 'server-only';
import type { DlqFormat, DlqRecord, PayloadKind } from '../dlq/types';

export const RECORD_STATUSES = ['unresolved', 'replayed', 'discarded', 'failed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** Every field is optional; arrays match any of their values; fields combine with AND. */
export interface RecordFilter {
  /** Error group ids (DlqRecord.errorGroup.id). */
  group?: readonly string[];
  /** Error class names; null matches records without one. */
  errorClass?: readonly (string | null)[];
  /** Origin topics; null matches records whose origin is unknown. */
  originTopic?: readonly (string | null)[];
  /** Partitions of the DLQ topic itself. */
  partition?: readonly number[];
  /** DLQ record time in ms since the epoch, inclusive. With from or to, records without a timestamp never match. */
  from?: number;
  /** Exclusive. */
  to?: number;
  /**
   * The DLQ record's key: exact match, or a prefix match when it ends with `*` (`order-12*`).
   * Text keys match their text, binary keys their base64. Only the first KEY_CHARS characters count.
   */
  key?: string;
  /** Full text over key, error message and cause, and the first VALUE_TEXT_CHARS of the value text. */
  q?: string;
  status?: readonly RecordStatus[];
  format?: readonly DlqFormat[];
}

export type SortOrder = 'newest' | 'oldest';

export interface PageOptions {
  cursor?: string;
  /** 1..MAX_PAGE_SIZE, default DEFAULT_PAGE_SIZE. */
  limit?: number;
  /** Default newest first. */
  order?: SortOrder;
}

export interface RecordRow {
  id: string;
  /** DLQ record time in ms; null when the broker reported none. */
  time: number | null;
  partition: number;
  offset: string;
  originTopic: string | null;
  originPartition: number | null;
  originOffset: string | null;
  /** Key text, or base64 for binary keys (see keyKind); cut to a preview. */
  keyPreview: string | null;
  keyKind: PayloadKind;
  errorClass: string | null;
  messagePreview: string | null;
  groupId: string;
  status: RecordStatus;
  replayCount: number;
  format: DlqFormat;
}

/**
 * A count that is exact unless the filter has `q` or `key` and more than COUNT_CAP records are
 * candidates for it: then `value` is COUNT_CAP and `exact` is false ("more than").
 */
export interface Count {
  value: number;
  exact: boolean;
}

export interface RecordPage {
  rows: RecordRow[];
  /** null on the last page. */
  nextCursor: string | null;
  total: Count;
}

export interface FacetValue<T> {
  value: T;
  count: number;
}

export interface GroupFacetValue extends FacetValue<string> {
  title: string;
}

/** Each facet is counted with every filter except its own, so the other choices stay visible. */
export interface Facets {
  group: GroupFacetValue[];
  errorClass: FacetValue<string | null>[];
  originTopic: FacetValue<string | null>[];
  partition: FacetValue<number>[];
  status: FacetValue<RecordStatus>[];
  format: FacetValue<DlqFormat>[];
  /** False when `q` or `key` had more than COUNT_CAP candidates: counts then cover the newest COUNT_CAP. */
  exact: boolean;
}

export interface HistogramOptions {
  from: number;
  to: number;
  /** The most buckets wanted (1..MAX_BUCKETS); the width is rounded up to a whole unit (1m, 2m, 5m, 10m, ..., 1d). */
  buckets: number;
}

export interface Histogram {
  bucketMs: number;
  /** Buckets are aligned to multiples of bucketMs (UTC), so the first and last may reach beyond from/to. */
  buckets: { start: number; count: number }[];
  exact: boolean;
}

export interface ErrorGroupSummary {
  id: string;
  title: string;
  /** The error class of the first record seen in the group. */
  errorClass: string | null;
  count: number;
  firstSeen: number | null;
  lastSeen: number | null;
  /** The newest record of the group. */
  sampleId: string;
}

export interface DlqSummary {
  topic: string;
  records: number;
  unresolved: number;
  newestRecordTime: number | null;
  lastHour: number;
  topGroups: { id: string; title: string; count: number }[];
}

export interface HistoryEntry {
  at: number;
  action: string;
  actor: string;
  detail: string | null;
  status: RecordStatus;
}

export interface StatusChange extends HistoryEntry {
  /** The event's id in the durable state topic; an id seen before is ignored, so replaying the topic is safe. */
  eventId?: string;
}

/** `pending`: the record is not indexed yet; the change is kept and applied when it arrives. */
export type StatusOutcome = 'applied' | 'pending' | 'duplicate';

export interface StoredRecord {
  id: string;
  record: DlqRecord;
  status: RecordStatus;
  replayCount: number;
  history: HistoryEntry[];
}

/**
 * A record as a replay reads it (DlqIndex.getReplayRecords): without its error analysis, and without the headers
 * its convention defines unless they were asked for.
 */
export type RecordCore = Omit<DlqRecord, 'error' | 'errorGroup' | 'warnings'>;

export interface ReplayRecord {
  id: string;
  record: RecordCore;
  /** The keys of the headers the record's convention defines (the DLQ error headers a replay strips). */
  conventionHeaderKeys: string[];
  status: RecordStatus;
  replayCount: number;
}

export interface PartitionProgress {
  partition: number;
  /** The offset to resume consuming from. */
  nextOffset: string;
}
