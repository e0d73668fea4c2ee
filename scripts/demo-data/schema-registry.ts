import { unsignedVarint, utf8, zigzagVarint } from './binary';

// Confluent Schema Registry wire format: magic byte 0, a 4-byte big-endian schema id, then the payload.
function wire(schemaId: number, payload: Buffer[]): Buffer {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, ...payload]);
}

export type AvroField = string | number | boolean | null;

/**
 * Avro binary for a record whose schema is the given field order: strings, longs, booleans, and
 * nullable unions written as `["null", T]` (branch index 0 for null, 1 otherwise).
 */
export function avroWire(
  schemaId: number,
  fields: ReadonlyArray<{ value: AvroField; nullable?: boolean }>,
): Buffer {
  const parts: Buffer[] = [];
  for (const { value, nullable } of fields) {
    if (nullable) parts.push(zigzagVarint(value === null ? 0 : 1));
    if (value === null) continue;
    if (typeof value === 'string') {
      const bytes = utf8(value);
      parts.push(zigzagVarint(bytes.length), bytes);
    } else if (typeof value === 'number') {
      parts.push(zigzagVarint(value));
    } else {
      parts.push(Buffer.from([value ? 1 : 0]));
    }
  }
  return wire(schemaId, parts);
}

/** Protobuf in the wire format: message index list [0] (one zero byte), then string/varint fields. */
export function protobufWire(schemaId: number, fields: ReadonlyArray<string | number>): Buffer {
  const parts: Buffer[] = [Buffer.from([0])];
  fields.forEach((value, index) => {
    const field = index + 1;
    if (typeof value === 'string') {
      const bytes = utf8(value);
      parts.push(unsignedVarint((field << 3) | 2), unsignedVarint(bytes.length), bytes);
    } else {
      parts.push(unsignedVarint(field << 3), unsignedVarint(value));
    }
  });
  return wire(schemaId, parts);
}
