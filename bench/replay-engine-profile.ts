// Dev tool: one bulk replay job through the ReplayEngine in this process (no web server) against the embedded
// cluster in a process of its own, wired as lib/replay/service.ts wires it; prints the job's rate, its CPU and the
// cluster's per record, then the reliable producer alone sending what the job sent and a kcat copy of the same
// records (the goal's baseline) and, with --profile, writes a CPU profile of the job alone. Run:
//   npx tsx --conditions=react-server bench/replay-engine-profile.ts [--records 100000] [--profile out.cpuprofile]
//     [--runs 3] [--configs 1000x2,2000x3] [--order oldest|offset]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { consumeAll } from '../devcluster/test-support/kafkajs-helpers';
import { decodeRecord } from '../lib/dlq/decode';
import { capHeapGrowth } from '../lib/heap-cap';
import { registerCompressionCodecs } from '../lib/kafka/codecs';
import { toRawRecord } from '../lib/kafka/dlq-consumer';
import { fetchRecord, findByHeader, PartitionEnds } from '../lib/kafka/partition-reads';
import { createReliableProducer } from '../lib/kafka/reliable-producer';
import { ReplayEngine } from '../lib/replay/engine';
import { REPLAY_ID_HEADER } from '../lib/replay/provenance';
import { TriageState } from '../lib/state/triage-state';
import { DlqIndex, recordId } from '../lib/store';
import { DEMO_DLQS, seedDemo } from '../scripts/demo-data';
import { startClusterProcess } from './cluster-process';
import { cpuMicrosSince, cpuMs, microsPerRecord } from './cpu';
import { startCpuProfile } from './cpu-profile';
import { KCAT_MISSING, kcatAvailable } from './kcat';
import { createTarget, dlqRecords, kcatCopyRun, recordsIn, reliableProducerRun } from './replay';
import { ratePerSecond } from './stats';

