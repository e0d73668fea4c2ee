import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError } from './json-patch';
import { fieldPointer, fieldValue, SetRemoveError, setRemoveToPatch } from './set-remove';

describe('set / remove form', () => {
  it('turns rows into JSON Patch operations', () => {
    expect(
      setRemoveToPatch([
        { action: 'set', field: 'customer.address.zip', value: '"10115"' },
        { action: 'set', field: 'amount', value: '12.5' },
        { action: 'set', field: 'items.0', value: '{"sku":"A"}' },
        { action: 'set', field: 'note', value: 'plain text' },
        { action: 'remove', field: '/legacy~1field' },
      ]),
    ).toEqual([
      { op: 'add', path: '/customer/address/zip', value: '10115' },
      { op: 'add', path: '/amount', value: 12.5 },
      { op: 'replace', path: '/items/0', value: { sku: 'A' } },
      { op: 'add', path: '/note', value: 'plain text' },
      { op: 'remove', path: '/legacy~1field' },
    ]);
  });

  it('sets existing and new members, replaces array elements, and reports missing paths per record', () => {
    const patch = setRemoveToPatch([
      { action: 'set', field: 'currency', value: '"EUR"' },
      { action: 'set', field: 'items.1', value: '2' },
      { action: 'remove', field: 'debug' },
    ]);
    expect(applyJsonPatch({ currency: 'eur', items: [1, 9], debug: true }, patch)).toEqual({
      currency: 'EUR',
      items: [1, 2],
    });
    try {
      applyJsonPatch({ currency: 'eur', items: [1, 9] }, patch);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonPatchError);
      expect(e).toMatchObject({ index: 2, path: '/debug' });
      expect((e as JsonPatchError).reason).toMatch(/^path missing/);
    }
  });

  it('escapes "/" and "~" inside dotted member names', () => {
    expect(fieldPointer('a/b.c~d')).toBe('/a~1b/c~0d');
  });

  it('reads the value as JSON, else as text', () => {
    expect(fieldValue('null')).toBeNull();
    expect(fieldValue('[1,2]')).toEqual([1, 2]);
    expect(fieldValue('{oops')).toBe('{oops');
    expect(fieldValue('')).toBe('');
  });

  it('names the bad row', () => {
    expect(() =>
      setRemoveToPatch([
        { action: 'remove', field: 'ok' },
        { action: 'remove', field: ' ' },
      ]),
    ).toThrow(new SetRemoveError(1, 'field is empty'));
    expect(() => setRemoveToPatch([{ action: 'set', field: 'a..b', value: '1' }])).toThrow(/empty segment/);
    expect(() => setRemoveToPatch([{ action: 'remove', field: '/a~x' }])).toThrow(/row 1/);
  });
});
