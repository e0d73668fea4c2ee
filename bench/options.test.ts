import { describe, expect, it } from 'vitest';
import { parseOptions } from './options';

describe('bench options', () => {
  it('defaults to 10k and 100k records, 3 runs, 1 KB values', () => {
    expect(parseOptions([])).toEqual({
      scales: [10_000, 100_000],
      runs: 3,
      requests: 20,
      valueSize: 1024,
      naiveRecords: 500,
      outDir: 'bench/results',
    });
  });

  it('adds a million records with --full and takes explicit scales', () => {
    expect(parseOptions(['--full'])?.scales).toEqual([10_000, 100_000, 1_000_000]);
    expect(parseOptions(['--records', '5000, 20_000', '--runs', '5'])).toMatchObject({
      scales: [5000, 20_000],
      runs: 5,
    });
  });

  it('refuses bad numbers and answers help with null', () => {
    expect(() => parseOptions(['--runs', '0'])).toThrow('--runs must be a positive integer');
    expect(() => parseOptions(['--records', '10k'])).toThrow('--records');
    expect(parseOptions(['--help'])).toBeNull();
  });
});
