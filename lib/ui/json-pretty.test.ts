import { describe, expect, it } from 'vitest';
import { prettyJson, type JsonLine } from './json-pretty';

const render = (lines: JsonLine[]) =>
  lines.map((l) => '  '.repeat(l.depth) + l.tokens.map((t) => t.text).join('')).join('\n');

describe('pretty JSON tokens', () => {
  it('indents like JSON.stringify(value, null, 2)', () => {
    const value = {
      id: 'ord-1',
      items: [{ sku: 'A', qty: 2 }, []],
      meta: {},
      ok: true,
      note: null,
      n: -1.5e3,
    };
    const lines = prettyJson(JSON.stringify(value));
    expect(lines).not.toBeNull();
    expect(render(lines!)).toBe(JSON.stringify(value, null, 2));
  });

  it('tells keys from string values and keeps every digit of big numbers', () => {
    const lines = prettyJson('{"amount": 12345678901234567890, "currency": "EUR"}')!;
    const tokens = lines.flatMap((l) => l.tokens);
    expect(tokens).toContainEqual({ type: 'key', text: '"amount"' });
    expect(tokens).toContainEqual({ type: 'number', text: '12345678901234567890' });
    expect(tokens).toContainEqual({ type: 'string', text: '"EUR"' });
  });

  it('keeps escapes, repeated keys and markup as plain token text', () => {
    const text = '{"a":"say \\"hi\\" \\\\","a":"<img src=x onerror=alert(1)>"}';
    const tokens = prettyJson(text)!.flatMap((l) => l.tokens);
    expect(tokens.filter((t) => t.type === 'key').map((t) => t.text)).toEqual(['"a"', '"a"']);
    expect(tokens).toContainEqual({ type: 'string', text: '"say \\"hi\\" \\\\"' });
    expect(tokens).toContainEqual({ type: 'string', text: '"<img src=x onerror=alert(1)>"' });
  });

  it('returns null for anything that is not JSON', () => {
    expect(prettyJson('{"a": 1')).toBeNull();
    expect(prettyJson('hello')).toBeNull();
    expect(prettyJson('')).toBeNull();
  });

  it('handles scalars and deep nesting without recursion', () => {
    expect(render(prettyJson(' 42 ')!)).toBe('42');
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const lines = prettyJson(deep)!;
    expect(lines.length).toBe(4999 * 2 + 1);
  });
});
