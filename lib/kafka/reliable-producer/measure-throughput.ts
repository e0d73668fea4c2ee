// Measures (does not assert) bulk-send throughput on the embedded cluster: the reliable producer with
// 100,000 1 KB records against a naive loop awaiting one kafkajs send() per record.
//   npx tsx --conditions=react-server lib/kafka/reliable-producer/measure-throughput.ts [records] [naiveRecords]
import 'server-only';
import { Kafka, logLevel } from 'kafkajs';
import { startCluster } from '../../../devcluster';
import { createReliableProducer, type ReliableRecord } from '../reliable-producer';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 100_000);
  const naiveTotal = Number(process.argv[3] ?? 5_000);
  const dc = await startCluster({ brokers: 3, topicDefaults: { 'min.insync.replicas': '2' } });
  try {
    dc.admin.createTopic({ name: 'bulk', partitions: 6, replicationFactor: 3 });
    dc.admin.createTopic({ name: 'naive', partitions: 6, replicationFactor: 3 });
    const value = Buffer.alloc(1024, 'x');
    const records: ReliableRecord[] = Array.from({ length: total }, (_, i) => ({
      topic: 'bulk',
      key: `key-${i % 1000}`,
      value,
    }));

    const producer = createReliableProducer({ brokers: dc.bootstrap });
    await producer.send(records.slice(0, 10));
    let started = performance.now();
    const results = await producer.send(records);
    const bulkSeconds = (performance.now() - started) / 1000;
    await producer.close();
    const failed = results.filter((r) => !r.ok).length;

    const kafka = new Kafka({ clientId: 'naive', brokers: dc.bootstrap, logLevel: logLevel.NOTHING });
    const naive = kafka.producer({ idempotent: true });
    await naive.connect();
    started = performance.now();
    for (let i = 0; i < naiveTotal; i++)
      await naive.send({ topic: 'naive', acks: -1, messages: [{ key: `key-${i % 1000}`, value }] });
    const naiveSeconds = (performance.now() - started) / 1000;
    await naive.disconnect();

    const bulkRate = total / bulkSeconds;
    const naiveRate = naiveTotal / naiveSeconds;
    console.log(
      `reliable producer: ${total} records in ${bulkSeconds.toFixed(1)} s = ${Math.round(bulkRate)} records/s (${failed} failed)`,
    );
    console.log(
      `naive loop:        ${naiveTotal} records in ${naiveSeconds.toFixed(1)} s = ${Math.round(naiveRate)} records/s`,
    );
    console.log(`ratio: ${(bulkRate / naiveRate).toFixed(1)}x`);
  } finally {
    await dc.stop();
  }
}

void main();
