// Whether a fixed record still fits its target topic. The broker checks max.message.bytes against the whole record
// batch, so the estimate adds the batch and per-record framing (v2 format: 61-byte batch header, up to ~21 bytes of
// varints per record and ~10 per header) to the key, value and header bytes. Kafka's default limit is 1048588.

export const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
const BATCH_OVERHEAD = 61;
const RECORD_OVERHEAD = 21;
const HEADER_OVERHEAD = 10;

/** UTF-8 length of a string without encoding it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export interface RecordBytes {
  /** Bytes of the key and value; null for an absent key or a tombstone. */
  key: number | null;
  value: number | null;
  headers: { key: string; value: string | null }[];
}

export function recordBatchSize(record: RecordBytes): number {
  let size = BATCH_OVERHEAD + RECORD_OVERHEAD + (record.key ?? 0) + (record.value ?? 0);
  for (const h of record.headers) {
    size += HEADER_OVERHEAD + utf8Length(h.key) + (h.value === null ? 0 : utf8Length(h.value));
  }
  return size;
}

export interface SizeCheck {
  bytes: number;
  limit: number;
  fits: boolean;
}

export function checkRecordSize(record: RecordBytes, maxMessageBytes: number | null): SizeCheck {
  const limit = maxMessageBytes ?? KAFKA_DEFAULT_MAX_MESSAGE_BYTES;
  const bytes = recordBatchSize(record);
  return { bytes, limit, fits: bytes <= limit };
}
