import { describe, expect, it } from 'vitest';
import {
  applyJsonPatch,
  applyJsonPatchToText,
  formatPointer,
  JsonPatchError,
  jsonPatchOperations,
  parsePointer,
  type JsonPatchOperation,
} from './json-patch';

function patchError(fn: () => unknown): JsonPatchError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JsonPatchError);
    return e as JsonPatchError;
  }
  throw new Error('expected a JsonPatchError');
}

const ops = (raw: unknown) => jsonPatchOperations.parse(raw);

describe('RFC 6902 appendix A examples', () => {
  it('A.1 adds an object member', () => {
    expect(applyJsonPatch({ foo: 'bar' }, ops([{ op: 'add', path: '/baz', value: 'qux' }]))).toEqual({
      baz: 'qux',
      foo: 'bar',
    });
  });

  it('A.2 adds an array element', () => {
    expect(
      applyJsonPatch({ foo: ['bar', 'baz'] }, ops([{ op: 'add', path: '/foo/1', value: 'qux' }])),
    ).toEqual({
      foo: ['bar', 'qux', 'baz'],
    });
  });

  it('A.3 removes an object member', () => {
    expect(applyJsonPatch({ baz: 'qux', foo: 'bar' }, ops([{ op: 'remove', path: '/baz' }]))).toEqual({
      foo: 'bar',
    });
  });

  it('A.4 removes an array element', () => {
    expect(applyJsonPatch({ foo: ['bar', 'qux', 'baz'] }, ops([{ op: 'remove', path: '/foo/1' }]))).toEqual({
      foo: ['bar', 'baz'],
    });
  });

  it('A.5 replaces a value', () => {
    expect(
      applyJsonPatch({ baz: 'qux', foo: 'bar' }, ops([{ op: 'replace', path: '/baz', value: 'boo' }])),
    ).toEqual({
      baz: 'boo',
      foo: 'bar',
    });
  });

  it('A.6 moves a value', () => {
    const doc = { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } };
    expect(applyJsonPatch(doc, ops([{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }]))).toEqual({
      foo: { bar: 'baz' },
      qux: { corge: 'grault', thud: 'fred' },
    });
  });

  it('A.7 moves an array element', () => {
    const doc = { foo: ['all', 'grass', 'cows', 'eat'] };
    expect(applyJsonPatch(doc, ops([{ op: 'move', from: '/foo/1', path: '/foo/3' }]))).toEqual({
      foo: ['all', 'cows', 'eat', 'grass'],
    });
  });

  it('A.8 passes a test', () => {
    const doc = { baz: 'qux', foo: ['a', 2, 'c'] };
    const patch = ops([
      { op: 'test', path: '/baz', value: 'qux' },
      { op: 'test', path: '/foo/1', value: 2 },
    ]);
    expect(applyJsonPatch(doc, patch)).toEqual(doc);
  });

  it('A.9 fails a test', () => {
    const e = patchError(() =>
      applyJsonPatch({ baz: 'qux' }, ops([{ op: 'test', path: '/baz', value: 'bar' }])),
    );
    expect(e).toMatchObject({ index: 0, path: '/baz' });
    expect(e.reason).toMatch(/^test failed/);
  });

  it('A.10 adds a nested member object', () => {
    expect(
      applyJsonPatch({ foo: 'bar' }, ops([{ op: 'add', path: '/child', value: { grandchild: {} } }])),
    ).toEqual({
      foo: 'bar',
      child: { grandchild: {} },
    });
  });

  it('A.11 ignores unrecognised members of an operation', () => {
    const patch = ops([{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }]);
    expect(applyJsonPatch({ foo: 'bar' }, patch)).toEqual({ foo: 'bar', baz: 'qux' });
  });

  it('A.12 fails to add to a nonexistent target', () => {
    const e = patchError(() =>
      applyJsonPatch({ foo: 'bar' }, ops([{ op: 'add', path: '/baz/bat', value: 'qux' }])),
    );
    expect(e).toMatchObject({ index: 0, path: '/baz/bat' });
    expect(e.reason).toMatch(/^path missing/);
  });

  it('A.13 an operation with two "op" members is not valid JSON Patch (the parsed object keeps the last one)', () => {
    // JSON.parse keeps the last duplicate member, so the document arriving here is the "remove": the schema checks
    // shape, and "remove" with a "value" is still a valid remove whose extra member is ignored.
    const parsed = JSON.parse('[{ "op": "add", "path": "/baz", "value": "qux", "op": "remove" }]') as unknown;
    expect(ops(parsed)).toEqual([{ op: 'remove', path: '/baz' }]);
  });

  it('A.14 unescapes ~0 and ~1', () => {
    const doc = { '/': 9, '~1': 10 };
    const patch = ops([{ op: 'test', path: '/~01', value: 10 }]);
    expect(applyJsonPatch(doc, patch)).toEqual({ '/': 9, '~1': 10 });
  });

  it('A.15 compares strings and numbers strictly', () => {
    const doc = { '/': 9, '~1': 10 };
    const e = patchError(() => applyJsonPatch(doc, ops([{ op: 'test', path: '/~01', value: '10' }])));
    expect(e.reason).toMatch(/^test failed/);
  });

  it('A.16 adds an array value, appending with "-"', () => {
    expect(
      applyJsonPatch({ foo: ['bar'] }, ops([{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }])),
    ).toEqual({
      foo: ['bar', ['abc', 'def']],
    });
  });
});

