// Header value encodings used by the JVM frameworks (java.nio.ByteBuffer is big-endian).

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export function int32BE(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeInt32BE(value);
  return bytes;
}

export function int64BE(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigInt64BE(BigInt(value));
  return bytes;
}

/** java.math.BigInteger#toByteArray: minimal two's-complement big-endian bytes (Spring retry topics). */
export function bigIntegerBytes(value: number): Buffer {
  let hex = BigInt(value).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** Zig-zag varint as used by Avro longs and Kafka record fields. */
export function zigzagVarint(value: number): Buffer {
  return unsignedVarint(value >= 0 ? value * 2 : -value * 2 - 1);
}

/** Unsigned varint as used by Protobuf tags and lengths. */
export function unsignedVarint(value: number): Buffer {
  let rest = value;
  const bytes: number[] = [];
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}
