import { describe, expect, it } from 'vitest';
import { describePayload, MAX_STORED_BYTES, payloadBytes, storeBytes } from './payload';
import { bytes } from './test-records';

describe('describePayload', () => {
  it('describes a tombstone and an empty value', () => {
    expect(describePayload(null)).toEqual({
      payload: { kind: 'null', size: 0, truncated: false, text: null, base64: null, schemaId: null },
      json: undefined,
    });
    expect(describePayload(Buffer.alloc(0)).payload).toEqual({
      kind: 'empty',
      size: 0,
      truncated: false,
      text: '',
      base64: null,
      schemaId: null,
    });
  });

  it('parses JSON objects and arrays, and leaves JSON scalars and broken JSON as text', () => {
    const object = describePayload(Buffer.from(' {"a":[1,2]}\n'));
    expect(object.payload).toMatchObject({ kind: 'json', text: ' {"a":[1,2]}\n', size: 13 });
    expect(object.json).toEqual({ a: [1, 2] });
    expect(describePayload(Buffer.from('[]')).payload.kind).toBe('json');
    expect(describePayload(Buffer.from('42')).payload.kind).toBe('text');
    expect(describePayload(Buffer.from('"quoted"')).payload.kind).toBe('text');
    expect(describePayload(Buffer.from('{"a":')).payload.kind).toBe('text');
  });

  it('keeps multi-byte UTF-8 as text and counts bytes, not characters', () => {
    const payload = describePayload(Buffer.from('Zürich → 東京')).payload;
    expect(payload).toMatchObject({ kind: 'text', text: 'Zürich → 東京', size: 18 });
  });

  it('keeps invalid UTF-8 and control characters as base64 binary', () => {
    expect(describePayload(bytes(0x61, 0xc3, 0x28)).payload).toMatchObject({
      kind: 'binary',
      text: null,
      base64: 'YcMo',
    });
    expect(describePayload(Buffer.from('a\u0001b')).payload).toMatchObject({
      kind: 'binary',
      base64: 'YQFi',
    });
    expect(describePayload(Buffer.from('tab\tand\r\nnewline')).payload.kind).toBe('text');
  });

  it('recognises the Schema Registry wire format', () => {
    const avro = bytes(0x00, 0x00, 0x00, 0x01, 0x2c, 0x06, 0x66, 0x6f, 0x6f);
    expect(describePayload(avro).payload).toEqual({
      kind: 'schema-registry',
      size: 9,
      truncated: false,
      text: null,
      base64: avro.toString('base64'),
      schemaId: 300,
    });
    // schema id 0 does not exist, and 4 bytes are too short for magic byte plus id
    expect(describePayload(bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x01)).payload.kind).toBe('binary');
    expect(describePayload(bytes(0x00, 0x00, 0x00, 0x01)).payload.kind).toBe('binary');
  });

  it('keeps 1 MiB of a 10 MB value, with its full size', () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 'a');
    const payload = describePayload(big).payload;
    expect(payload).toMatchObject({ kind: 'text', truncated: true, size: big.length });
    expect(payload.text).toHaveLength(MAX_STORED_BYTES);
  });

  it('does not cut a truncated text value inside a multi-byte character', () => {
    // 'é' is 2 bytes: after one ASCII byte, the 1 MiB boundary falls inside a character
    const value = Buffer.concat([Buffer.from('x'), Buffer.from('é'.repeat(MAX_STORED_BYTES))]);
    const payload = describePayload(value).payload;
    expect(payload.kind).toBe('text');
    expect(payload.text?.endsWith('é')).toBe(true);
    expect(Buffer.byteLength(payload.text ?? '')).toBe(MAX_STORED_BYTES - 1);
  });

  it('parses 100,000 levels of nested JSON without throwing', () => {
    const depth = 100_000;
    const described = describePayload(Buffer.from('['.repeat(depth) + ']'.repeat(depth)));
    expect(described.payload.kind).toBe('json');
    expect(() => JSON.stringify(described.payload)).not.toThrow();
  });
});

describe('payloadBytes', () => {
  it('gives back exactly the bytes that were kept', () => {
    for (const input of [
      Buffer.from('{"a":1}'),
      bytes(0xff, 0xfe, 0x00),
      Buffer.from('\ufeffBOM kept'),
      Buffer.alloc(0),
    ]) {
      expect(payloadBytes(describePayload(input).payload)?.equals(input)).toBe(true);
    }
    expect(payloadBytes(describePayload(null).payload)).toBeNull();
  });

  it('gives back the kept prefix of a truncated value', () => {
    const big = Buffer.alloc(MAX_STORED_BYTES + 10, 0xff);
    const stored = storeBytes(big);
    expect(payloadBytes(stored)?.equals(big.subarray(0, MAX_STORED_BYTES))).toBe(true);
  });
});
