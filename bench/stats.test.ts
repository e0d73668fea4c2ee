import { describe, expect, it } from 'vitest';
import { percentile, ratePerSecond, repeat, spread } from './stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile(values, 100)).toBe(20);
    expect(percentile([7], 95)).toBe(7);
  });

  it('reports the median with min and max of odd and even run counts', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, runs: 3 });
    expect(spread([4, 1, 2, 10])).toEqual({ median: 3, min: 1, max: 10, runs: 4 });
    expect(() => spread([])).toThrow();
  });

  it('runs measurements one after another and computes rates', async () => {
    const order: number[] = [];
    const results = await repeat(3, async (run) => {
      order.push(run);
      await new Promise((resolve) => setTimeout(resolve, 3 - run));
      return run * 2;
    });
    expect(order).toEqual([0, 1, 2]);
    expect(results).toEqual([0, 2, 4]);
    expect(ratePerSecond(500, 250)).toBe(2000);
    expect(ratePerSecond(5, 0)).toBe(0);
  });
});
