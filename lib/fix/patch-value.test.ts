import { describe, expect, it } from 'vitest';
import type { Payload } from '../dlq/types';
import { patchValue } from './patch-value';

const payload = (over: Partial<Payload>): Payload => ({
  kind: 'json',
  size: 0,
  truncated: false,
  text: null,
  base64: null,
  schemaId: null,
  ...over,
});

describe('patchValue', () => {
  const patch = [{ op: 'replace' as const, path: '/amount', value: 10 }];

  it('pretty-prints before and after', () => {
    expect(patchValue(payload({ text: '{"amount":"10"}' }), patch)).toEqual({
      ok: true,
      before: '{\n  "amount": "10"\n}',
      after: '{\n  "amount": 10\n}',
    });
  });

  it('names why a record cannot be patched', () => {
    expect(patchValue(payload({ text: '{"total":1}' }), patch)).toEqual({
      ok: false,
      before: '{\n  "total": 1\n}',
      error: 'operation 0 at "/amount": path missing: no member "amount"',
    });
    expect(patchValue(payload({ kind: 'text', text: 'hello' }), patch)).toMatchObject({
      ok: false,
      before: 'hello',
      error: /^not JSON/,
    });
    expect(patchValue(payload({ kind: 'binary', base64: 'AAE=' }), patch)).toMatchObject({
      error: 'not JSON: the value is binary',
    });
    expect(patchValue(payload({ kind: 'null' }), patch)).toMatchObject({ error: /tombstone/ });
    expect(patchValue(payload({ text: '{', truncated: true, size: 5_000_000 }), patch)).toMatchObject({
      error: /5000000 bytes/,
    });
  });
});
