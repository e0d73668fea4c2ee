// `npm run bench`: DLQ Desk's ingest, queries, replay and memory against kcat and kafkajs on the same embedded
// cluster, in the same run, at several data sizes; writes bench/results/<date>.json and prints a summary table.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt } from '../scripts/launch-app';
import { firstLoadJs } from './browser';
import { KCAT_MISSING, kcatAvailable } from './kcat';
import { parseOptions, USAGE } from './options';
import { summaryTable, type BenchResults } from './report';
import { benchScale } from './scale';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const log = (line: string) => console.error(line);
  await ensureBuilt(log);
  const kcat = kcatAvailable();
  if (!kcat) log(KCAT_MISSING);
  const startedAt = new Date().toISOString();
  const scales = [];
  for (const records of options.scales) scales.push(await benchScale(records, options, kcat, log));
  const cpus = os.cpus();
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      node: process.versions.node,
      loadAverage: os.loadavg().map((n) => Number(n.toFixed(2))),
    },
    options: {
      scales: options.scales,
      runs: options.runs,
      requests: options.requests,
      valueSize: options.valueSize,
      naiveRecords: options.naiveRecords,
    },
    kcat: kcat ? null : KCAT_MISSING,
    scales,
    browser: firstLoadJs('.next'),
  };
  fs.mkdirSync(options.outDir, { recursive: true });
  const file = path.join(options.outDir, `${startedAt.replaceAll(':', '-').slice(0, 19)}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(summaryTable(results));
  log(`\nResults: ${file}`);
}

main().catch((error: unknown) => {
  console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
