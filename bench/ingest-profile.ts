// Dev tool: where ingestion's CPU goes, stage by stage, in this process (no web server, no worker) against the
// embedded cluster in a process of its own. Fetches every DLQ record with the server's own DLQ consumer first, then
// decodes, prepares (rows, doc blocks) and writes them to a fresh index, timing each stage apart, and reads the same
// DLQs with `kcat -C -e` (the bench's ingest baseline) to show how far kafkajs's fetch alone gets. --profile writes
// a CPU profile of all four stages. Run:
//   npx tsx --conditions=react-server bench/ingest-profile.ts [--records 100000] [--runs 1] [--profile out.cpuprofile]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeRecord } from '../lib/dlq/decode';
import type { RawKafkaRecord } from '../lib/dlq/raw-record';
import type { DlqRecord } from '../lib/dlq/types';
import { capHeapGrowth } from '../lib/heap-cap';
import { startDlqConsumer, type DlqConsumer } from '../lib/kafka/dlq-consumer';
import { DlqIndex, prepareBatch, type PreparedBatch } from '../lib/store';
import { DEMO_DLQS, seedDemo } from '../scripts/demo-data';
import { startClusterProcess } from './cluster-process';
import { cpuMicrosSince } from './cpu';
import { startCpuProfile } from './cpu-profile';
import { KCAT_MISSING, kcatAvailable, kcatConsume } from './kcat';
import { ratePerSecond } from './stats';

interface Batch {
  topic: string;
  partition: number;
  nextOffset: string;
  raw: RawKafkaRecord[];
  decoded?: DlqRecord[];
  prepared?: PreparedBatch;
}

const topics = DEMO_DLQS.map((d) => d.topic);

/**
 * Every record of the DLQs, in the batches the server's own DLQ consumer fetches them in, and when the first and
 * the last batch came (the consumer group's join before the first and leaving it after the last are not fetching).
 */
async function fetchAll(total: number): Promise<{ batches: Batch[]; firstAt: number; lastAt: number }> {
  const batches: Batch[] = [];
  let count = 0;
  let firstAt = 0;
  let lastAt = 0;
  let consumer: DlqConsumer | undefined;
  await new Promise<void>((resolve, reject) => {
    startDlqConsumer({
      topics,
      resumeOffset: () => null,
      onBatch: ({ topic, partition, records, nextOffset }) => {
        lastAt = performance.now();
        if (batches.length === 0) firstAt = lastAt;
        batches.push({ topic, partition, nextOffset, raw: records });
        count += records.length;
        if (count >= total) resolve();
      },
    }).then((started) => {
      consumer = started;
    }, reject);
  });
  await consumer?.stop();
  return { batches, firstAt, lastAt };
}

const rate = (records: number, ms: number) => Math.round(ratePerSecond(records, ms)).toLocaleString('en');

async function main(): Promise<void> {
  capHeapGrowth();
  const { values } = parseArgs({
    options: { records: { type: 'string' }, profile: { type: 'string' }, runs: { type: 'string' } },
  });
  const total = Number(values.records ?? 100_000);
  const cluster = await startClusterProcess();
  try {
    const brokers = cluster.bootstrap;
    await seedDemo({ brokers, records: total });
    // The server's consumer, configured as the server configures it.
    process.env.DLQDESK_KAFKA_BROKERS = brokers.join(',');
    process.env.DLQDESK_SESSION_SECRET ??= randomBytes(32).toString('hex');
    for (let run = 0; run < Number(values.runs ?? 1); run++) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-ingest-profile-'));
      const stages: Array<[string, number, number]> = [];
      const stage = async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
        const cpu = process.cpuUsage();
        const started = performance.now();
        const result = await work();
        stages.push([name, performance.now() - started, cpuMicrosSince(cpu)]);
        return result;
      };
      const stopProfile = await startCpuProfile(values.profile);
      const { batches, firstAt, lastAt } = await stage('fetch (kafkajs)', () => fetchAll(total));
      const records = batches.reduce((sum, b) => sum + b.raw.length, 0);
      await stage('decode', () => {
        for (const b of batches) b.decoded = b.raw.map((raw) => decodeRecord(raw));
      });
      await stage('prepare', () => {
        for (const b of batches) b.prepared = prepareBatch(b.decoded!);
      });
      const index = DlqIndex.open(dir);
      await stage('write', () => {
        for (const b of batches) index.indexPrepared(b.topic, b.partition, b.prepared!, b.nextOffset);
      });
      await stopProfile();
      index.close();
      fs.rmSync(dir, { recursive: true, force: true });
      console.log(`run ${run + 1}: ${records} records in ${batches.length} batches`);
      if (kcatAvailable()) {
        const kcat = await kcatConsume(brokers, topics);
        console.log(`  kcat -C -e: ${kcat.records} records at ${rate(kcat.records, kcat.ms)} records/s`);
        // The records after the first batch, over the time from the first batch to the last.
        const after = records - batches[0]!.raw.length;
        const ms = lastAt - firstAt;
        console.log(
          `  kafkajs fetch alone, first batch to last: ${rate(after, ms)} records/s,` +
            ` ${(after / ms / (kcat.records / kcat.ms)).toFixed(2)} of kcat`,
        );
      } else console.log(`  ${KCAT_MISSING}`);
      let sum = 0;
      for (const [name, ms, cpu] of stages) {
        sum += cpu;
        console.log(
          `  ${name.padEnd(16)} ${Math.round(ms).toString().padStart(6)} ms (${rate(records, ms)} records/s)  ${(cpu / records).toFixed(1).padStart(6)} µs CPU/record`,
        );
      }
      console.log(
        `  ${'total'.padEnd(16)} ${''.padStart(28)}  ${(sum / records).toFixed(1).padStart(6)} µs CPU/record`,
      );
    }
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
