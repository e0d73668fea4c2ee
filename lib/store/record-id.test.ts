import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, filterHash } from './cursor';
import { InvalidCursorError, InvalidRecordIdError } from './errors';
import { ftsQuery } from './fts-query';
import { parseRecordId, recordId } from './record-id';

describe('record ids', () => {
  it('round-trip DLQ coordinates', () => {
    expect(recordId('orders.DLT', 3, '1234')).toBe('orders.DLT~3~1234');
    expect(parseRecordId('orders.DLT~3~1234')).toEqual({ topic: 'orders.DLT', partition: 3, offset: '1234' });
    expect(parseRecordId('a-b_c.d~0~0')).toEqual({ topic: 'a-b_c.d', partition: 0, offset: '0' });
    expect(parseRecordId(`t~2147483647~9223372036854775807`).offset).toBe('9223372036854775807');
  });

  it('refuse anything else', () => {
    const bad = [
      '',
      'orders.DLT',
      'orders.DLT~3',
      'orders.DLT~3~',
      '~3~4',
      'orders.DLT~-1~4',
      'orders.DLT~3~-4',
      'orders.DLT~03~4',
      'orders.DLT~3~04',
      'orders.DLT~3~4~5',
      'orders DLT~3~4',
      'orders/DLT~3~4',
      '../etc~1~1',
      '.~1~1',
      '..~1~1',
      `${'a'.repeat(250)}~1~1`,
      't~2147483648~1',
      't~1~9223372036854775808',
      't~1~1.5',
      't~1~1e3',
      't~ 1~1',
      't~1~1\n',
      'ö~1~1',
    ];
    for (const id of bad) expect(() => parseRecordId(id), id).toThrow(InvalidRecordIdError);
    expect(() => recordId('bad topic', 1, '1')).toThrow(InvalidRecordIdError);
  });
});

describe('cursors', () => {
  it('carry a rid for one filter and order', () => {
    const hash = filterHash('t', { status: ['replayed', 'failed'] });
    const cursor = encodeCursor(1234567890123456789n, 'newest', hash);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'newest', hash)).toBe(1234567890123456789n);
    expect(filterHash('t', { status: ['failed', 'replayed'], group: [], key: undefined })).toBe(hash);
    expect(() => decodeCursor(cursor, 'oldest', hash)).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor, 'newest', filterHash('t', {}))).toThrow(InvalidCursorError);
    expect(() => decodeCursor(cursor, 'newest', filterHash('u', { status: ['replayed', 'failed'] }))).toThrow(
      InvalidCursorError,
    );
  });
});

describe('full text queries', () => {
  it('quote every term and keep trailing * as a prefix', () => {
    expect(ftsQuery('payment failed')).toBe('"payment" "failed"');
    expect(ftsQuery('a AND b')).toBe('"a" "AND" "b"');
    expect(ftsQuery('say "hi"')).toBe('"say" """hi"""');
    expect(ftsQuery('ord-12*')).toBe('"ord-12"*');
    expect(ftsQuery('NEAR(a b)')).toBe('"NEAR(a" "b)"');
    expect(ftsQuery('key:x')).toBe('"key:x"');
    expect(ftsQuery(' * ** ( ) - " 🔥 ')).toBeNull();
    expect(ftsQuery('Ωmega 日本')).toBe('"Ωmega" "日本"');
  });
});