describe('applyJsonPatch', () => {
  it('never mutates its input nor aliases operation values', () => {
    const doc = { a: { b: [1, 2] }, c: 'x' };
    const before = structuredClone(doc);
    const value = { deep: [1] };
    const patch = ops([
      { op: 'add', path: '/a/b/-', value: 3 },
      { op: 'remove', path: '/c' },
      { op: 'add', path: '/v', value },
      { op: 'move', from: '/a/b/0', path: '/first' },
    ]);
    const out = applyJsonPatch(doc, patch) as { v: { deep: number[] } };
    expect(doc).toEqual(before);
    expect(out).toEqual({ a: { b: [2, 3] }, v: { deep: [1] }, first: 1 });
    out.v.deep.push(2);
    expect(patch[2]).toEqual({ op: 'add', path: '/v', value: { deep: [1] } });
  });

  it('is atomic: a later failure returns nothing of the earlier operations', () => {
    const doc = { a: 1 };
    const e = patchError(() =>
      applyJsonPatch(
        doc,
        ops([
          { op: 'replace', path: '/a', value: 2 },
          { op: 'remove', path: '/missing' },
        ]),
      ),
    );
    expect(e).toMatchObject({ index: 1, path: '/missing' });
    expect(e.message).toBe('operation 1 at "/missing": path missing: no member "missing"');
    expect(doc).toEqual({ a: 1 });
  });

  it('copies values deeply, so changing the copy leaves the source', () => {
    const out = applyJsonPatch(
      { a: { n: 1 } },
      ops([
        { op: 'copy', from: '/a', path: '/b' },
        { op: 'replace', path: '/b/n', value: 2 },
      ]),
    );
    expect(out).toEqual({ a: { n: 1 }, b: { n: 2 } });
  });

  it('works on the whole document with the empty pointer', () => {
    expect(applyJsonPatch({ a: 1 }, ops([{ op: 'replace', path: '', value: [1] }]))).toEqual([1]);
    expect(applyJsonPatch('x', ops([{ op: 'add', path: '', value: { b: 2 } }]))).toEqual({ b: 2 });
    expect(applyJsonPatch({ a: { b: 1 } }, ops([{ op: 'move', from: '/a', path: '' }]))).toEqual({ b: 1 });
    expect(patchError(() => applyJsonPatch({ a: 1 }, ops([{ op: 'remove', path: '' }]))).reason).toBe(
      'cannot remove the whole document',
    );
  });

  it('checks array indices: no leading zeros, no "-" outside add, not past the end', () => {
    const doc = { l: [0, 1] };
    expect(applyJsonPatch(doc, ops([{ op: 'add', path: '/l/2', value: 2 }]))).toEqual({ l: [0, 1, 2] });
    expect(
      patchError(() => applyJsonPatch(doc, ops([{ op: 'add', path: '/l/3', value: 9 }]))).reason,
    ).toMatch(/index 3 is past the end/);
    expect(
      patchError(() => applyJsonPatch(doc, ops([{ op: 'replace', path: '/l/01', value: 9 }]))).reason,
    ).toMatch(/"01" is not an array index/);
    expect(patchError(() => applyJsonPatch(doc, ops([{ op: 'remove', path: '/l/-' }]))).reason).toMatch(
      /"-" is not an array index/,
    );
    expect(
      patchError(() => applyJsonPatch(doc, ops([{ op: 'replace', path: '/l/2', value: 9 }]))).reason,
    ).toMatch(/index 2 is past the end/);
  });

  it('refuses to move a value into its own child', () => {
    const e = patchError(() =>
      applyJsonPatch({ a: { b: {} } }, ops([{ op: 'move', from: '/a', path: '/a/b/c' }])),
    );
    expect(e.reason).toBe('cannot move "/a" into its own child');
  });

  it('names a missing "from" path', () => {
    const e = patchError(() => applyJsonPatch({ a: 1 }, ops([{ op: 'copy', from: '/nope', path: '/b' }])));
    expect(e.reason).toBe('from path missing: no member "nope"');
  });

  it('cannot descend into scalars', () => {
    const e = patchError(() => applyJsonPatch({ a: 'text' }, ops([{ op: 'add', path: '/a/b', value: 1 }])));
    expect(e.reason).toBe('path missing: "/a" is not an object or array');
  });

  it('treats "__proto__" as an ordinary member, never as the prototype', () => {
    const doc = JSON.parse('{"__proto__": {"x": 1}}') as unknown;
    const out = applyJsonPatch(
      doc,
      ops([
        { op: 'add', path: '/__proto__/polluted', value: true },
        { op: 'add', path: '/constructor', value: 'c' },
      ]),
    ) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(patchError(() => applyJsonPatch({}, ops([{ op: 'remove', path: '/toString' }]))).reason).toMatch(
      /^path missing/,
    );
  });

  it('test compares objects regardless of member order and arrays in order', () => {
    const doc = { o: { a: 1, b: [1, 2] } };
    expect(applyJsonPatch(doc, ops([{ op: 'test', path: '/o', value: { b: [1, 2], a: 1 } }]))).toEqual(doc);
    expect(
      patchError(() => applyJsonPatch(doc, ops([{ op: 'test', path: '/o/b', value: [2, 1] }]))).reason,
    ).toMatch(/^test failed/);
  });
});

