// npx tsx devcluster/throughput.ts [records]
// Measures produce and fetch throughput of 1 KB records against a 3-broker devcluster running in its
// own process (so the client's CPU is not the cluster's), with kafkajs and with kcat (librdkafka).
// Topics have 3 partitions, replication factor 3; producers use acks=all.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startCluster } from './index';

const RECORDS = Number(process.argv[2] ?? 100_000);
const RECORD_SIZE = 1024;
const BATCH = 1000;
const IN_FLIGHT = 4;

function rate(count: number, ms: number): string {
  return `${Math.round((count * 1000) / ms).toLocaleString('en-US')} rec/s (${count} in ${Math.round(ms)} ms)`;
}

/** CPU time (user + system) a process has used, from /proc: shows whether the cluster was the limit. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Runs one measurement and reports how busy the cluster process and this (kafkajs) process were. */
async function phase(name: string, pid: number, run: () => Promise<number> | number): Promise<void> {
  const clusterBefore = cpuMs(pid);
  const selfBefore = process.cpuUsage();
  const ms = await run();
  const cluster = Math.round(((cpuMs(pid) - clusterBefore) / ms) * 100);
  const used = process.cpuUsage(selfBefore);
  const self = Math.round(((used.user + used.system) / 1000 / ms) * 100);
  console.log(
    `${name.padEnd(16)} ${rate(RECORDS, ms)}; CPU: cluster ${cluster}%, this process ${self}% of a core`,
  );
}

async function measureStartup(): Promise<number> {
  const t0 = performance.now();
  const cluster = await startCluster({ brokers: 3 });
  const ms = performance.now() - t0;
  await cluster.stop();
  return ms;
}

function startClusterProcess(): Promise<{ child: ChildProcess; bootstrap: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, 'cli.ts'), '--port', '0', '--quiet'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /bootstrap: (\S+)/.exec(out);
      if (match) resolve({ child, bootstrap: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`devcluster exited with ${code}`)));
  });
}

async function kafkajsProduce(kafka: Kafka, topic: string, value: Buffer): Promise<number> {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = Array.from({ length: BATCH }, (_, i) => ({ value, partition: i % 3 }));
  const t0 = performance.now();
  let sent = 0;
  const worker = async (): Promise<void> => {
    while (sent < RECORDS) {
      sent += BATCH;
      await producer.send({ topic, acks: -1, messages });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const ms = performance.now() - t0;
  await producer.disconnect();
  return ms;
}

async function kafkajsFetch(kafka: Kafka, topic: string): Promise<number> {
  const consumer = kafka.consumer({
    groupId: `throughput-${Date.now()}`,
    maxBytes: 50 << 20,
    maxBytesPerPartition: 10 << 20,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let t0 = 0;
  let count = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (t0 === 0) t0 = performance.now();
        count += batch.messages.length;
        if (count >= RECORDS) resolve();
      },
    });
  });
  const ms = performance.now() - t0;
  await consumer.disconnect();
  return ms;
}

function timed(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`${cmd} exited with ${result.status}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  console.log(`3 brokers started in-process in ${(await measureStartup()).toFixed(1)} ms`);
  const { child, bootstrap } = await startClusterProcess();
  const dir = mkdtempSync(join(tmpdir(), 'devcluster-throughput-'));
  try {
    const kafka = new Kafka({
      clientId: 'throughput',
      brokers: bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: ['tp-kafkajs', 'tp-kcat'].map((topic) => ({ topic, numPartitions: 3, replicationFactor: 3 })),
    });
    await admin.disconnect();

    const pid = child.pid!;
    const value = randomBytes(RECORD_SIZE);
    await phase('kafkajs produce:', pid, () => kafkajsProduce(kafka, 'tp-kafkajs', value));
    await phase('kafkajs fetch:', pid, () => kafkajsFetch(kafka, 'tp-kafkajs'));

    const line = randomBytes((RECORD_SIZE * 3) / 4).toString('base64');
    const file = join(dir, 'records.txt');
    writeFileSync(file, `${line}\n`.repeat(RECORDS));
    const kcatOptions = ['-X', 'acks=all', '-X', 'linger.ms=5', '-X', 'batch.num.messages=10000'];
    await phase('kcat produce:', pid, () =>
      timed('kcat', ['-P', '-b', bootstrap, '-t', 'tp-kcat', '-l', ...kcatOptions, file]),
    );
    await phase('kcat fetch:', pid, () =>
      timed('kcat', [
        '-C',
        '-b',
        bootstrap,
        '-t',
        'tp-kcat',
        '-o',
        'beginning',
        '-e',
        '-q',
        '-c',
        String(RECORDS),
      ]),
    );
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
