import { describe, expect, it } from 'vitest';
import { Cells, DIM_COUNT } from './cube';

function contents(cells: Cells): Map<string, number> {
  const found = new Map<string, number>();
  for (let slot = 0; slot < cells.size; slot += 1) {
    const count = cells.counts[slot] ?? 0;
    if (count === 0) continue;
    const values = Array.from(cells.values.subarray(slot * DIM_COUNT, (slot + 1) * DIM_COUNT));
    found.set(`${cells.bins[slot]}|${values.join(',')}`, count);
  }
  return found;
}

describe('cells', () => {
  it('count per combination through growth, emptying and compaction', () => {
    const cells = new Cells();
    const expected = new Map<string, number>();
    const change = (bin: number, values: number[], n: number) => {
      cells.add(bin, [99, ...values], 1, n);
      const key = `${bin}|${values.join(',')}`;
      const count = (expected.get(key) ?? 0) + n;
      if (count === 0) expected.delete(key);
      else expected.set(key, count);
    };
    for (let i = 0; i < 6000; i += 1) change(i % 50, [i % 7, i % 11, 0, i % 3, i, 1], 1 + (i % 4));
    for (let i = 0; i < 6000; i += 1) change(i % 50, [i % 7, i % 11, 0, i % 3, i, 1], 1);
    expect(contents(cells)).toEqual(expected);
    // Empty most cells: they are compacted away once they are the majority.
    for (let i = 0; i < 5000; i += 1) change(i % 50, [i % 7, i % 11, 0, i % 3, i, 1], -(2 + (i % 4)));
    expect(contents(cells)).toEqual(expected);
    expect(cells.size).toBeLessThan(3000);
    // An emptied combination can come back.
    change(3, [3, 3, 0, 0, 3, 1], 5);
    expect(contents(cells)).toEqual(expected);
  });

  it('refuse to count below zero', () => {
    const cells = new Cells();
    expect(() => cells.add(1, [1, 2, 3, 4, 5, 6], 0, -1)).toThrow(/never counted/);
    cells.add(1, [1, 2, 3, 4, 5, 6], 0, 2);
    expect(() => cells.add(1, [1, 2, 3, 4, 5, 6], 0, -3)).toThrow(/below zero/);
  });
});
