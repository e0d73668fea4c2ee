import type { PageWeight } from './browser';
import { QUERY_KINDS } from './query';
import type { ScaleResult } from './scale';
import type { Spread } from './stats';

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; node: string; loadAverage: number[] };
  options: { scales: number[]; runs: number; requests: number; valueSize: number; naiveRecords: number };
  kcat: string | null;
  scales: ScaleResult[];
  browser: PageWeight[];
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : int(n));
const ratio = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
const mb = (bytes: number) => `${int(bytes / 1024 / 1024)}`;

function fig(value: Spread | null | undefined, format: (n: number) => string): string {
  if (!value) return 'n/a';
  if (value.runs === 1 || value.min === value.max) return format(value.median);
  return `${format(value.median)} (${format(value.min)}–${format(value.max)})`;
}

const scaleLabel = (records: number) =>
  records >= 1_000_000 && records % 1_000_000 === 0
    ? `${records / 1_000_000}M`
    : records >= 1000 && records % 1000 === 0
      ? `${records / 1000}k`
      : String(records);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The summary as Markdown tables: one column per scale, each cell "median (min–max)". */
export function summaryTable(results: BenchResults): string {
  const { scales } = results;
  const header = ['', ...scales.map((s) => `${scaleLabel(s.records)} records`)];
  const row = (label: string, cell: (s: ScaleResult) => string) => [label, ...scales.map(cell)];
  const job = (s: ScaleResult, cell: string) => (s.replay.available ? cell : 'not available');
  const percent = (values: Array<number | null>) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length > 0 ? `${int(known.reduce((a, b) => a + b, 0) / known.length)}%` : 'n/a';
  };
  const rows: string[][] = [
    row('**Ingest** DLQ Desk, records/s indexed', (s) => fig(s.ingest.recordsPerSecond, int)),
    row('kcat -C -e, records/s read', (s) => fig(s.ingest.kcatRecordsPerSecond, int)),
    row('ratio (goal ≥ 0.5)', (s) => fig(s.ingest.ratio, ratio)),
    row('server start to all indexed, s', (s) => fig(s.ingest.wallMs, (n) => (n / 1000).toFixed(1))),
    row('CPU while indexing: server / cluster, % of a core', (s) =>
      [
        percent(s.ingest.runs.map((r) => r.serverCpuPercent)),
        percent(s.ingest.runs.map((r) => r.clusterCpuPercent)),
      ].join(' / '),
    ),
    row('index size on disk, MB', (s) => mb(s.ingest.runs.at(-1)?.indexBytes ?? 0)),
    row('**Query** on the largest DLQ', (s) => `${s.query.topic}, ${int(s.query.topicRecords)}`),
    ...QUERY_KINDS.map((kind) =>
      row(
        `${kind}, p50 / p95 ms`,
        (s) => `${fig(s.query.p50Ms[kind], ms)} / ${fig(s.query.p95Ms[kind], ms)}`,
      ),
    ),
    row('kafkajs scan with the same filters, ms (records/s)', (s) => {
      const scan = s.query.scanMs.median;
      return `${fig(s.query.scanMs, int)} (${int((s.query.topicRecords * 1000) / scan)})`;
    }),
    row('scan ÷ slowest p95', (s) =>
      ratio(s.query.scanMs.median / Math.max(...QUERY_KINDS.map((k) => s.query.p95Ms[k].median))),
    ),
    row('**Replay** of the largest DLQ, records', (s) => `${s.replay.topic}, ${int(s.replay.records)}`),
    row('replay job, records/s (rate limit off)', (s) => job(s, fig(s.replay.job, int))),
    row('reliable producer send() alone, records/s', (s) => fig(s.replay.reliableProducer, int)),
    row('kcat -C \\| kcat -P (acks=all, idempotent)', (s) => fig(s.replay.kcat, int)),
    row('naive await send() per record', (s) => fig(s.replay.naive, int)),
    row('job ÷ kcat (goal ≥ 0.5)', (s) => job(s, fig(s.replay.ratioKcat, ratio))),
    row('job ÷ naive (goal ≥ 10)', (s) => job(s, fig(s.replay.ratioNaive, ratio))),
    row('**Server peak RSS**, MB: ingest', (s) => fig(s.peakRssBytes.ingest, mb)),
    row('queries', (s) => (s.peakRssBytes.query === null ? 'n/a' : mb(s.peakRssBytes.query))),
    row('replay', (s) => (s.peakRssBytes.replay === null ? 'n/a' : mb(s.peakRssBytes.replay))),
  ];
  const browser = table(
    ['page', 'first-load JS, KB gzip', 'chunks'],
    results.browser.map((p) => [p.page, (p.gzipBytes / 1024).toFixed(1), String(p.files)]),
  );
  const { machine, options } = results;
  const notes = [...new Set(scales.flatMap((s) => (s.replay.reason ? [`Replay: ${s.replay.reason}.`] : [])))];
  return [
    `DLQ Desk bench, ${results.startedAt.slice(0, 10)}: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; ` +
      `${options.runs} runs per figure, median (min–max); ~${options.valueSize} B values.`,
    '',
    table(header, rows),
    '',
    browser,
    ...(notes.length > 0 ? ['', ...notes] : []),
    ...(results.kcat ? ['', results.kcat] : []),
  ].join('\n');
}
