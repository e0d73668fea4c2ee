import { createRequire } from 'node:module';

import { beforeAll, describe, expect, it } from 'vitest';

import { registerCompressionCodecs } from '../../lib/kafka/codecs';
import { crc32c, encodeRecordBatch, type BatchRecord } from './record-batch';

// kafkajs's own record batch decoder is the reference (it ships no types for its internals).
const load = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
const KafkajsDecoder = load('kafkajs/src/protocol/decoder') as new (buffer: Buffer) => unknown;
const decodeBatch = load('kafkajs/src/protocol/recordBatch/v0/decoder') as (decoder: unknown) => Promise<{
  firstTimestamp: string;
  maxTimestamp: string;
  producerId: string;
  records: Array<{
    key: Buffer | null;
    value: Buffer | null;
    timestamp: string;
    offset: string;
    headers: Record<string, unknown>;
  }>;
}>;

const BASE = 1_715_000_000_000;
const RECORDS: BatchRecord[] = [
  {
    key: Buffer.from('order-1'),
    value: Buffer.from('{"orderId":"order-1"}'.repeat(200)),
    headers: [
      ['kafka_dlt-original-partition', Buffer.from([0, 0, 0, 3])],
      ['__connect.errors.exception.message', null],
      ['kafka_dlt-original-partition', Buffer.from([0, 0, 0, 4])],
    ],
    timestamp: BASE,
  },
  { key: null, value: null, headers: [], timestamp: BASE + 86_400_000 },
  {
    key: Buffer.alloc(0),
    value: Buffer.from([0, 0xff, 0x80]),
    headers: [['', Buffer.alloc(0)]],
    timestamp: BASE + 5,
  },
];

describe('encodeRecordBatch', () => {
  beforeAll(() => registerCompressionCodecs());

  it('computes CRC-32C (Castagnoli)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  for (const [compression, attribute] of [
    ['none', 0],
    ['gzip', 1],
    ['snappy', 2],
    ['lz4', 3],
    ['zstd', 4],
  ] as const) {
    it(`writes a v2 batch kafkajs decodes (${compression})`, async () => {
      const batch = await encodeRecordBatch(RECORDS, compression);
      expect(batch.readInt32BE(8)).toBe(batch.length - 12);
      expect(batch.readInt8(16)).toBe(2);
      expect(batch.readInt16BE(21)).toBe(attribute);
      expect(batch.readUInt32BE(17)).toBe(crc32c(batch.subarray(21)));
      expect(batch.readInt32BE(23)).toBe(RECORDS.length - 1);
      expect(batch.readInt32BE(57)).toBe(RECORDS.length);

      const decoded = await decodeBatch(new KafkajsDecoder(batch));
      expect(decoded.firstTimestamp).toBe(String(BASE));
      expect(decoded.maxTimestamp).toBe(String(BASE + 86_400_000));
      expect(decoded.producerId).toBe('-1');
      expect(decoded.records.map((record) => record.offset)).toEqual(['0', '1', '2']);
      expect(decoded.records.map((record) => record.timestamp)).toEqual(
        RECORDS.map((record) => String(record.timestamp)),
      );
      expect(decoded.records.map((record) => record.key)).toEqual(RECORDS.map((record) => record.key));
      expect(decoded.records.map((record) => record.value)).toEqual(RECORDS.map((record) => record.value));
      expect(decoded.records[0]?.headers).toEqual({
        'kafka_dlt-original-partition': [Buffer.from([0, 0, 0, 3]), Buffer.from([0, 0, 0, 4])],
        '__connect.errors.exception.message': null,
      });
      expect(decoded.records[2]?.headers).toEqual({ '': Buffer.alloc(0) });
    });
  }
});
