// The embedded cluster proven with clients that are not kafkajs: kcat (librdkafka 2.0) and Python's
// kafka-python 2.0 and confluent_kafka (librdkafka again, but its own consumer-group client code).
// Whatever one client writes, another reads back byte for byte.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CompressionCodecs, CompressionTypes, Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCluster, type DevCluster } from '../index';
import { decompress } from '../protocol/compression';
import { kcatRecords, runTool } from '../test-support/client-tools';

const PYTHON = '/usr/bin/python3';
const LZ4 = 3;
const ZSTD = 4;

interface Sent {
  key: Buffer | null;
  value: Buffer | null;
  headers: Array<[string, Buffer | null]>;
  timestamp: number;
}

// One fixed script; the records travel as JSON on stdin and stdout, bytes in base64.
const PYTHON_CLIENTS = String.raw`
import base64, json, sys, time
mode, bootstrap, topic = sys.argv[1], sys.argv[2], sys.argv[3]
b64 = lambda b: None if b is None else base64.b64encode(b).decode()
unb64 = lambda s: None if s is None else base64.b64decode(s)

def dump(records, **extra):
    print(json.dumps(dict(records=[dict(key=b64(k), value=b64(v), timestamp=t, headers=[[n, b64(h)] for n, h in hs])
                                   for k, v, t, hs in records], **extra)))

if mode == 'kafka-python-produce':
    from kafka import KafkaProducer
    producer = KafkaProducer(bootstrap_servers=bootstrap.split(','), acks='all', compression_type='gzip')
    for r in json.load(sys.stdin):
        producer.send(topic, key=unb64(r['key']), value=unb64(r['value']), timestamp_ms=r['timestamp'],
                      headers=[(n, unb64(v)) for n, v in r['headers']]).get(timeout=30)
    producer.close()
    dump([], api_version=list(producer.config['api_version']))
elif mode == 'kafka-python-consume':
    from kafka import KafkaConsumer
    expected = int(sys.argv[4])
    consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap.split(','), group_id='kafka-python-' + topic,
                             auto_offset_reset='earliest', enable_auto_commit=False)
    records, deadline = [], time.time() + 40
    while len(records) < expected and time.time() < deadline:
        for batch in consumer.poll(timeout_ms=500).values():
            records += [(m.key, m.value, m.timestamp, m.headers) for m in batch]
    consumer.close()
    dump(records)
elif mode == 'confluent-produce':
    from confluent_kafka import Producer
    producer = Producer({'bootstrap.servers': bootstrap, 'acks': 'all', 'compression.type': 'zstd'})
    for r in json.load(sys.stdin):
        producer.produce(topic, key=unb64(r['key']), value=unb64(r['value']), timestamp=r['timestamp'],
                         headers=[(n, unb64(v)) for n, v in r['headers']])
    if producer.flush(30) != 0:
        sys.exit('records left unsent')
    dump([])
elif mode == 'confluent-consume':
    from confluent_kafka import Consumer
    expected = int(sys.argv[4])
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'confluent-' + topic,
                         'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
    consumer.subscribe([topic])
    records, deadline = [], time.time() + 40
    while len(records) < expected and time.time() < deadline:
        m = consumer.poll(0.5)
        if m is None:
            continue
        if m.error():
            sys.exit(str(m.error()))
        records.append((m.key(), m.value(), m.timestamp()[1], m.headers() or []))
    consumer.close()
    dump(records)
`;

interface PythonResult {
  records: Array<{
    key: string | null;
    value: string | null;
    timestamp: number;
    headers: Array<[string, string | null]>;
  }>;
  api_version?: number[];
}

