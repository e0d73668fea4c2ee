import 'server-only';

// Per-partition batches small enough for the broker: a batch over the topic's max.message.bytes (1 MiB
// by default, checked per record batch) is refused whole, so batches stay well below it.

export interface SizedItem {
  size: number;
}

/** Bytes a record adds to a batch, roughly: payloads plus the varint framing around them. */
export function recordSize(
  key: Buffer | string | null,
  value: Buffer | string | null,
  headers: Record<string, string | Buffer | (string | Buffer)[]>,
): number {
  let size = 24 + bytes(key) + bytes(value);
  // Called for every record a replay sends: no arrays per header.
  for (const name of Object.keys(headers)) {
    const raw = headers[name]!;
    const nameBytes = 8 + Buffer.byteLength(name);
    if (Array.isArray(raw)) for (const v of raw) size += nameBytes + bytes(v);
    else size += nameBytes + bytes(raw);
  }
  return size;
}

const bytes = (v: Buffer | string | null) => (v === null ? 0 : Buffer.byteLength(v));

/** Splits items (already in order) into consecutive batches bounded by bytes and count. */
export function intoBatches<T extends SizedItem>(items: T[], maxBytes: number, maxRecords: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length > 0 && (bytes + item.size > maxBytes || current.length >= maxRecords)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
