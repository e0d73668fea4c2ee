import 'server-only';
import { describePayload } from './payload';
import type { RawKafkaHeader, RawKafkaRecord } from './raw-record';
import type { Payload } from './types';

export interface HeaderOccurrences {
  /** The last occurrence on the wire: the one a decoded field uses. */
  last: RawKafkaHeader;
  lastIndex: number;
  count: number;
}

/** A raw record with what every adapter's detection needs, computed once. */
export interface RecordView {
  raw: RawKafkaRecord;
  headers: ReadonlyMap<string, HeaderOccurrences>;
  value: Payload;
  /** The value's parsed object or array when it is JSON. */
  valueJson: unknown;
}

export function buildRecordView(raw: RawKafkaRecord): RecordView {
  const headers = new Map<string, HeaderOccurrences>();
  raw.headers.forEach((header, index) => {
    const seen = headers.get(header.key);
    if (seen) {
      seen.last = header;
      seen.lastIndex = index;
      seen.count += 1;
    } else {
      headers.set(header.key, { last: header, lastIndex: index, count: 1 });
    }
  });
  const { payload, json } = describePayload(raw.value);
  return { raw, headers, value: payload, valueJson: json };
}