describe('applyJsonPatchToText', () => {
  it('parses, patches, and reports "not JSON" for other values', () => {
    const patch: JsonPatchOperation[] = [{ op: 'add', path: '/b', value: 2 }];
    expect(applyJsonPatchToText('{"a":1}', patch)).toEqual({ a: 1, b: 2 });
    const e = patchError(() => applyJsonPatchToText('not { json', patch));
    expect(e).toMatchObject({ index: -1, path: '' });
    expect(e.reason).toMatch(/^not JSON/);
  });
});

describe('JSON Pointer', () => {
  it('round-trips escapes', () => {
    expect(parsePointer('/a~1b/m~0n/~01')).toEqual(['a/b', 'm~n', '~1']);
    expect(formatPointer(['a/b', 'm~n', '~1'])).toBe('/a~1b/m~0n/~01');
    expect(parsePointer('')).toEqual([]);
    expect(parsePointer('/')).toEqual(['']);
  });

  it('rejects pointers without a leading slash or with a bad escape', () => {
    expect(() => parsePointer('a/b')).toThrow(/starts with "\/"/);
    expect(() => parsePointer('/a~2')).toThrow(/followed by 0 or 1/);
  });
});

describe('jsonPatchOperations schema', () => {
  it('names what is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [[], /at least one operation/],
      [[{ op: 'add', path: '/a' }], /value/],
      [[{ op: 'move', path: '/a' }], /from/],
      [[{ op: 'frobnicate', path: '/a' }], /op/],
      [[{ op: 'remove', path: 'a' }], /JSON Pointer/],
      [[{ op: 'add', path: '/a', value: () => 1 }], /value/],
    ];
    for (const [raw, pattern] of cases) {
      const result = jsonPatchOperations.safeParse(raw);
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).toMatch(pattern);
    }
  });

  it('accepts null and nested values', () => {
    expect(ops([{ op: 'add', path: '/a', value: null }])).toEqual([{ op: 'add', path: '/a', value: null }]);
  });
});
