import 'server-only';
import type { HeaderValue } from '../kafka/reliable-producer';
import {
  PROVENANCE_HEADERS,
  REPLAY_COUNT_HEADER,
  REPLAY_ID_HEADER,
  REPLAYED_AT_HEADER,
  REPLAYED_BY_HEADER,
  SOURCE_HEADER,
} from './provenance';

export interface PlainHeader {
  key: string;
  value: Buffer | null;
}

export interface Provenance {
  replayId: string;
  source: string;
  replayCount: number;
  replayedBy: string;
  replayedAt: number;
}

export interface HeaderPolicyResult {
  headers: Record<string, HeaderValue>;
  /** Null-valued headers left out: kafkajs cannot send them (it throws on a null header value). */
  droppedNull: number;
  stripped: number;
}

const PROVENANCE_NAMES: ReadonlySet<string> = new Set(PROVENANCE_HEADERS);

/**
 * The headers a replayed record is sent with: its own headers in order, without the DLQ error headers of its
 * convention when `strip` (their names in `errorHeaders`), without null values, and without earlier provenance,
 * which is replaced by this replay's.
 */
export function replayHeaders(
  own: readonly PlainHeader[],
  errorHeaders: ReadonlySet<string>,
  strip: boolean,
  provenance: Provenance,
): HeaderPolicyResult {
  const headers: Record<string, HeaderValue> = {};
  let droppedNull = 0;
  let stripped = 0;
  for (const { key, value } of own) {
    if (PROVENANCE_NAMES.has(key)) continue;
    if (strip && errorHeaders.has(key)) {
      stripped++;
      continue;
    }
    if (value === null) {
      droppedNull++;
      continue;
    }
    const existing = headers[key];
    if (existing === undefined) headers[key] = value;
    else headers[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  headers[REPLAY_ID_HEADER] = provenance.replayId;
  headers[SOURCE_HEADER] = provenance.source;
  headers[REPLAY_COUNT_HEADER] = String(provenance.replayCount);
  headers[REPLAYED_BY_HEADER] = provenance.replayedBy;
  headers[REPLAYED_AT_HEADER] = new Date(provenance.replayedAt).toISOString();
  return { headers, droppedNull, stripped };
}