async function main(): Promise<void> {
  capHeapGrowth();
  const { values } = parseArgs({
    options: {
      records: { type: 'string' },
      profile: { type: 'string' },
      runs: { type: 'string' },
      /** Engine settings per run: <batchSize>x<batchesInFlight>,... (default: the engine's defaults). */
      configs: { type: 'string' },
      /** The job's record order: oldest (as the server's selections give it, by DLQ time) or offset. */
      order: { type: 'string' },
    },
  });
  const total = Number(values.records ?? 100_000);
  const order = values.order ?? 'oldest';
  if (order !== 'oldest' && order !== 'offset') throw new Error('--order is oldest or offset');
  const cluster = await startClusterProcess();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-replay-profile-'));
  try {
    const brokers = cluster.bootstrap;
    await seedDemo({ brokers, records: total });
    const dlq = DEMO_DLQS[0]!;
    const kafka = new Kafka({ clientId: 'replay-profile', brokers, logLevel: logLevel.NOTHING });
    await registerCompressionCodecs();
    const index = DlqIndex.open(dir);
    const consumed = await consumeAll(kafka, dlq.topic);
    const ids: string[] = [];
    for (let partition = 0; partition < dlq.partitions; partition++) {
      const list = consumed
        .filter((c) => c.partition === partition)
        .sort((a, b) => Number(a.message.offset) - Number(b.message.offset));
      if (list.length === 0) continue;
      const decoded = list.map((c) => decodeRecord(toRawRecord(dlq.topic, partition, c.message)));
      index.indexBatch(dlq.topic, partition, decoded, String(Number(list.at(-1)!.message.offset) + 1));
      ids.push(...list.map((c) => recordId(dlq.topic, partition, c.message.offset)));
    }
    // The server's selections give a job its records oldest first (by DLQ time).
    if (order === 'oldest') {
      ids.length = 0;
      for (const page of index.idPages(dlq.topic, {})) ids.push(...page);
    }
    console.error(`${ids.length} records in ${dlq.topic}, ${order} first`);

    const state = new TriageState({ kafka, index });
    await state.ready;
    const journal = await state.log();
    const ends = new PartitionEnds(kafka);
    const producer = createReliableProducer({ brokers });
    // How long at least one send was outstanding: when it is the whole job, the producer is the bottleneck.
    let outstanding = 0;
    let busySince = 0;
    let busyMs = 0;
    const send = producer.send.bind(producer);
    producer.send = async (records) => {
      if (outstanding++ === 0) busySince = performance.now();
      try {
        return await send(records);
      } finally {
        if (--outstanding === 0) busyMs += performance.now() - busySince;
      }
    };

    // Main-thread time in garbage collection pauses (scavenges and the final pause of full collections).
    let gcMs = 0;
    const gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcMs += entry.duration;
    });
    gcObserver.observe({ entryTypes: ['gc'] });

    const configs = (values.configs ?? '')
      .split(',')
      .map((c) => c.split('x').map((n) => (n ? Number(n) : undefined)));
    for (let run = 0; run < Math.max(configs.length, Number(values.runs ?? 1)); run++) {
      const config = configs[run % configs.length]!;
      const engine = new ReplayEngine({
        journal,
        producer,
        cluster: {
          partitionEnds: (topic) => ends.of(topic),
          findReplayIds: (topic, ranges, wanted) =>
            findByHeader(kafka, topic, ranges, REPLAY_ID_HEADER, wanted),
          fetchRecord: (topic, partition, offset) => fetchRecord(kafka, topic, partition, offset),
        },
        getRecords: (ids, withConventionHeaders) => index.getReplayRecords(ids, withConventionHeaders),
        getFixDraft: (id) => state.getFixDraft(id),
        recordStatuses: async (changes) => {
          await state.recordEvents(
            changes.map(({ id, change: { eventId: _, ...change } }) => ({ id, change })),
          );
        },
        audit: async () => undefined,
        maxReplays: 3,
        isAllowed: () => true,
        batchSize: config[0],
        batchesInFlight: config[1],
      });
      await engine.start();
      const target = `replay-profile-${run}`;
      await createTarget(brokers, target, dlq.partitions);
      const stopProfile = await startCpuProfile(values.profile);
      busyMs = 0;
      gcMs = 0;
      const cpuBefore = process.cpuUsage();
      const clusterBefore = cpuMs(cluster.pid);
      const started = performance.now();
      const created = await engine.create({
        actor: 'profile',
        dlqTopic: dlq.topic,
        idPages: [ids],
        options: {
          target: { mode: 'topic', topic: target },
          partitioning: 'key',
          patch: null,
          stripErrorHeaders: true,
          ratePerSecond: 1_000_000,
          overrideMaxReplays: true,
        },
      });
      const done = await engine.settled(created.id);
      const ms = performance.now() - started;
      const cpuMicros = cpuMicrosSince(cpuBefore);
      const jobRate = ratePerSecond(done.totals.succeeded, ms);
      const clusterAfter = cpuMs(cluster.pid);
      // Entries not yet handed to the callback.
      for (const entry of gcObserver.takeRecords()) gcMs += entry.duration;
      const jobGcMs = gcMs;
      await stopProfile();
      await engine.stop();
      const landed = await recordsIn(brokers, target);
      console.log(
        `run ${run + 1} (${config.join('x')}): ${done.totals.succeeded} of ${ids.length} replayed (${landed} landed) in ${Math.round(ms)} ms:` +
          ` ${Math.round(jobRate)} records/s; producer busy ${Math.round((busyMs / ms) * 100)}%;` +
          ` CPU ${Math.round(cpuMicros / done.totals.succeeded)} µs/record (GC pauses ${Math.round((jobGcMs * 1000) / done.totals.succeeded)});` +
          ` cluster CPU ${perRecord(clusterBefore, clusterAfter, landed)} µs/record; rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
      );
      // kafkajs alone (the reliable producer, all in one call) sending exactly what the job sent: the part of the
      // job's time no change to DLQ Desk's own work can take away.
      const sent = await dlqRecords(brokers, target);
      const floorTarget = `replay-profile-floor-${run}`;
      await createTarget(brokers, floorTarget, dlq.partitions);
      const floorCpu = process.cpuUsage();
      const floor = await reliableProducerRun(brokers, sent, floorTarget);
      const floorMicros = cpuMicrosSince(floorCpu) / floor.records;
      console.log(
        `  reliable producer alone, the job's output: ${Math.round(floor.recordsPerSecond)} records/s; CPU ${Math.round(floorMicros)} µs/record`,
      );
      // The same records copied by kcat on the same cluster, for the job's goal (half of this rate).
      if (!kcatAvailable()) {
        console.log(`  ${KCAT_MISSING}`);
        continue;
      }
      const copyTarget = `replay-profile-kcat-${run}`;
      await createTarget(brokers, copyTarget, dlq.partitions);
      const copyClusterBefore = cpuMs(cluster.pid);
      const copy = await kcatCopyRun(brokers, dlq.topic, copyTarget, ids.length);
      console.log(
        `  kcat copy: ${Math.round(copy.recordsPerSecond)} records/s; cluster CPU ${perRecord(copyClusterBefore, cpuMs(cluster.pid), copy.records)} µs/record;` +
          ` job ÷ kcat ${(jobRate / copy.recordsPerSecond).toFixed(2)}; half of kcat's rate allows ${Math.round(2e6 / copy.recordsPerSecond)} µs/record`,
      );
    }
    gcObserver.disconnect();
    await producer.close();
    await state.stop();
    await ends.close();
    index.close();
  } finally {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The cluster process's CPU per record, in µs, for the report. */
function perRecord(before: number | null, after: number | null, records: number): string {
  const micros = microsPerRecord(before, after, records);
  return micros === null ? '?' : String(Math.round(micros));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