async function python(
  mode: string,
  bootstrap: string[],
  topic: string,
  extra: string[] = [],
  records: Sent[] = [],
) {
  const input = JSON.stringify(
    records.map((record) => ({
      key: record.key?.toString('base64') ?? null,
      value: record.value?.toString('base64') ?? null,
      timestamp: record.timestamp,
      headers: record.headers.map(([name, value]) => [name, value?.toString('base64') ?? null]),
    })),
  );
  const output = JSON.parse(
    (
      await runTool(PYTHON, ['-c', PYTHON_CLIENTS, mode, bootstrap.join(','), topic, ...extra], { input })
    ).toString(),
  ) as PythonResult;
  const bytes = (text: string | null) => (text === null ? null : Buffer.from(text, 'base64'));
  return {
    apiVersion: output.api_version,
    records: output.records.map((record) => ({
      key: bytes(record.key),
      value: bytes(record.value),
      timestamp: record.timestamp,
      headers: record.headers.map(([name, value]): [string, Buffer | null] => [name, bytes(value)]),
    })),
  };
}

/** kafkajs gives headers as an object: a repeated name becomes an array, in order. */
function asKafkajsHeaders(
  headers: Array<[string, Buffer | null]>,
): Record<string, Buffer | null | Array<Buffer | null>> {
  const result: Record<string, Buffer | null | Array<Buffer | null>> = {};
  for (const [name, value] of headers) {
    const existing = result[name];
    if (existing === undefined) result[name] = value;
    else result[name] = [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return result;
}

const binary = (length: number, seed: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 131 + seed * 17) % 256));

