// Produce v0-2 and Fetch v0-3 on a running cluster, over real TCP: legacy message sets in (kafkajs's own
// Produce v0-2 encoders, kcat forced onto the 0.9.0 protocol, kafka-python speaking 0.10.1) are stored
// as batches v2 that modern clients read; batches from modern clients go out down-converted to legacy
// fetchers. And kcat, now that Produce is advertised from v0, really compresses: its gzip, snappy and
// lz4 batches are stored in that codec and kafkajs (with lib/kafka/codecs.ts) reads them byte for byte.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CompressionTypes, type Kafka, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCompressionCodecs } from '../lib/kafka/codecs';
import { startCluster, type DevCluster } from './index';
import { ApiKey } from './protocol/api-keys';
import { Compression } from './protocol/compression';
import { ErrorCode } from './protocol/error-codes';
import { compressionOf, readBatchHeader } from './protocol/record-batch';
import { kafkajsDecode, kafkajsRequestBody } from './test-support/kafkajs-codecs';
import { kcatRecords, runTool } from './test-support/client-tools';
import { kafkaFor } from './test-support/kafkajs-helpers';
import type { DecodedLegacyMessage } from './test-support/kafkajs-message-sets';
import { RawClient } from './test-support/raw-client';

const PYTHON = '/usr/bin/python3';
/** librdkafka without ApiVersions, on the hard-coded 0.9.0 API list: Produce v1 and Fetch v1, magic 0. */
const KCAT_0_9 = ['-X', 'api.version.request=false', '-X', 'broker.version.fallback=0.9.0'];

let dc: DevCluster;
let kafka: Kafka;
let client: RawClient;
let dir: string;
let correlation = 0;
const recent = Date.now() - 60_000;

beforeAll(async () => {
  await registerCompressionCodecs();
  dc = await startCluster({ brokers: 1 });
  kafka = kafkaFor(dc.bootstrap);
  client = await RawClient.open(dc.bootstrap[0]!);
  dir = await mkdtemp(path.join(tmpdir(), 'devcluster-legacy-'));
});

