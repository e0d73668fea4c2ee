// scripts/patch-kafkajs.mjs patches kafkajs at npm install: records encoded and batches checksummed faster,
// record headers decoded and messages grouped per partition in linear time. These tests hold the patched code to
// the Kafka format independently of kafkajs: its CRC-32C against the bit-by-bit definition, its record encoding
// against one written here from the protocol description, records it produced read back by librdkafka (kcat) with
// CRC checks on, each in its partition and in order (the embedded cluster checks every batch's CRC on produce as
// well), and a DLQ record with 10,000 headers decoded whole.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';

import type { IHeaders, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startCluster, type DevCluster } from '../../devcluster';
import { kcatRecords } from '../../devcluster/test-support/client-tools';
import { consumeCount, kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';

const require = createRequire(import.meta.url);
const kafkajsCrc32C = require('kafkajs/src/protocol/recordBatch/crc32C') as (buffer: Buffer) => number;
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (record: {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}) => { buffer: Buffer };

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) one bit at a time, as the definition goes. */
function crc32cBitwise(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Unsigned LEB128 of a zigzag-encoded integer: Kafka's varint and varlong. */
function varint(value: bigint): number[] {
  let zigzag = value >= 0n ? value * 2n : -value * 2n - 1n;
  const out: number[] = [];
  do {
    const low = Number(zigzag & 0x7fn);
    zigzag >>= 7n;
    out.push(zigzag > 0n ? low | 0x80 : low);
  } while (zigzag > 0n);
  return out;
}

const bytesOf = (value: Buffer | string) => (typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
const sized = (value: Buffer | string | null) =>
  value === null ? varint(-1n) : [...varint(BigInt(bytesOf(value).length)), ...bytesOf(value)];

/** A record of record batch v2, from the protocol description. */
function referenceRecord(record: {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers: [string, Buffer | string][];
}): Buffer {
  const body = [
    0, // attributes
    ...varint(BigInt(record.timestampDelta)),
    ...varint(BigInt(record.offsetDelta)),
    ...sized(record.key),
    ...sized(record.value),
    ...varint(BigInt(record.headers.length)),
    ...record.headers.flatMap(([name, value]) => [...sized(name), ...sized(value)]),
  ];
  return Buffer.from([...varint(BigInt(body.length)), ...body]);
}

describe('CRC-32C as patched', () => {
  it('gives the standard check value and matches the bitwise definition at every length and alignment', () => {
    expect(kafkajsCrc32C(Buffer.from('123456789'))).toBe(0xe3069283);
    const data = randomBytes(70_000);
    for (let length = 0; length <= 40; length++) {
      for (const start of [0, 1, 3, 7]) {
        const slice = data.subarray(start, start + length);
        expect(kafkajsCrc32C(slice), `length ${length} at ${start}`).toBe(crc32cBitwise(slice));
      }
    }
    expect(kafkajsCrc32C(data)).toBe(crc32cBitwise(data));
  });
});

describe('record encoding as patched', () => {
  // Lengths on both sides of each varint width: 63/64 bytes (1 -> 2 bytes), 8,191/8,192 (2 -> 3).
  const records = [
    { offsetDelta: 0, timestampDelta: 0, key: null, value: null, headers: [] },
    { offsetDelta: 1, timestampDelta: 5, key: 'k', value: '', headers: [['h', '']] },
    { offsetDelta: 63, timestampDelta: -1, key: 'x'.repeat(63), value: 'y'.repeat(64), headers: [] },
    {
      offsetDelta: 64,
      timestampDelta: 2 ** 40,
      key: Buffer.alloc(8191, 1),
      value: Buffer.alloc(8192, 2),
      headers: [
        ['émoji-☃', 'välue 🚀'],
        ['repeated', 'first'],
        ['repeated', Buffer.from([0, 255, 128])],
      ],
    },
    {
      offsetDelta: 1999,
      timestampDelta: 123_456,
      key: randomBytes(70_000),
      value: randomBytes(1_100_000),
      headers: Array.from({ length: 70 }, (_, i): [string, string] => [`h${i}`, 'v'.repeat(i * 3)]),
    },
  ] as const satisfies {
    offsetDelta: number;
    timestampDelta: number;
    key: Buffer | string | null;
    value: Buffer | string | null;
    headers: readonly (readonly [string, Buffer | string])[];
  }[];

  it('writes each record byte for byte as the record batch v2 format lays it out', () => {
    for (const record of records) {
      const headers: IHeaders = {};
      for (const [name, value] of record.headers) {
        const seen = headers[name];
        headers[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen!]), value];
      }
      const encoded = kafkajsRecord({ ...record, headers }).buffer;
      const expected = referenceRecord({ ...record, headers: record.headers.map(([n, v]) => [n, v]) });
      expect(encoded.equals(expected), `record at offset delta ${record.offsetDelta}`).toBe(true);
    }
  });
});

