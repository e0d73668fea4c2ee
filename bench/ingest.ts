import fs from 'node:fs';
import path from 'node:path';
import { startBenchApp, type BenchApp } from './app';
import { corePercent, cpuMs } from './cpu';
import { watchRss } from './memory';
import { ratePerSecond } from './stats';

export interface IngestRun {
  records: number;
  /** From the first poll that saw records to the one that saw them all. */
  ms: number;
  recordsPerSecond: number;
  /** From launching the server (an empty index) to every record indexed, start-up included. */
  wallMs: number;
  /** When the first poll saw records (ms after launch), and how many. */
  firstSeen: { afterMs: number; records: number } | null;
  peakRssBytes: number | null;
  /** Share of one core the server and the cluster used over the same interval as the rate. */
  serverCpuPercent: number | null;
  clusterCpuPercent: number | null;
  /** The index's files (SQLite database, WAL) once every record is in. */
  indexBytes: number;
}

function bytesUnder(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const full = path.join(dir, entry.name);
    return sum + (entry.isDirectory() ? bytesUnder(full) : fs.statSync(full).size);
  }, 0);
}

interface DlqList {
  dlqs: Array<{ topic: string; records: number }>;
}

const POLL_MS = 200;
const STALL_MS = 180_000;

/**
 * Starts DLQ Desk on an empty index and polls GET /api/dlqs until it counts `expected` records. The rate is taken
 * between the first poll that sees records and the last one, so the server's own start-up is not in it (ingest
 * may begin before the server answers; those records are left out of the count as well).
 */
export async function ingestOnce(
  brokers: string[],
  clusterPid: number,
  workDir: string,
  expected: number,
): Promise<{ run: IngestRun; app: BenchApp }> {
  const launched = performance.now();
  const app = await startBenchApp(brokers, workDir);
  const cpu = () => ({ server: cpuMs(app.pid), cluster: cpuMs(clusterPid) });
  const rss = watchRss(app.pid, { sinceStart: true });
  try {
    let first: { at: number; count: number; cpu: ReturnType<typeof cpu> } | undefined;
    let last = { at: performance.now(), count: 0, cpu: cpu() };
    for (;;) {
      const { dlqs } = await app.viewer.json<DlqList>('/api/dlqs');
      const now = performance.now();
      const count = dlqs.reduce((sum, dlq) => sum + dlq.records, 0);
      if (count > 0 && !first) first = { at: now, count, cpu: cpu() };
      if (count > last.count) last = { at: now, count, cpu: cpu() };
      if (count >= expected) break;
      if (now - last.at > STALL_MS) throw new Error(`ingest stalled at ${count} of ${expected} records`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const start =
      first && first.count < expected ? first : { at: launched, count: 0, cpu: { server: 0, cluster: null } };
    const ms = last.at - start.at;
    return {
      run: {
        records: expected,
        ms,
        recordsPerSecond: ratePerSecond(expected - start.count, ms),
        wallMs: last.at - launched,
        firstSeen: first ? { afterMs: first.at - launched, records: first.count } : null,
        peakRssBytes: rss.stop(),
        serverCpuPercent: corePercent(start.cpu.server, last.cpu.server, ms),
        clusterCpuPercent: corePercent(start.cpu.cluster, last.cpu.cluster, ms),
        indexBytes: bytesUnder(path.join(workDir, 'data')),
      },
      app,
    };
  } catch (error) {
    rss.stop();
    const exited = app.app.process.exitCode ?? app.app.process.signalCode;
    await app.app.stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(
      `ingest of ${expected} records: ${message}${exited === null ? '' : ` (the server exited: ${exited})`}\n` +
        app.app.output().split('\n').slice(-20).join('\n'),
    );
  }
}