afterAll(async () => {
  client?.close();
  await dc?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function call<T>(api: 'Produce' | 'Fetch', version: number, args: unknown): Promise<T> {
  const id = ++correlation;
  const kafkajsName = api === 'Produce' ? 'produce' : 'fetch';
  client.send(ApiKey[api], version, id, await kafkajsRequestBody(kafkajsName, version, args));
  const res = await client.receive();
  expect(res.correlationId).toBe(id);
  return kafkajsDecode<T>(kafkajsName, version, res.body);
}

interface FetchedPartition {
  errorCode: number;
  highWatermark: string;
  messages: DecodedLegacyMessage[];
}

async function legacyFetch(version: number, topic: string, fetchOffset: number, maxBytes = 1 << 20) {
  const res = await call<{ responses: { partitions: FetchedPartition[] }[] }>('Fetch', version, {
    replicaId: -1,
    maxWaitTime: 100,
    minBytes: 1,
    maxBytes: 1 << 20,
    topics: [{ topic, partitions: [{ partition: 0, fetchOffset: String(fetchOffset), maxBytes }] }],
  });
  return res.responses[0]!.partitions[0]!;
}

function storedBatches(topic: string) {
  return (dc.cluster.partition(topic, 0)?.log.entries ?? []).map((e) => readBatchHeader(e.bytes));
}

/** One kafkajs consumer group over `topics`, until `expected` messages arrived. */
async function kafkajsConsume(topics: string[], expected: number): Promise<Map<string, KafkaMessage[]>> {
  const consumer = kafka.consumer({ groupId: `legacy-${topics.join('-')}`, maxWaitTimeInMs: 100 });
  const received = new Map<string, KafkaMessage[]>();
  let count = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`consumed ${count} of ${expected}`)), 30_000);
      consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      void consumer.run({
        eachMessage: async ({ topic, message }) => {
          received.set(topic, [...(received.get(topic) ?? []), message]);
          if (++count === expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

const hex = (b: Buffer | null | undefined): string | null => b?.toString('hex') ?? null;

describe('legacy producers, modern consumers', () => {
  it('Produce v0, v1 (magic 0) and v2 (magic 1, gzip) are stored as batches v2 that kafkajs consumes', async () => {
    dc.admin.createTopic({ name: 'legacy-in', partitions: 1 });
    for (const v of [0, 1, 2]) {
      const res = await call<{ topics: { partitions: { errorCode: number; offset: string }[] }[] }>(
        'Produce',
        v,
        {
          acks: -1,
          timeout: 10_000,
          compression: v === 2 ? CompressionTypes.GZIP : CompressionTypes.None,
          topicData: [
            {
              topic: 'legacy-in',
              partitions: [
                {
                  partition: 0,
                  messages: [
                    { key: `v${v}-a`, value: `value ${v}a`, timestamp: recent + v },
                    { key: null, value: null, timestamp: recent + 10 + v },
                  ],
                },
              ],
            },
          ],
        },
      );
      expect(res.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, offset: String(2 * v) });
    }
    expect(
      storedBatches('legacy-in').map((h) => [h.magic, compressionOf(h.attributes), h.recordCount]),
    ).toEqual([
      [2, Compression.None, 2],
      [2, Compression.None, 2],
      [2, Compression.Gzip, 2],
    ]);
    const got = (await kafkajsConsume(['legacy-in'], 6)).get('legacy-in') ?? [];
    expect(
      got.map((m) => [m.offset, m.key?.toString() ?? null, m.value?.toString() ?? null, m.timestamp]),
    ).toEqual([
      ['0', 'v0-a', 'value 0a', '-1'],
      ['1', null, null, '-1'],
      ['2', 'v1-a', 'value 1a', '-1'],
      ['3', null, null, '-1'],
      ['4', 'v2-a', 'value 2a', String(recent + 2)],
      ['5', null, null, String(recent + 12)],
    ]);
  });
});

describe('modern producers, legacy consumers', () => {
  const messages = [
    { key: 'm0', value: 'first', headers: { h: 'dropped for magic 0 and 1' }, timestamp: String(recent) },
    { key: 'm1', value: 'x'.repeat(3_000), timestamp: String(recent + 5) },
    { key: null, value: 'third', timestamp: String(recent + 2) },
  ];

  beforeAll(async () => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({ topic: 'modern-out', messages: messages.slice(0, 1) });
      await producer.send({
        topic: 'modern-out',
        compression: CompressionTypes.GZIP,
        messages: messages.slice(1),
      });
    } finally {
      await producer.disconnect();
    }
  });

  it.each([0, 1, 2, 3])('Fetch v%i gets the batches down-converted, from the fetch offset on', async (v) => {
    const p = await legacyFetch(v, 'modern-out', 1);
    const magic = v <= 1 ? 0 : 1;
    expect(p).toMatchObject({ errorCode: 0, highWatermark: '3' });
    expect(
      p.messages.map((m) => [m.offset, m.magicByte, m.key?.toString() ?? null, m.value?.toString()]),
    ).toEqual([
      ['1', magic, 'm1', messages[1]!.value],
      ['2', magic, null, 'third'],
    ]);
    expect(p.messages.map((m) => m.timestamp)).toEqual(
      magic === 1 ? [String(recent + 5), String(recent + 2)] : [undefined, undefined],
    );
  });

  it('Fetch v0-2 cut each partition at its max bytes (a partial message); v3 returns the first batch whole', async () => {
    const cut = await legacyFetch(1, 'modern-out', 0, 40);
    expect(cut.messages.map((m) => m.offset)).toEqual(['0']);
    const partial = await legacyFetch(1, 'modern-out', 1, 20);
    expect(partial).toMatchObject({ errorCode: 0, messages: [] });
    const whole = await legacyFetch(3, 'modern-out', 1, 1);
    expect(whole.messages.map((m) => m.offset)).toEqual(['1', '2']);
  });

  it('zstd: Produce below v7 and legacy fetches of zstd batches get UNSUPPORTED_COMPRESSION_TYPE', async () => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'zstd-in',
        compression: CompressionTypes.ZSTD,
        messages: [{ value: 'z' }],
      });
    } finally {
      await producer.disconnect();
    }
    expect((await legacyFetch(3, 'zstd-in', 0)).errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    const v6 = await call<{ topics: { partitions: { errorCode: number }[] }[] }>('Produce', 6, {
      acks: 1,
      timeout: 10_000,
      compression: CompressionTypes.ZSTD,
      topicData: [{ topic: 'zstd-in', partitions: [{ partition: 0, messages: [{ value: 'v6' }] }] }],
    });
    expect(v6.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.UNSUPPORTED_COMPRESSION_TYPE);
    expect(storedBatches('zstd-in')).toHaveLength(1);

    // A topic configured for zstd is refused to every fetcher below v10 (KIP-110).
    dc.admin.createTopic({ name: 'zstd-topic', partitions: 1, configs: { 'compression.type': 'zstd' } });
    const fetch = (version: number) =>
      call<{ responses: { partitions: { errorCode: number }[] }[] }>('Fetch', version, {
        replicaId: -1,
        maxWaitTime: 0,
        minBytes: 0,
        maxBytes: 1 << 20,
        isolationLevel: 1,
        topics: [
          {
            topic: 'zstd-topic',
            partitions: [
              {
                partition: 0,
                fetchOffset: '0',
                maxBytes: 1 << 20,
                logStartOffset: '0',
                currentLeaderEpoch: -1,
              },
            ],
          },
        ],
      });
    expect((await fetch(9)).responses[0]!.partitions[0]!.errorCode).toBe(
      ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
    );
    expect((await fetch(10)).responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
  });
});

