import 'server-only';
import { createHash } from 'node:crypto';
import { InvalidCursorError } from './errors';
import type { RecordFilter, SortOrder } from './types';

/*
 * A cursor is the rid of the last row served (see rid.ts), with the order and a hash of the
 * topic and filter it belongs to, as base64url JSON. Clients treat it as opaque; a cursor used
 * with another filter or order is refused rather than silently paging something else.
 */

const MAX_CURSOR_CHARS = 200;
const VERSION = 1;

export function filterHash(topic: string, filter: RecordFilter): string {
  const canonical = Object.entries(filter)
    .filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
    .map(([name, value]) => [name, Array.isArray(value) ? [...value].map(String).sort() : value])
    .sort(([a], [b]) => String(a).localeCompare(String(b)));
  return createHash('sha256')
    .update(JSON.stringify([topic, canonical]))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(rid: bigint, order: SortOrder, hash: string): string {
  return Buffer.from(JSON.stringify([VERSION, order, rid.toString(), hash])).toString('base64url');
}

export function decodeCursor(cursor: string, order: SortOrder, hash: string): bigint {
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError('not a cursor');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not a cursor');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 4 ||
    parsed[0] !== VERSION ||
    typeof parsed[2] !== 'string' ||
    !/^-?[0-9]{1,19}$/.test(parsed[2])
  ) {
    throw new InvalidCursorError('not a cursor');
  }
  if (parsed[1] !== order || parsed[3] !== hash) {
    throw new InvalidCursorError('it belongs to another filter or order; start again without it');
  }
  return BigInt(parsed[2]);
}
