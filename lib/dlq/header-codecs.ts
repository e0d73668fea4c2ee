import 'server-only';
import { isUtf8 } from 'node:buffer';
import type { HeaderEncoding } from './types';

export interface DecodedHeader {
  /** null when the bytes do not fit the encoding. */
  value: string | number | null;
  /** Why the value is null or lossy; null when the bytes were as the convention defines them. */
  problem: string | null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
// BigInteger.toByteArray() of any long needs at most 8 bytes; one more allows a sign byte.
const MAX_BIGINT_BYTES = 9;

/** Decodes a non-null header value as a DLQ convention defines it. */
export function decodeHeaderValue(bytes: Buffer, encoding: HeaderEncoding): DecodedHeader {
  switch (encoding) {
    case 'bytes':
      return { value: null, problem: null };
    case 'utf8':
      return isUtf8(bytes)
        ? { value: bytes.toString('utf8'), problem: null }
        : {
            value: bytes.toString('utf8'),
            problem: 'not valid UTF-8; undecodable bytes replaced with U+FFFD',
          };
    case 'decimal-int':
      return decimal(bytes, BigInt(INT32_MIN), BigInt(INT32_MAX), 'a 32-bit integer', Number);
    case 'decimal-long':
      return decimal(bytes, INT64_MIN, INT64_MAX, 'a 64-bit integer', String);
    case 'int32-be':
      return bytes.length === 4 ? { value: bytes.readInt32BE(0), problem: null } : wrongLength(bytes, '4');
    case 'int64-be':
      return bytes.length === 8
        ? { value: bytes.readBigInt64BE(0).toString(), problem: null }
        : wrongLength(bytes, '8');
    case 'int32-be-or-byte':
      if (bytes.length === 4) return { value: bytes.readInt32BE(0), problem: null };
      if (bytes.length === 1) return { value: bytes.readInt8(0), problem: null };
      return wrongLength(bytes, '4 (or 1)');
    case 'bigint-be':
      return bytes.length >= 1 && bytes.length <= MAX_BIGINT_BYTES
        ? { value: signedBigEndian(bytes).toString(), problem: null }
        : wrongLength(bytes, `1 to ${MAX_BIGINT_BYTES}`);
  }
}

function wrongLength(bytes: Buffer, expected: string): DecodedHeader {
  return { value: null, problem: `expected ${expected} bytes, got ${bytes.length}` };
}

function decimal<T extends string | number>(
  bytes: Buffer,
  min: bigint,
  max: bigint,
  what: string,
  convert: (n: bigint) => T,
): DecodedHeader {
  const text = bytes.length <= 24 && isUtf8(bytes) ? bytes.toString('utf8') : null;
  if (text === null || !/^-?\d{1,20}$/.test(text)) {
    return { value: null, problem: `expected ${what} as decimal text` };
  }
  const n = BigInt(text);
  if (n < min || n > max) return { value: null, problem: `${text} is out of range for ${what}` };
  return { value: convert(n), problem: null };
}

// Two's complement, as java.math.BigInteger.toByteArray() writes it.
function signedBigEndian(bytes: Buffer): bigint {
  let n = 0n;
  for (const byte of bytes) n = (n << 8n) | BigInt(byte);
  const first = bytes[0] ?? 0;
  return first & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/** Epoch milliseconds from an int64 decimal string; null for Kafka's "no timestamp" (-1) and
 * anything outside what a Date can hold. */
export function epochMillis(value: string | number | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 && n <= 8.64e15 ? n : null;
}
