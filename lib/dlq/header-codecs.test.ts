import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, epochMillis } from './header-codecs';
import { bytes } from './test-records';

describe('decodeHeaderValue', () => {
  it('decodes big-endian ints and longs as Java writes them', () => {
    expect(decodeHeaderValue(bytes(0x7f, 0xff, 0xff, 0xff), 'int32-be')).toEqual({
      value: 2147483647,
      problem: null,
    });
    expect(decodeHeaderValue(bytes(0xff, 0xff, 0xff, 0xfe), 'int32-be').value).toBe(-2);
    expect(decodeHeaderValue(bytes(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 'int64-be').value).toBe(
      '9223372036854775807',
    );
    expect(decodeHeaderValue(bytes(0x80, 0, 0, 0, 0, 0, 0, 0), 'int64-be').value).toBe(
      '-9223372036854775808',
    );
  });

  it('refuses wrong lengths', () => {
    expect(decodeHeaderValue(bytes(1, 2, 3, 4, 5), 'int32-be')).toEqual({
      value: null,
      problem: 'expected 4 bytes, got 5',
    });
    expect(decodeHeaderValue(Buffer.alloc(0), 'int64-be').problem).toBe('expected 8 bytes, got 0');
    expect(decodeHeaderValue(Buffer.alloc(10), 'bigint-be').problem).toBe('expected 1 to 9 bytes, got 10');
  });

  it('decodes BigInteger.toByteArray() two’s complement of any length', () => {
    expect(decodeHeaderValue(bytes(0x01), 'bigint-be').value).toBe('1');
    expect(decodeHeaderValue(bytes(0xff), 'bigint-be').value).toBe('-1');
    expect(decodeHeaderValue(bytes(0x00, 0xff), 'bigint-be').value).toBe('255');
    expect(decodeHeaderValue(bytes(0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00), 'bigint-be').value).toBe(
      '1700000000000',
    );
  });

  it('decodes decimal text within range', () => {
    expect(decodeHeaderValue(Buffer.from('-12'), 'decimal-int').value).toBe(-12);
    expect(decodeHeaderValue(Buffer.from('2147483648'), 'decimal-int')).toEqual({
      value: null,
      problem: '2147483648 is out of range for a 32-bit integer',
    });
    expect(decodeHeaderValue(Buffer.from('00042'), 'decimal-long').value).toBe('42');
    expect(decodeHeaderValue(Buffer.from(' 4'), 'decimal-long').value).toBeNull();
    expect(decodeHeaderValue(Buffer.from('9'.repeat(5000)), 'decimal-long').value).toBeNull();
  });

  it('decodes text lossily when it is not UTF-8, and leaves raw bytes undecoded', () => {
    expect(decodeHeaderValue(bytes(0x61, 0x80), 'utf8')).toEqual({
      value: 'a\ufffd',
      problem: 'not valid UTF-8; undecodable bytes replaced with U+FFFD',
    });
    expect(decodeHeaderValue(bytes(1, 2), 'bytes')).toEqual({ value: null, problem: null });
  });
});

describe('epochMillis', () => {
  it('accepts times a Date can hold and nothing else', () => {
    expect(epochMillis('1700000000000')).toBe(1700000000000);
    expect(epochMillis('-1')).toBeNull();
    expect(epochMillis('9223372036854775807')).toBeNull();
    expect(epochMillis('soon')).toBeNull();
    expect(epochMillis(null)).toBeNull();
  });
});
