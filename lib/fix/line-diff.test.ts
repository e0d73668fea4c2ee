import { describe, expect, it } from 'vitest';
import { diffLines, foldUnchanged, hasChanges, type DiffLine } from './line-diff';

const render = (lines: DiffLine[]) =>
  lines.map((l) => (l.kind === 'same' ? ' ' : l.kind === 'del' ? '-' : '+') + l.text).join('\n');

describe('diffLines', () => {
  it('finds a minimal diff with line numbers on both sides', () => {
    const lines = diffLines('a\nb\nc\nd', 'a\nx\nc\nd\ne');
    expect(render(lines)).toBe(' a\n-b\n+x\n c\n d\n+e');
    expect(lines[1]).toEqual({ kind: 'del', text: 'b', oldLine: 2 });
    expect(lines[2]).toEqual({ kind: 'add', text: 'x', newLine: 2 });
    expect(lines[3]).toEqual({ kind: 'same', text: 'c', oldLine: 3, newLine: 3 });
  });

  it('handles empty sides and identical texts', () => {
    expect(render(diffLines('', 'a\nb'))).toBe('+a\n+b');
    expect(render(diffLines('a', ''))).toBe('-a');
    expect(hasChanges(diffLines('x\ny', 'x\ny'))).toBe(false);
    expect(hasChanges(diffLines('x\r\ny', 'x\ny'))).toBe(false);
  });

  it('produces an edit script that rebuilds both texts (the classic ABCABBA / CBABAC pair)', () => {
    const a = 'ABCABBA'.split('').join('\n');
    const b = 'CBABAC'.split('').join('\n');
    const lines = diffLines(a, b);
    const old = lines.filter((l) => l.kind !== 'add').map((l) => l.text);
    const neu = lines.filter((l) => l.kind !== 'del').map((l) => l.text);
    expect(old.join('')).toBe('ABCABBA');
    expect(neu.join('')).toBe('CBABAC');
    expect(lines.filter((l) => l.kind !== 'same')).toHaveLength(5);
  });

  it('stays cheap on large payloads and still rebuilds both sides when every line differs', () => {
    const a = Array.from({ length: 20_000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 20_000 }, (_, i) => `b${i}`).join('\n');
    const lines = diffLines(a, b);
    expect(lines.filter((l) => l.kind === 'del')).toHaveLength(20_000);
    expect(lines.filter((l) => l.kind === 'add')).toHaveLength(20_000);
  });
});

describe('foldUnchanged', () => {
  it('keeps context lines around changes and folds the rest', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const b = [...a];
    b[10] = 'changed';
    const pieces = foldUnchanged(diffLines(a.join('\n'), b.join('\n')), 2);
    expect(
      pieces.map((p) => (p.kind === 'skip' ? `…${p.lines}` : p.kind === 'same' ? p.text : p.kind)),
    ).toEqual(['…8', 'l8', 'l9', 'del', 'add', 'l11', 'l12', '…7']);
  });
});