describe('kcat and kafka-python', () => {
  const CODECS = [
    { name: 'gzip', codec: Compression.Gzip },
    { name: 'snappy', codec: Compression.Snappy },
    { name: 'lz4', codec: Compression.Lz4 },
  ] as const;
  const values = [
    Buffer.from('{"order":"ORD-1","error":"timeout"}\n'.repeat(2_000)),
    Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]),
  ];

  it('kcat -z gzip/snappy/lz4 (modern and on the 0.9.0 protocol) stores that codec; kafkajs reads it byte for byte', async () => {
    const files = await Promise.all(
      values.map(async (value, i) => {
        const file = path.join(dir, `value-${i}`);
        await writeFile(file, value);
        return file;
      }),
    );
    const topics: string[] = [];
    for (const { name } of CODECS) {
      for (const [mode, extra] of [
        ['modern', []],
        ['legacy', KCAT_0_9],
      ] as const) {
        const topic = `kcat-${mode}-${name}`;
        topics.push(topic);
        await runTool('kcat', [
          '-b',
          dc.bootstrap[0]!,
          '-P',
          '-t',
          topic,
          '-z',
          name,
          '-k',
          'key-1',
          ...extra,
          ...files,
        ]);
      }
    }
    const received = await kafkajsConsume(topics, topics.length * values.length);
    for (const { name, codec } of CODECS) {
      for (const mode of ['modern', 'legacy']) {
        const topic = `kcat-${mode}-${name}`;
        // The large value compresses; librdkafka may leave a batch of only the tiny one uncompressed.
        expect(storedBatches(topic).map((h) => compressionOf(h.attributes))).toContain(codec);
        const got = received.get(topic) ?? [];
        expect(got.map((m) => [hex(m.key), hex(m.value)])).toEqual(
          values.map((v) => [hex(Buffer.from('key-1')), hex(v)]),
        );
        // Magic 0 has no timestamps; librdkafka's batches v2 carry the produce time.
        for (const m of got) expect(Number(m.timestamp) === -1).toBe(mode === 'legacy');
      }
    }
  });

  it('kcat on the 0.9.0 protocol (Fetch v1, magic 0) reads kafkajs batches in every legacy codec', async () => {
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const { name, codec } of CODECS) {
        await producer.send({
          topic: `to-kcat-0-9-${name}`,
          compression: codec,
          messages: values.map((value, i) => ({ key: `k${i}`, value, headers: { dropped: 'x' } })),
        });
      }
    } finally {
      await producer.disconnect();
    }
    for (const { name, codec } of CODECS) {
      expect(storedBatches(`to-kcat-0-9-${name}`).map((h) => compressionOf(h.attributes))).toEqual([codec]);
      const got = await kcatRecords(dc.bootstrap, `to-kcat-0-9-${name}`, KCAT_0_9);
      expect(got.map((r) => [r.offset, r.key?.toString() ?? null, hex(r.value)])).toEqual(
        values.map((v, i) => [i, `k${i}`, hex(v)]),
      );
    }
  });

  it('kafka-python on the 0.10.1 protocol (Produce v2 and Fetch v3, magic 1, gzip) both ways with kafkajs', async () => {
    const script = String.raw`
import base64, json, sys
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
mode, bootstrap, topic = sys.argv[1:4]
if mode == 'produce':
    producer = KafkaProducer(bootstrap_servers=bootstrap, api_version=(0, 10, 1), compression_type='gzip', acks='all')
    for r in json.load(sys.stdin):
        producer.send(topic, key=r['key'].encode(), value=base64.b64decode(r['value']), timestamp_ms=r['ts']).get(timeout=30)
    producer.close()
else:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, api_version=(0, 10, 1), consumer_timeout_ms=5000)
    consumer.assign([TopicPartition(topic, 0)])
    consumer.seek_to_beginning()
    out = []
    for m in consumer:
        out.append(dict(offset=m.offset, key=m.key.decode(), value=base64.b64encode(m.value).decode(), ts=m.timestamp))
        if len(out) == int(sys.argv[4]): break
    consumer.close()
    print(json.dumps(out))
`;
    const sent = values.map((v, i) => ({
      key: `py-${i}`,
      value: v.toString('base64'),
      ts: recent + 100 + i,
    }));
    await runTool(PYTHON, ['-c', script, 'produce', dc.bootstrap[0]!, 'from-python-0-10'], {
      input: JSON.stringify(sent),
    });
    expect(
      storedBatches('from-python-0-10').map((h) => [h.magic, compressionOf(h.attributes)]),
    ).toContainEqual([2, Compression.Gzip]);
    const viaKafkajs =
      (await kafkajsConsume(['from-python-0-10'], sent.length)).get('from-python-0-10') ?? [];
    expect(
      viaKafkajs.map((m) => [m.key?.toString(), m.value?.toString('base64'), Number(m.timestamp)]),
    ).toEqual(sent.map((s) => [s.key, s.value, s.ts]));

    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: 'to-python-0-10',
        compression: CompressionTypes.GZIP,
        messages: sent.map((s) => ({
          key: s.key,
          value: Buffer.from(s.value, 'base64'),
          timestamp: String(s.ts),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    const out = await runTool(PYTHON, [
      '-c',
      script,
      'consume',
      dc.bootstrap[0]!,
      'to-python-0-10',
      String(sent.length),
    ]);
    expect(JSON.parse(out.toString())).toEqual(sent.map((s, i) => ({ offset: i, ...s })));
  });
});
