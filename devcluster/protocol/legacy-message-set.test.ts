// Legacy message sets against kafkajs 2.2.4's own encoder and decoders, with the snappy and lz4 codecs of
// lib/kafka/codecs.ts registered in kafkajs: produced message sets become batches v2 that kafkajs's
// record batch decoder reads, stored batches down-convert to message sets its message set decoder reads.
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCompressionCodecs } from '../../lib/kafka/codecs';
import { kafkajsBatch, kafkajsDecodeBatch } from '../test-support/kafkajs-codecs';
import { kafkajsDecodeMessageSet, kafkajsMessageSet } from '../test-support/kafkajs-message-sets';
import { Compression } from './compression';
import { crc32 } from './crc32';
import { downConvertBatch, parseLegacyMessageSet, UnsupportedCompressionError } from './legacy-message-set';
import { ProtocolDecodeError } from './reader';
import {
  compressionOf,
  encodeBatch,
  readBatchHeader,
  splitProducedBatches,
  stampBatch,
} from './record-batch';

const CODECS = [
  { name: 'none', codec: Compression.None },
  { name: 'gzip', codec: Compression.Gzip },
  { name: 'snappy', codec: Compression.Snappy },
  { name: 'lz4', codec: Compression.Lz4 },
] as const;
const T0 = 1_700_000_000_000;
// Over one xerial snappy block (32 KiB); compared as hex, which vitest diffs far faster than Buffers.
const big = Buffer.from('{"orderId":"ORD-1","status":"FAILED"}\n'.repeat(1_000));
const hex = (b: Buffer | null): string | null => b?.toString('hex') ?? null;

beforeAll(async () => {
  await registerCompressionCodecs();
});

describe('produced message sets become one batch v2', () => {
  it('computes CRC-32 (IEEE) check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  for (const magic of [0, 1] as const) {
    it.each(CODECS)(`magic ${magic}, $name: records, timestamps and codec kept`, async ({ codec }) => {
      const entries = [
        { key: 'k1', value: big, timestamp: T0 },
        { key: null, value: null, timestamp: T0 + 7 },
        { key: Buffer.from([0, 255]), value: 'v3', timestamp: T0 + 3 },
      ];
      const legacy = parseLegacyMessageSet(await kafkajsMessageSet(magic, entries, codec));
      expect(legacy.codec).toBe(codec);
      const batch = encodeBatch(legacy.records, legacy.codec);
      const [split] = splitProducedBatches(batch);
      expect(split!.header).toMatchObject({
        magic: 2,
        recordCount: 3,
        producerId: -1,
        baseSequence: -1,
        firstTimestamp: magic === 1 ? T0 : -1,
        maxTimestamp: magic === 1 ? T0 + 7 : -1,
      });
      expect(compressionOf(split!.header.attributes)).toBe(codec);
      const decoded = await kafkajsDecodeBatch(stampBatch(batch, 100, 0));
      expect(decoded.records.map((r) => [r.offset, hex(r.key), hex(r.value), r.timestamp])).toEqual([
        ['100', hex(Buffer.from('k1')), hex(big), magic === 1 ? String(T0) : '-1'],
        ['101', null, null, magic === 1 ? String(T0 + 7) : '-1'],
        ['102', '00ff', hex(Buffer.from('v3')), magic === 1 ? String(T0 + 3) : '-1'],
      ]);
    });
  }

  it('refuses corrupt sets (CRC, sizes, nesting, magic) and zstd', async () => {
    const plain = await kafkajsMessageSet(1, [{ key: 'k', value: 'v', timestamp: T0 }]);
    const flipped = Buffer.from(plain);
    flipped[flipped.length - 1]! ^= 1;
    expect(() => parseLegacyMessageSet(flipped)).toThrow(/CRC/);
    expect(() => parseLegacyMessageSet(plain.subarray(0, plain.length - 1))).toThrow(ProtocolDecodeError);
    expect(() => parseLegacyMessageSet(Buffer.alloc(0))).toThrow(ProtocolDecodeError);

    const gzipWrapper = await kafkajsMessageSet(1, [{ value: 'v', timestamp: T0 }], Compression.Gzip);
    const nested = await kafkajsMessageSet(
      1,
      [{ value: gzipWrapper, timestamp: T0, compression: Compression.Gzip }],
      Compression.Gzip,
    );
    expect(() => parseLegacyMessageSet(nested)).toThrow(/nested compression/);
    const mixedMagic = await kafkajsMessageSet(0, [
      { value: gzipSync(plain), compression: Compression.Gzip },
    ]);
    expect(() => parseLegacyMessageSet(mixedMagic)).toThrow(/inner magic/);

    const zstd = await kafkajsMessageSet(1, [{ value: 'v', timestamp: T0 }], Compression.Zstd);
    expect(() => parseLegacyMessageSet(zstd)).toThrow(UnsupportedCompressionError);
  });
});