describe('independent clients against the embedded cluster', () => {
  let cluster: DevCluster;
  let kafka: Kafka;
  let dir: string;

  beforeAll(async () => {
    // kafkajs has no lz4 or zstd; read librdkafka's batches with the cluster's own decompression.
    for (const [type, codec] of [
      [CompressionTypes.LZ4, LZ4],
      [CompressionTypes.ZSTD, ZSTD],
    ] as const) {
      CompressionCodecs[type] = () => ({
        compress: () => Promise.reject(new Error('kafkajs writes gzip in this test')),
        decompress: (buffer: Buffer) => decompress(codec, buffer),
      });
    }
    cluster = await startCluster({ brokers: 3 });
    kafka = new Kafka({
      clientId: 'independent-clients',
      brokers: cluster.bootstrap,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          'from-kcat',
          'to-kcat',
          'from-kafka-python',
          'to-kafka-python',
          'from-confluent',
          'to-confluent',
        ].map((topic) => ({
          topic,
          numPartitions: 1,
          replicationFactor: 3,
        })),
      });
    } finally {
      await admin.disconnect();
    }
    dir = await mkdtemp(path.join(tmpdir(), 'independent-clients-'));
  });

  afterAll(async () => {
    await cluster?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function kafkajsConsume(topic: string, expected: number): Promise<KafkaMessage[]> {
    const consumer = kafka.consumer({ groupId: `kafkajs-${topic}`, maxWaitTimeInMs: 200 });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
        void consumer.run({
          eachMessage: async ({ message }) => {
            messages.push(message);
            if (messages.length === expected) resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  async function kafkajsProduce(
    topic: string,
    records: Sent[],
    compression = CompressionTypes.GZIP,
  ): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        acks: -1,
        compression,
        messages: records.map((record) => ({
          key: record.key,
          value: record.value,
          timestamp: String(record.timestamp),
          headers: asKafkajsHeaders(record.headers) as Record<string, Buffer | Buffer[]>,
        })),
      });
    } finally {
      await producer.disconnect();
    }
  }

  const recent = Date.now() - 60_000;
  const toOthers: Sent[] = [
    {
      key: Buffer.from('order-1'),
      value: Buffer.from('{"orderId":"order-1"}'),
      headers: [['trace', Buffer.from('t-1')]],
      timestamp: recent + 1,
    },
    {
      key: null,
      value: binary(2_000, 2),
      headers: [
        ['partition', Buffer.from([0, 0, 0, 3])],
        ['offset', binary(8, 9)],
      ],
      timestamp: recent + 2,
    },
    { key: binary(5, 3), value: null, headers: [], timestamp: recent + 3 },
    {
      key: Buffer.from('k'),
      value: Buffer.from('é✓ ünïcode'),
      headers: [
        ['dup', Buffer.from('first')],
        ['dup', Buffer.from('second')],
      ],
      timestamp: recent + 4,
    },
  ];

  it('kcat -L lists the brokers, the controller and every partition with leader, replicas and ISR', async () => {
    const metadata = JSON.parse(
      (await runTool('kcat', ['-b', cluster.bootstrap[0]!, '-L', '-J'])).toString(),
    ) as {
      controllerid: number;
      brokers: Array<{ id: number; name: string }>;
      topics: Array<{
        topic: string;
        partitions: Array<{
          partition: number;
          leader: number;
          replicas: Array<{ id: number }>;
          isrs: Array<{ id: number }>;
        }>;
      }>;
    };
    expect(metadata.brokers.map((broker) => broker.name).sort()).toEqual([...cluster.bootstrap].sort());
    expect(metadata.brokers.map((broker) => broker.id)).toContain(metadata.controllerid);
    const topic = metadata.topics.find((candidate) => candidate.topic === 'from-kcat');
    const state = cluster.admin.partitionState('from-kcat', 0);
    expect(topic?.partitions).toHaveLength(1);
    expect(topic?.partitions[0]?.leader).toBe(state.leader);
    expect(topic?.partitions[0]?.replicas.map((replica) => replica.id).sort()).toEqual(
      [...state.replicas].sort(),
    );
    expect(topic?.partitions[0]?.isrs.map((replica) => replica.id).sort()).toEqual([...state.isr].sort());
  });

  it('what kcat produces (headers, lz4) kafkajs reads back byte for byte', async () => {
    // kcat -P sends each file as one message: the way to hand it arbitrary bytes.
    const values = [binary(70_000, 1), Buffer.from('{"event":"OrderCreated"}'), binary(300, 4)];
    const files = await Promise.all(
      values.map(async (value, i) => {
        const file = path.join(dir, `kcat-${i}`);
        await writeFile(file, value);
        return file;
      }),
    );
    const before = Date.now();
    await runTool('kcat', [
      '-b',
      cluster.bootstrap.join(','),
      '-P',
      '-t',
      'from-kcat',
      '-z',
      'lz4',
      '-k',
      'order-7',
      '-H',
      'trace=abc',
      '-H',
      'empty=',
      '-H',
      'nothing',
      '-H',
      'trace=again',
      ...files,
    ]);
    const after = Date.now();
    const received = await kafkajsConsume('from-kcat', values.length);
    const viaKcat = await kcatRecords(cluster.bootstrap, 'from-kcat');
    expect(received.map((message) => message.value)).toEqual(values);
    received.forEach((message, i) => {
      expect(message.key).toEqual(Buffer.from('order-7'));
      expect(message.headers).toEqual({
        trace: [Buffer.from('abc'), Buffer.from('again')],
        empty: Buffer.alloc(0),
        nothing: null,
      });
      expect(Number(message.timestamp)).toBe(viaKcat[i]?.timestamp);
      expect(Number(message.timestamp)).toBeGreaterThanOrEqual(before - 1);
      expect(Number(message.timestamp)).toBeLessThanOrEqual(after + 1);
    });
    expect(viaKcat[0]?.headers).toEqual([
      ['trace', Buffer.from('abc')],
      ['empty', Buffer.alloc(0)],
      ['nothing', null],
      ['trace', Buffer.from('again')],
    ]);
  });

  it('kcat -z lz4 batches are stored lz4-compressed (librdkafka compresses only when the broker advertises Produce v0)', async () => {
    const file = path.join(dir, 'lz4-check');
    await writeFile(file, Buffer.alloc(50_000, 'compressible '));
    await runTool('kcat', [
      '-b',
      cluster.bootstrap.join(','),
      '-P',
      '-t',
      'kcat-lz4-stored',
      '-z',
      'lz4',
      file,
    ]);
    const entries = cluster.cluster.partition('kcat-lz4-stored', 0)?.log.entries ?? [];
    expect(entries.map((entry) => entry.bytes.readInt16BE(21) & 0x07)).toEqual([LZ4]);
  });

  it('what kafkajs produces kcat reads back byte for byte, headers in order', async () => {
    await kafkajsProduce('to-kcat', toOthers);
    const viaKcat = await kcatRecords(cluster.bootstrap, 'to-kcat');
    expect(viaKcat.map(({ key, value, headers, timestamp }) => ({ key, value, headers, timestamp }))).toEqual(
      toOthers,
    );
  });

  it('kafka-python: what it produces kafkajs reads back byte for byte, and the reverse', async () => {
    const fromPython: Sent[] = [
      {
        key: Buffer.from('py-1'),
        value: binary(4_000, 5),
        headers: [
          ['a', Buffer.from([0, 1, 2])],
          ['b', Buffer.from('text')],
        ],
        timestamp: recent + 10,
      },
      {
        key: null,
        value: Buffer.from('no key'),
        headers: [
          ['a', Buffer.from('again')],
          ['a', Buffer.from('thrice')],
        ],
        timestamp: recent + 11,
      },
      { key: Buffer.from('py-3'), value: null, headers: [], timestamp: recent + 12 },
    ];
    const produced = await python(
      'kafka-python-produce',
      cluster.bootstrap,
      'from-kafka-python',
      [],
      fromPython,
    );
    // kafka-python infers the broker version from the ApiVersions maxima (Produce v7 + Fetch v11 read
    // as Kafka 2.3); record headers need 0.11 or later.
    const [major = 0, minor = 0] = produced.apiVersion ?? [];
    expect(major * 100 + minor).toBeGreaterThanOrEqual(11);
    const received = await kafkajsConsume('from-kafka-python', fromPython.length);
    received.forEach((message, i) => {
      const sent = fromPython[i]!;
      expect(message.key ?? null).toEqual(sent.key);
      expect(message.value ?? null).toEqual(sent.value);
      expect(message.headers).toEqual(asKafkajsHeaders(sent.headers));
      expect(Number(message.timestamp)).toBe(sent.timestamp);
    });

    await kafkajsProduce('to-kafka-python', toOthers);
    const consumed = await python('kafka-python-consume', cluster.bootstrap, 'to-kafka-python', [
      String(toOthers.length),
    ]);
    expect(consumed.records).toEqual(toOthers);
  });

  it('confluent_kafka: what it produces (null header values, zstd) kafkajs reads back byte for byte, and the reverse', async () => {
    const fromConfluent: Sent[] = [
      {
        key: Buffer.from('ck-1'),
        value: binary(9_000, 6),
        headers: [
          ['n', null],
          ['bin', binary(8, 1)],
          ['n', Buffer.from('x')],
        ],
        timestamp: recent + 20,
      },
      { key: null, value: Buffer.from('{"ok":true}'), headers: [], timestamp: recent + 21 },
    ];
    await python('confluent-produce', cluster.bootstrap, 'from-confluent', [], fromConfluent);
    const codecs = (cluster.cluster.partition('from-confluent', 0)?.log.entries ?? []).map(
      (entry) => entry.bytes.readInt16BE(21) & 0x07,
    );
    // librdkafka sends a batch uncompressed when zstd would not make it smaller (the tiny record).
    expect(codecs).toContain(ZSTD);
    const received = await kafkajsConsume('from-confluent', fromConfluent.length);
    received.forEach((message, i) => {
      const sent = fromConfluent[i]!;
      expect(message.key ?? null).toEqual(sent.key);
      expect(message.value ?? null).toEqual(sent.value);
      expect(message.headers).toEqual(asKafkajsHeaders(sent.headers));
      expect(Number(message.timestamp)).toBe(sent.timestamp);
    });

    await kafkajsProduce('to-confluent', toOthers);
    const consumed = await python('confluent-consume', cluster.bootstrap, 'to-confluent', [
      String(toOthers.length),
    ]);
    expect(consumed.records).toEqual(toOthers);
  });
});
