import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CompressionCodecs, CompressionTypes, Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCluster, type DevCluster } from '../../devcluster';
import { kcatRecords, runTool } from '../../devcluster/test-support/client-tools';
import { createPrng } from '../../scripts/demo-data/prng';
import { lz4Codec, registerCompressionCodecs, snappyCodec, zstdCodec } from './codecs';

/** Text-like data with repeats and random stretches: compressible, but not trivially. */
function sample(size: number, seed: number): Buffer {
  const prng = createPrng(seed);
  const parts: Buffer[] = [];
  let length = 0;
  while (length < size) {
    const part = prng.chance(0.2)
      ? prng.bytes(prng.int(1, 300))
      : Buffer.from(`{"orderId":"ORD-${prng.int(1, 99999)}","status":"${prng.pick(['FAILED', 'RETRY'])}"}\n`);
    parts.push(part);
    length += part.length;
  }
  return Buffer.concat(parts).subarray(0, size);
}

const SIZES = [0, 1, 13, 4096, 65_535, 65_536, 65_537, 3 * 65_536 + 11, 1_100_000];

describe('lz4 codec (LZ4 frame format, as Kafka record batch v2 uses)', () => {
  it('reads frames liblz4 writes, whatever the frame options', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codecs-lz4-'));
    try {
      const data = sample(700_000, 1);
      const file = path.join(dir, 'data');
      await writeFile(file, data);
      const variants = [
        [],
        ['-B4'],
        ['-B5', '--no-frame-crc'],
        ['-B7'],
        ['-BD'],
        ['-BX'],
        ['--content-size'],
        ['-9'],
      ];
      for (const options of variants) {
        const frame = await runTool('lz4', ['-q', '-c', ...options, file]);
        expect((await lz4Codec.decompress(frame)).equals(data), `lz4 ${options.join(' ')}`).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes frames liblz4 reads back byte for byte', async () => {
    for (const size of SIZES) {
      const data = sample(size, size);
      const frame = await lz4Codec.compress({ buffer: data });
      expect(frame.readUInt32LE(0)).toBe(0x184d2204);
      expect((await runTool('lz4', ['-d', '-q', '-c'], { input: frame })).equals(data), `size ${size}`).toBe(
        true,
      );
      expect((await lz4Codec.decompress(frame)).equals(data)).toBe(true);
    }
    const incompressible = createPrng(7).bytes(200_000);
    const frame = await lz4Codec.compress({ buffer: incompressible });
    expect((await runTool('lz4', ['-d', '-q', '-c'], { input: frame })).equals(incompressible)).toBe(true);
  });

  it('rejects what is not an LZ4 frame', async () => {
    await expect(lz4Codec.decompress(Buffer.from('not lz4 at all'))).rejects.toThrow(/lz4/);
  });
});

describe('zstd codec', () => {
  beforeAll(() => registerCompressionCodecs());

  it('reads frames without a content size (streamed, as Java writes them) beyond 1 MiB', async () => {
    const data = sample(3_000_000, 2);
    const frame = await runTool('zstd', ['-q', '-c'], { input: data });
    expect((await zstdCodec.decompress(frame)).equals(data)).toBe(true);
  });

  it('writes frames libzstd reads back byte for byte', async () => {
    for (const size of SIZES) {
      const data = sample(size, size + 1);
      const frame = await zstdCodec.compress({ buffer: data });
      expect((await runTool('zstd', ['-d', '-q', '-c'], { input: frame })).equals(data), `size ${size}`).toBe(
        true,
      );
      expect((await zstdCodec.decompress(frame)).equals(data)).toBe(true);
    }
  });
});

describe('snappy codec', () => {
  it('reads xerial-framed snappy as snappy-java writes it, and raw snappy', async () => {
    // 8-byte magic, version 1, compatible version 1, then one chunk: length 7, raw snappy of "hello"
    // (uncompressed length varint 5, literal tag (5 - 1) << 2, the bytes).
    const hello = Buffer.concat([
      Buffer.from('82534e41505059000000000100000001000000070510', 'hex'),
      Buffer.from('hello'),
    ]);
    expect((await snappyCodec.decompress(hello)).toString()).toBe('hello');
    expect(
      (
        await snappyCodec.decompress(Buffer.concat([Buffer.from('0510', 'hex'), Buffer.from('world')]))
      ).toString(),
    ).toBe('world');
  });

  it('writes xerial framing with 32 KB chunks, like the Java client', async () => {
    const data = sample(100_000, 3);
    const framed = await snappyCodec.compress({ buffer: data });
    expect(framed.subarray(0, 16).toString('hex')).toBe('82534e41505059000000000100000001');
    let offset = 16;
    let chunks = 0;
    while (offset < framed.length) {
      offset += 4 + framed.readInt32BE(offset);
      chunks++;
    }
    expect(offset).toBe(framed.length);
    expect(chunks).toBe(Math.ceil(data.length / 32_768));
    expect((await snappyCodec.decompress(framed)).equals(data)).toBe(true);
  });
});

describe('registerCompressionCodecs', () => {
  it('is idempotent and safe to call concurrently', async () => {
    await Promise.all(Array.from({ length: 5 }, () => registerCompressionCodecs()));
    await registerCompressionCodecs();
    expect(CompressionCodecs[CompressionTypes.Snappy]()).toBe(snappyCodec);
    expect(CompressionCodecs[CompressionTypes.LZ4]()).toBe(lz4Codec);
    expect(CompressionCodecs[CompressionTypes.ZSTD]()).toBe(zstdCodec);
  });
});

// Against the embedded cluster: kcat (librdkafka 2.0) writes and reads real compressed batches.
describe('compressed batches between kafkajs and kcat', () => {
  let cluster: DevCluster;
  let kafka: Kafka;

  beforeAll(async () => {
    await registerCompressionCodecs();
    cluster = await startCluster({ brokers: 1 });
    kafka = new Kafka({ clientId: 'codecs-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  const CODECS = [
    { name: 'gzip', type: CompressionTypes.GZIP, attribute: 1 },
    { name: 'snappy', type: CompressionTypes.Snappy, attribute: 2 },
    { name: 'lz4', type: CompressionTypes.LZ4, attribute: 3 },
    { name: 'zstd', type: CompressionTypes.ZSTD, attribute: 4 },
  ] as const;

  /** Compression codec of every batch the partition stores, read from the cluster model. */
  function storedCodecs(topic: string): number[] {
    const log = cluster.cluster.partition(topic, 0)?.log;
    return (log?.entries ?? []).map((entry) => entry.bytes.readInt16BE(21) & 0x07);
  }

  async function consumeWithKafkajs(topics: string[], expected: number) {
    const consumer = kafka.consumer({ groupId: `codecs-${topics.join('-')}`, maxWaitTimeInMs: 200 });
    const received = new Map<string, KafkaMessage[]>();
    let count = 0;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
        void consumer.run({
          eachMessage: async ({ topic, message }) => {
            received.set(topic, [...(received.get(topic) ?? []), message]);
            if (++count === expected) resolve();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return received;
  }

  it('kafkajs writes with every codec; kafkajs and kcat read it back byte for byte', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    // Recent timestamps: older than the default retention.ms (7 days), the cluster would delete them.
    const base = Date.now() - 60_000;
    const messages = [
      {
        key: Buffer.from('k-1'),
        value: sample(300_000, 11),
        headers: { trace: Buffer.from('t-1') },
        timestamp: `${base + 1}`,
      },
      {
        key: null,
        value: createPrng(12).bytes(5_000),
        headers: { bin: Buffer.from([0, 0, 0, 3]) },
        timestamp: `${base + 2}`,
      },
      { key: Buffer.from('k-3'), value: null, headers: {}, timestamp: `${base + 3}` },
    ];
    try {
      for (const codec of CODECS) {
        await producer.send({ topic: `kafkajs-${codec.name}`, compression: codec.type, messages });
      }
    } finally {
      await producer.disconnect();
    }
    const topics = CODECS.map((codec) => `kafkajs-${codec.name}`);
    const received = await consumeWithKafkajs(topics, topics.length * messages.length);
    for (const codec of CODECS) {
      const topic = `kafkajs-${codec.name}`;
      expect(storedCodecs(topic)).toEqual([codec.attribute]);
      const viaKafkajs = received.get(topic) ?? [];
      const viaKcat = await kcatRecords(cluster.bootstrap, topic);
      messages.forEach((sent, i) => {
        expect(viaKafkajs[i]?.key ?? null).toEqual(sent.key);
        expect(viaKafkajs[i]?.value ?? null).toEqual(sent.value);
        expect(viaKafkajs[i]?.headers).toEqual(sent.headers);
        expect(viaKafkajs[i]?.timestamp).toBe(sent.timestamp);
        expect(viaKcat[i]?.key).toEqual(sent.key);
        expect(viaKcat[i]?.value).toEqual(sent.value);
        expect(viaKcat[i]?.headers).toEqual(Object.entries(sent.headers));
        expect(String(viaKcat[i]?.timestamp)).toBe(sent.timestamp);
      });
    }
  });

  it('kcat writes with every codec; kafkajs reads it back byte for byte', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'codecs-kcat-'));
    try {
      // kcat -P sends each file as one message: the only way to hand it arbitrary bytes.
      const values = [sample(200_000, 21), createPrng(22).bytes(3_000), Buffer.from('plain text value')];
      const files = await Promise.all(
        values.map(async (value, i) => {
          const file = path.join(dir, `value-${i}`);
          await writeFile(file, value);
          return file;
        }),
      );
      const before = Date.now();
      for (const codec of CODECS) {
        await runTool('kcat', [
          '-b',
          cluster.bootstrap.join(','),
          '-P',
          '-t',
          `kcat-${codec.name}`,
          '-z',
          codec.name,
          '-k',
          'order-17',
          '-H',
          'trace=abc-123',
          '-H',
          'empty=',
          '-H',
          'nullvalue',
          ...files,
        ]);
      }
      const after = Date.now();
      const topics = CODECS.map((codec) => `kcat-${codec.name}`);
      const received = await consumeWithKafkajs(topics, topics.length * values.length);
      for (const codec of CODECS) {
        const topic = `kcat-${codec.name}`;
        // librdkafka leaves a batch uncompressed when compressing would not shrink it.
        expect(storedCodecs(topic)).toContain(codec.attribute);
        const viaKafkajs = received.get(topic) ?? [];
        const viaKcat = await kcatRecords(cluster.bootstrap, topic);
        expect(viaKafkajs.map((message) => message.value)).toEqual(values);
        viaKafkajs.forEach((message, i) => {
          expect(message.key).toEqual(Buffer.from('order-17'));
          expect(message.headers?.trace).toEqual(Buffer.from('abc-123'));
          expect(message.headers?.empty).toEqual(Buffer.alloc(0));
          expect(message.headers?.nullvalue ?? null).toBeNull();
          expect(Number(message.timestamp)).toBeGreaterThanOrEqual(before - 1);
          expect(Number(message.timestamp)).toBeLessThanOrEqual(after + 1);
          expect(Number(message.timestamp)).toBe(viaKcat[i]?.timestamp);
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
