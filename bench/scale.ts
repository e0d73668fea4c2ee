import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_DLQS, seedDemo } from '../scripts/demo-data';
import type { BenchApp } from './app';
import { startClusterProcess } from './cluster-process';
import { ingestOnce, type IngestRun } from './ingest';
import { kcatConsume } from './kcat';
import { watchRss } from './memory';
import type { BenchOptions } from './options';
import type { ReliableRecord } from '../lib/kafka/reliable-producer';
import { measureQueries, QUERY_KINDS, searchTerms, type QueryKind, type QueryRound } from './query';
import {
  createTarget,
  dlqRecords,
  kcatCopyRun,
  naiveLoop,
  reliableProducerRun,
  replayUnavailableReason,
  replayJob,
  type CopyRun,
} from './replay';
import { ratePerSecond, spread, type Spread } from './stats';

interface ReplayRun {
  job: CopyRun | null;
  reliable: CopyRun;
  kcat: CopyRun | null;
  naive: CopyRun;
}

export interface ReplayResult {
  /** Whether this build has the replay API; without it the baselines are still measured. */
  available: boolean;
  reason?: string;
  topic: string;
  records: number;
  /** Records/s of each way of copying the DLQ (naive: only its first naiveRecords). */
  job: Spread | null;
  reliableProducer: Spread | null;
  kcat: Spread | null;
  naive: Spread | null;
  /** Per run: the job's rate over kcat's and over the naive loop's. */
  ratioKcat: Spread | null;
  ratioNaive: Spread | null;
  runs: ReplayRun[];
}

export interface ScaleResult {
  records: number;
  seedMs: number;
  dlqs: Array<{ topic: string; records: number }>;
  ingest: {
    recordsPerSecond: Spread;
    wallMs: Spread;
    kcatRecordsPerSecond: Spread | null;
    /** Per run: DLQ Desk's rate over kcat's, measured back to back. */
    ratio: Spread | null;
    runs: Array<IngestRun & { kcat: { records: number; ms: number } | null }>;
  };
  query: {
    topic: string;
    topicRecords: number;
    group: { id: string; title: string; count: number };
    p50Ms: Record<QueryKind, Spread>;
    p95Ms: Record<QueryKind, Spread>;
    scanMs: Spread;
    rounds: QueryRound[];
  };
  replay: ReplayResult;
  /** Peak RSS of the DLQ Desk server process per phase, bytes (null without /proc). */
  peakRssBytes: { ingest: Spread | null; query: number | null; replay: number | null };
}

interface DlqList {
  dlqs: Array<{
    topic: string;
    records: number;
    topGroups: Array<{ id: string; title: string; count: number }>;
  }>;
}

const spreadOrNull = (values: Array<number | null>): Spread | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? spread(known) : null;
};

