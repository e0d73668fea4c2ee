import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Total DLQ records per scale, each scale on a fresh cluster. */
  scales: number[];
  /** Runs per figure (median, min and max are reported). */
  runs: number;
  /** Requests per query kind per run. */
  requests: number;
  /** Average DLQ value size in bytes. */
  valueSize: number;
  /** Records the naive one-send-per-record loop copies per run. */
  naiveRecords: number;
  outDir: string;
}

export const USAGE = `Usage: npm run bench -- [options]
  --full                 scales 10,000, 100,000 and 1,000,000 records (default: 10,000 and 100,000)
  --records <n,n,...>    the scales to measure, total DLQ records each
  --runs <n>             runs per figure (default 3)
  --requests <n>         requests per query kind and run (default 20)
  --value-size <bytes>   average DLQ value size (default 1024)
  --naive-records <n>    records the naive send() loop copies per run (default 500)
  --out <dir>            where the results JSON goes (default bench/results)`;

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

/** Parses the bench's command line; null when help was asked for. */
export function parseOptions(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      full: { type: 'boolean' },
      records: { type: 'string' },
      runs: { type: 'string' },
      requests: { type: 'string' },
      'value-size': { type: 'string' },
      'naive-records': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const scales = values.records
    ? values.records.split(',').map((n) => positiveInt(n.trim(), 'records', 0))
    : values.full
      ? [10_000, 100_000, 1_000_000]
      : [10_000, 100_000];
  return {
    scales,
    runs: positiveInt(values.runs, 'runs', 3),
    requests: positiveInt(values.requests, 'requests', 20),
    valueSize: positiveInt(values['value-size'], 'value-size', 1024),
    naiveRecords: positiveInt(values['naive-records'], 'naive-records', 500),
    outDir: values.out ?? 'bench/results',
  };
}
