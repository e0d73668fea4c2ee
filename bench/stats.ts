/** The median with the smallest and largest of several runs: how every figure of the bench is reported. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no values to summarise');
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values: readonly number[], p: number): number {
  const ordered = sorted(values);
  const rank = Math.ceil((p / 100) * ordered.length);
  return ordered[Math.min(ordered.length, Math.max(1, rank)) - 1] as number;
}

export function spread(values: readonly number[]): Spread {
  const ordered = sorted(values);
  const middle = Math.floor(ordered.length / 2);
  const median =
    ordered.length % 2 === 1
      ? (ordered[middle] as number)
      : ((ordered[middle - 1] as number) + (ordered[middle] as number)) / 2;
  return {
    median,
    min: ordered[0] as number,
    max: ordered[ordered.length - 1] as number,
    runs: ordered.length,
  };
}

/** Runs `measure` `runs` times in a row (never in parallel: they would compete for the same cores). */
export async function repeat<T>(runs: number, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await measure(run));
  return results;
}

export const ratePerSecond = (count: number, ms: number): number => (ms > 0 ? (count * 1000) / ms : 0);