/** Every phase at one scale, on a cluster of its own, seeded with `records` DLQ records in the demo's mix. */
export async function benchScale(
  records: number,
  options: BenchOptions,
  kcat: boolean,
  log: (line: string) => void,
): Promise<ScaleResult> {
  const label = records.toLocaleString('en-US');
  const cluster = await startClusterProcess();
  const workRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-bench-'));
  let app: BenchApp | undefined;
  try {
    const brokers = cluster.bootstrap;
    log(`[${label}] seeding the DLQs...`);
    const seedStart = performance.now();
    const seeded = await seedDemo({ brokers, records, valueSize: options.valueSize });
    const seedMs = performance.now() - seedStart;
    const topics = seeded.topics.map((t) => t.topic);

    const ingestRuns: ScaleResult['ingest']['runs'] = [];
    for (let run = 0; run < options.runs; run++) {
      const consumed = kcat ? await kcatConsume(brokers, topics) : null;
      if (consumed && consumed.records !== seeded.records)
        throw new Error(`kcat read ${consumed.records} of ${seeded.records} records`);
      await app?.app.stop();
      const started = await ingestOnce(
        brokers,
        cluster.pid,
        path.join(workRoot, `ingest-${run}`),
        seeded.records,
      );
      app = started.app;
      ingestRuns.push({ ...started.run, kcat: consumed });
      log(
        `[${label}] ingest run ${run + 1}: ${Math.round(started.run.recordsPerSecond)} records/s` +
          (consumed ? `, kcat ${Math.round(ratePerSecond(consumed.records, consumed.ms))} records/s` : ''),
      );
    }
    if (!app) throw new Error('no ingest run');
    const kcatRates = ingestRuns.map((r) => (r.kcat ? ratePerSecond(r.kcat.records, r.kcat.ms) : null));

    const { dlqs } = await app.viewer.json<DlqList>('/api/dlqs');
    const largest = [...dlqs].sort((a, b) => b.records - a.records)[0];
    const group = largest?.topGroups[0];
    if (!largest || !group) throw new Error('no DLQ with error groups to query');
    log(`[${label}] queries on ${largest.topic} (${largest.records} records)...`);
    const dlqCopy = await dlqRecords(brokers, largest.topic);
    const queryRss = watchRss(app.pid);
    const rounds = await measureQueries(
      app.viewer,
      brokers,
      { topic: largest.topic, group },
      searchTerms(dlqCopy),
      {
        rounds: options.runs,
        requests: options.requests,
      },
    );
    const queryPeak = queryRss.stop();
    const byKind = (pick: (round: QueryRound, kind: QueryKind) => number) =>
      Object.fromEntries(
        QUERY_KINDS.map((kind) => [kind, spread(rounds.map((r) => pick(r, kind)))]),
      ) as Record<QueryKind, Spread>;

    const replay = await benchReplay(app, brokers, largest.topic, dlqCopy, options, kcat, log, label).catch(
      (error: unknown) => {
        const reason = `replay failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`[${label}] ${reason}`);
        const result: ReplayResult = {
          available: false,
          reason,
          topic: largest.topic,
          records: largest.records,
          job: null,
          reliableProducer: null,
          kcat: null,
          naive: null,
          ratioKcat: null,
          ratioNaive: null,
          runs: [],
        };
        return { result, peakRss: null };
      },
    );

    return {
      records: seeded.records,
      seedMs,
      dlqs: seeded.topics,
      ingest: {
        recordsPerSecond: spread(ingestRuns.map((r) => r.recordsPerSecond)),
        wallMs: spread(ingestRuns.map((r) => r.wallMs)),
        kcatRecordsPerSecond: spreadOrNull(kcatRates),
        ratio: spreadOrNull(
          ingestRuns.map((r, i) => (kcatRates[i] ? r.recordsPerSecond / (kcatRates[i] ?? 1) : null)),
        ),
        runs: ingestRuns,
      },
      query: {
        topic: largest.topic,
        topicRecords: largest.records,
        group,
        p50Ms: byKind((r, kind) => r.latency[kind].p50),
        p95Ms: byKind((r, kind) => r.latency[kind].p95),
        scanMs: spread(rounds.map((r) => r.scanMs)),
        rounds,
      },
      replay: replay.result,
      peakRssBytes: {
        ingest: spreadOrNull(ingestRuns.map((r) => r.peakRssBytes)),
        query: queryPeak,
        replay: replay.peakRss,
      },
    };
  } finally {
    await app?.app.stop();
    await cluster.stop();
    fs.rmSync(workRoot, { recursive: true, force: true });
  }
}

async function benchReplay(
  app: BenchApp,
  brokers: string[],
  dlq: string,
  records: ReliableRecord[],
  options: BenchOptions,
  kcat: boolean,
  log: (line: string) => void,
  label: string,
): Promise<{ result: ReplayResult; peakRss: number | null }> {
  const partitions = DEMO_DLQS.find((d) => d.topic === dlq)?.partitions ?? 3;
  const probe = 'bench-replay-probe';
  await createTarget(brokers, probe, partitions);
  let reason = await replayUnavailableReason(app.admin, dlq, probe);
  if (reason) log(`[${label}] ${reason}; measuring the baselines only`);
  const available = reason === null;
  const rss = available ? watchRss(app.pid) : null;
  const runs: ReplayRun[] = [];
  for (let run = 0; run < options.runs; run++) {
    const target = async (kind: string) => {
      const topic = `bench-replay-${kind}-${run}`;
      await createTarget(brokers, topic, partitions);
      return topic;
    };
    let job: CopyRun | null = null;
    if (reason === null) {
      try {
        job = await replayJob(app.admin, brokers, dlq, await target('job'));
      } catch (error) {
        reason = `replay job failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`[${label}] ${reason}`);
      }
    }
    const reliable = await reliableProducerRun(brokers, records, await target('reliable'));
    const copy = kcat ? await kcatCopyRun(brokers, dlq, await target('kcat'), records.length) : null;
    const naive = await naiveLoop(brokers, records.slice(0, options.naiveRecords), await target('naive'));
    runs.push({ job, reliable, kcat: copy, naive });
    const rate = (name: string, r: CopyRun | null) =>
      r ? `, ${name} ${Math.round(r.recordsPerSecond)}` : '';
    log(
      `[${label}] replay run ${run + 1} (records/s)${rate('job', job)}${rate('reliable producer', reliable)}` +
        `${rate('kcat', copy)}${rate('naive', naive)}`,
    );
  }
  const peakRss = rss?.stop() ?? null;
  const rates = (pick: (r: ReplayRun) => CopyRun | null) =>
    spreadOrNull(runs.map((r) => pick(r)?.recordsPerSecond ?? null));
  const ratios = (over: (r: ReplayRun) => CopyRun | null) =>
    spreadOrNull(
      runs.map((r) => {
        const base = over(r);
        return r.job && base ? r.job.recordsPerSecond / base.recordsPerSecond : null;
      }),
    );
  return {
    peakRss,
    result: {
      available: reason === null,
      ...(reason === null ? {} : { reason }),
      topic: dlq,
      records: records.length,
      job: rates((r) => r.job),
      reliableProducer: rates((r) => r.reliable),
      kcat: rates((r) => r.kcat),
      naive: rates((r) => r.naive),
      ratioKcat: ratios((r) => r.kcat),
      ratioNaive: ratios((r) => r.naive),
      runs,
    },
  };
}
