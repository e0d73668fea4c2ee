import 'server-only';
import { isUtf8 } from 'node:buffer';
import type { Payload, PayloadKind } from './types';

/** Larger keys, values and header values are kept cut to this size; the rest stays in Kafka. */
export const MAX_STORED_BYTES = 1024 * 1024;

const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

export interface StoredBytes {
  text: string | null;
  base64: string | null;
  size: number;
  truncated: boolean;
  /** The bytes kept: the whole input, or a prefix of it when truncated. */
  kept: Buffer;
}

/** Keeps at most MAX_STORED_BYTES, as text when that is exact and readable, else as base64. */
export function storeBytes(bytes: Buffer): StoredBytes {
  const kept = keptBytes(bytes);
  const truncated = kept.length < bytes.length;
  const text = readableText(kept);
  return {
    text,
    base64: text === null ? kept.toString('base64') : null,
    size: bytes.length,
    truncated,
    kept,
  };
}

/** The bytes worth keeping: all of them, or the first MAX_STORED_BYTES cut at a character boundary. */
export function keptBytes(bytes: Buffer): Buffer {
  return bytes.length > MAX_STORED_BYTES ? bytes.subarray(0, utf8Boundary(bytes, MAX_STORED_BYTES)) : bytes;
}

/** Valid UTF-8 without control characters (tab, newlines and form feed allowed), else null. */
function readableText(bytes: Buffer): string | null {
  if (!isUtf8(bytes)) return null;
  const text = bytes.toString('utf8');
  return CONTROL_CHARACTER.test(text) ? null : text;
}

// Cutting inside a multi-byte character would turn a text value into an invalid UTF-8 one.
function utf8Boundary(bytes: Buffer, limit: number): number {
  let end = limit;
  while (end > limit - 3 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return end;
}

export interface DescribedPayload {
  payload: Payload;
  /** The parsed object or array when the payload is JSON, else undefined. Never part of a DlqRecord. */
  json: unknown;
}

/** Describes a key or value. Parsed JSON is returned beside the payload, never inside it: a
 * deeply nested value parses fine but makes JSON.stringify throw, and records must serialise. */
export function describePayload(bytes: Buffer | null): DescribedPayload {
  if (bytes === null) {
    return {
      payload: { kind: 'null', size: 0, truncated: false, text: null, base64: null, schemaId: null },
      json: undefined,
    };
  }
  const stored = storeBytes(bytes);
  const payload = (kind: PayloadKind, schemaId: number | null = null): Payload => ({
    kind,
    size: stored.size,
    truncated: stored.truncated,
    text: stored.text,
    base64: stored.base64,
    schemaId,
  });
  if (bytes.length === 0) return { payload: payload('empty'), json: undefined };
  if (stored.text !== null) {
    const json = stored.truncated ? undefined : parseJsonContainer(stored.text);
    return { payload: payload(json === undefined ? 'text' : 'json'), json };
  }
  const schemaId = schemaRegistryId(stored.kept);
  return {
    payload: schemaId === null ? payload('binary') : payload('schema-registry', schemaId),
    json: undefined,
  };
}

/** An object or array parsed from text, or undefined (scalars such as `42` are treated as text). */
function parseJsonContainer(text: string): unknown {
  const first = /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// Schema ids are positive: the registry starts counting at 1.
function schemaRegistryId(bytes: Buffer): number | null {
  if (bytes.length < 5 || bytes[0] !== 0) return null;
  const id = bytes.readInt32BE(1);
  return id > 0 ? id : null;
}

/** The bytes a payload keeps (a prefix when truncated); null for a null payload. */
export function payloadBytes(payload: Pick<Payload, 'text' | 'base64'>): Buffer | null {
  if (payload.text !== null) return Buffer.from(payload.text, 'utf8');
  if (payload.base64 !== null) return Buffer.from(payload.base64, 'base64');
  return null;
}
