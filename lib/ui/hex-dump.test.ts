import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, sourceBase64, sourceBytes, toHex } from './bytes';
import { hexDump } from './hex-dump';

describe('bytes and hex dumps', () => {
  it('dumps 16 bytes per line with offsets and printable ASCII', () => {
    const bytes = new TextEncoder().encode('{"id":1,"name":"caf\u00e9"}\n');
    expect(hexDump(bytes)).toEqual([
      {
        offset: '00000000',
        hex: '7b 22 69 64 22 3a 31 2c  22 6e 61 6d 65 22 3a 22',
        ascii: '{"id":1,"name":"',
      },
      { offset: '00000010', hex: '63 61 66 c3 a9 22 7d 0a', ascii: 'caf.."}.' },
    ]);
  });

  it('stops at the byte limit', () => {
    expect(hexDump(new Uint8Array(100), 32)).toHaveLength(2);
    expect(hexDump(new Uint8Array(0))).toEqual([]);
  });

  it('turns the API byte forms into bytes, base64 and hex', () => {
    expect(toHex(sourceBytes({ text: null, base64: 'AAAAAw==' })!)).toBe('00 00 00 03');
    expect(sourceBytes({ text: null, base64: null })).toBeNull();
    expect(sourceBase64({ text: 'hi', base64: null })).toBe('aGk=');
    expect(toHex(new Uint8Array([1, 2, 3]), 2)).toBe('01 02 …');
    const big = new Uint8Array(40_000).map((_, i) => i % 251);
    expect(base64ToBytes(bytesToBase64(big))).toEqual(big);
  });
});