describe('records through the patched kafkajs', () => {
  let cluster: DevCluster;
  let kafka: Kafka;

  beforeAll(async () => {
    cluster = await startCluster({ brokers: 1 });
    cluster.admin.createTopic({ name: 'patched-encoding', partitions: 3, replicationFactor: 1 });
    cluster.admin.createTopic({ name: 'many-headers.DLT', partitions: 1, replicationFactor: 1 });
    kafka = kafkaFor(cluster.bootstrap);
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('decodes 10,000 headers, repeated keys as arrays in order, __proto__ as an own header', async () => {
    const headers: IHeaders = {};
    for (let i = 0; i < 10_000; i += 1) headers[`h-${i}`] = `v-${i}`;
    headers.repeated = ['first', 'second', 'third'];
    Object.defineProperty(headers, '__proto__', { value: 'not a prototype', enumerable: true });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'many-headers.DLT', messages: [{ key: 'k', value: '{}', headers }] });
    await producer.disconnect();

    const [consumed] = await consumeCount(kafka, 'many-headers.DLT', 1, 120_000);
    const got = consumed!.message.headers!;
    expect(Object.keys(got)).toHaveLength(10_002);
    expect(got['h-0']!.toString()).toBe('v-0');
    expect(got['h-9999']!.toString()).toBe('v-9999');
    expect((got.repeated as Buffer[]).map(String)).toEqual(['first', 'second', 'third']);
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value.toString()).toBe('not a prototype');
  }, 180_000);

  it('are read back by librdkafka with CRC checks on, every key, value and header intact, in their partitions in order', async () => {
    const messages = Array.from({ length: 300 }, (_, i) => ({
      partition: (i % 5) % 3,
      key: i % 7 === 0 ? null : `key-${i}-${'k'.repeat(i % 70)}`,
      value: `value ${i} ${'€'.repeat(i * 11)}`,
      headers: { 'dlqdesk-n': String(i), repeated: ['a', `b-${i}`], ünïcode: '✓'.repeat(i % 5) },
    }));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      for (let i = 0; i < messages.length; i += 100)
        await producer.send({ topic: 'patched-encoding', acks: -1, messages: messages.slice(i, i + 100) });
    } finally {
      await producer.disconnect();
    }

    // With librdkafka's CRC checks on, a batch with a bad checksum is an error (the read fails), not a record.
    const read = await kcatRecords(cluster.bootstrap, 'patched-encoding', ['-X', 'check.crcs=true']);
    expect(read).toHaveLength(messages.length);
    for (const partition of [0, 1, 2]) {
      const got = read.filter((r) => r.partition === partition).sort((a, b) => a.offset - b.offset);
      const sent = messages.filter((m) => m.partition === partition);
      expect(got.map((r) => r.offset)).toEqual(sent.map((_, offset) => offset));
      got.forEach((record, i) => {
        const message = sent[i]!;
        expect(record.key?.toString('utf8') ?? null).toBe(message.key);
        expect(record.value?.toString('utf8')).toBe(message.value);
        expect(record.headers.map(([name, value]) => [name, value?.toString('utf8')])).toEqual([
          ['dlqdesk-n', message.headers['dlqdesk-n']],
          ['repeated', 'a'],
          ['repeated', message.headers.repeated[1]],
          ['ünïcode', message.headers.ünïcode],
        ]);
      });
    }
  }, 120_000);
});
