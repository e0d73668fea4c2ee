import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { lz4Codec, registerCompressionCodecs, snappyCodec, zstdCodec } from '../../lib/kafka/codecs';
import { zigzagVarint } from './binary';
import type { HeaderList } from './demo-record';
import type { DemoCompression } from './topics';

export interface BatchRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: HeaderList;
  timestamp: number;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum of record batch v2. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++)
    crc = (CRC32C_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const COMPRESSION_ATTRIBUTE: Record<DemoCompression, number> = {
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
};
const gzipAsync = promisify(gzip);

function nullableBytes(bytes: Buffer | null): Buffer[] {
  return bytes === null ? [zigzagVarint(-1)] : [zigzagVarint(bytes.length), bytes];
}

function encodeRecord(record: BatchRecord, offsetDelta: number, firstTimestamp: number): Buffer {
  const body: Buffer[] = [
    Buffer.from([0]), // attributes: unused
    zigzagVarint(record.timestamp - firstTimestamp),
    zigzagVarint(offsetDelta),
    ...nullableBytes(record.key),
    ...nullableBytes(record.value),
    zigzagVarint(record.headers.length),
  ];
  for (const [name, value] of record.headers) {
    const nameBytes = Buffer.from(name, 'utf8');
    body.push(zigzagVarint(nameBytes.length), nameBytes, ...nullableBytes(value));
  }
  const length = body.reduce((sum, part) => sum + part.length, 0);
  return Buffer.concat([zigzagVarint(length), ...body]);
}

async function compress(records: Buffer, compression: DemoCompression): Promise<Buffer> {
  switch (compression) {
    case 'none':
      return records;
    case 'gzip':
      return gzipAsync(records);
    case 'snappy':
      return snappyCodec.compress({ buffer: records });
    case 'lz4':
      return lz4Codec.compress({ buffer: records });
    case 'zstd':
      await registerCompressionCodecs();
      return zstdCodec.compress({ buffer: records });
  }
}

// Byte offsets within a record batch v2 (Kafka's DefaultRecordBatch).
const BATCH_LENGTH_OFFSET = 8;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;
const HEADER_LENGTH = 61;

/**
 * A record batch v2 as a non-idempotent, non-transactional producer writes it, with the records'
 * own create timestamps, headers in order (repeats and null values kept), optionally compressed.
 */
export async function encodeRecordBatch(
  records: readonly BatchRecord[],
  compression: DemoCompression,
): Promise<Buffer> {
  const first = records[0];
  if (!first) throw new Error('a record batch needs at least one record');
  const firstTimestamp = first.timestamp;
  const maxTimestamp = records.reduce((max, record) => Math.max(max, record.timestamp), firstTimestamp);
  const payload = await compress(
    Buffer.concat(records.map((record, index) => encodeRecord(record, index, firstTimestamp))),
    compression,
  );
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeBigInt64BE(0n, 0); // base offset: the broker assigns it
  header.writeInt32BE(HEADER_LENGTH - 12 + payload.length, BATCH_LENGTH_OFFSET);
  header.writeInt32BE(-1, 12); // partition leader epoch
  header.writeInt8(2, 16); // magic
  header.writeInt16BE(COMPRESSION_ATTRIBUTE[compression], ATTRIBUTES_OFFSET); // CreateTime, no transaction
  header.writeInt32BE(records.length - 1, 23); // last offset delta
  header.writeBigInt64BE(BigInt(firstTimestamp), 27);
  header.writeBigInt64BE(BigInt(maxTimestamp), 35);
  header.writeBigInt64BE(-1n, 43); // producer id
  header.writeInt16BE(-1, 51); // producer epoch
  header.writeInt32BE(-1, 53); // base sequence
  header.writeInt32BE(records.length, 57);
  const batch = Buffer.concat([header, payload]);
  batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES_OFFSET)), CRC_OFFSET);
  return batch;
}
