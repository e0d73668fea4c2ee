import { describe, expect, it } from 'vitest';
import { checkJson, lineColumn } from './json-validate';

describe('checkJson', () => {
  it('accepts what JSON.parse accepts and returns the value', () => {
    for (const text of [
      '{}',
      '[]',
      ' 1 ',
      '-0.5e+3',
      '"a\\u00e9\\n"',
      'null',
      '{"a":[true,false,{"b":null}]}',
    ]) {
      expect(checkJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it('reports the first error with line and column', () => {
    const text = '{\n  "id": 1,\n  "name": "x",\n}';
    expect(checkJson(text)).toEqual({
      ok: false,
      message: 'trailing comma before "}"',
      offset: text.length - 1,
      line: 4,
      column: 1,
    });
    expect(checkJson('{"a" 1}')).toMatchObject({ ok: false, line: 1, column: 6, message: /expected ":"/ });
    expect(checkJson('{"a": tru}')).toMatchObject({ ok: false, column: 7, message: /expected a value/ });
    expect(checkJson('[1 2]')).toMatchObject({ ok: false, column: 4, message: /expected "," or "]"/ });
    expect(checkJson('{"a": "b')).toMatchObject({ ok: false, column: 7, message: 'unterminated string' });
    expect(checkJson('{} x')).toMatchObject({ ok: false, column: 4, message: /after the JSON value/ });
    expect(checkJson('')).toMatchObject({ ok: false, line: 1, column: 1, message: /the end of the text/ });
    expect(checkJson('01')).toMatchObject({ ok: false, message: 'malformed number' });
    expect(checkJson('{a:1}')).toMatchObject({
      ok: false,
      column: 2,
      message: /member name in double quotes/,
    });
    expect(checkJson('"\\x"')).toMatchObject({ ok: false, message: 'bad escape "\\x"' });
  });

  it('agrees with JSON.parse on a spread of inputs', () => {
    const inputs = [
      '{"a":1,}',
      '[,]',
      '1.',
      '.5',
      '-',
      '"\t"',
      '{"a":1}}',
      'true false',
      '[1,[2,[3]]]',
      '"\\uZZZZ"',
    ];
    for (const text of inputs) {
      let parses = true;
      try {
        JSON.parse(text);
      } catch {
        parses = false;
      }
      expect(checkJson(text).ok, text).toBe(parses);
    }
  });

  it('refuses absurd nesting without overflowing the stack', () => {
    expect(checkJson('['.repeat(100_000))).toMatchObject({ ok: false, message: /nested deeper/ });
  });
});

describe('lineColumn', () => {
  it('counts from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