describe('stored batches down-convert for Fetch v0-3', () => {
  const messages: Parameters<typeof kafkajsBatch>[0]['messages'] = [
    { key: 'k0', value: 'before the fetch offset', headers: { h: 'x' }, timestamp: T0 },
    { key: 'k1', value: big, headers: { dropped: 'y' }, timestamp: T0 + 9 },
    { key: null, value: null, timestamp: T0 + 4 },
  ];

  for (const magic of [0, 1] as const) {
    it.each(CODECS)(`$name batch to magic ${magic}: offsets, keys, values, codec`, async ({ codec }) => {
      const stored = stampBatch(await kafkajsBatch({ compression: codec, messages }), 500, 3);
      const set = await downConvertBatch(stored, magic, 501);
      const decoded = await kafkajsDecodeMessageSet(set);
      expect(decoded.map((m) => [m.offset, m.magicByte, hex(m.key), hex(m.value)])).toEqual([
        ['501', magic, hex(Buffer.from('k1')), hex(big)],
        ['502', magic, null, null],
      ]);
      expect(decoded.map((m) => m.timestamp)).toEqual(
        magic === 1 ? [String(T0 + 9), String(T0 + 4)] : [undefined, undefined],
      );
      // The outer message: a wrapper in the batch's codec, or the first plain message.
      expect(set.readInt8(17) & 0x07).toBe(codec);
      if (codec === Compression.None) return;
      expect(set.readBigInt64BE(0)).toBe(502n);
      // KAFKA-3160: magic 0 carries the LZ4 header checksum computed over the magic number as well.
      const wrapperValue = set.subarray(magic === 1 ? 34 : 26);
      if (codec === Compression.Lz4)
        expect(lz4HeaderChecksum(wrapperValue)).toBe(magic === 0 ? 'broken' : 'proper');
    });
  }

  it('leaves out everything below the fetch offset and refuses zstd', async () => {
    const stored = stampBatch(await kafkajsBatch({ messages }), 10, 0);
    expect(await downConvertBatch(stored, 1, 13)).toHaveLength(0);
    const zstd = stampBatch(await kafkajsBatch({ compression: Compression.Zstd, messages }), 10, 0);
    expect(compressionOf(readBatchHeader(zstd).attributes)).toBe(Compression.Zstd);
    await expect(downConvertBatch(zstd, 1, 10)).rejects.toThrow(UnsupportedCompressionError);
  });
});

const { hash } = createRequire(import.meta.url)('lz4js/xxh32.js') as {
  hash(seed: number, data: Uint8Array, start: number, length: number): number;
};

function lz4HeaderChecksum(frame: Buffer): 'broken' | 'proper' | 'neither' {
  const hc = frame[6];
  if (hc === ((hash(0, frame, 4, 2) >>> 8) & 0xff)) return 'proper';
  if (hc === ((hash(0, frame, 0, 6) >>> 8) & 0xff)) return 'broken';
  return 'neither';
}
