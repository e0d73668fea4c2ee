import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

import { crc32c } from '../../devcluster/protocol/crc32c';
import { lz4Codec, registerCompressionCodecs, snappyCodec, zstdCodec } from '../../lib/kafka/codecs';
import type { HeaderList } from './demo-record';
import type { DemoCompression } from './topics';

export interface BatchRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: HeaderList;
  timestamp: number;
}

// The embedded cluster's CRC-32C (Castagnoli, the checksum of record batch v2): one implementation in the repo.
export { crc32c } from '../../devcluster/protocol/crc32c';

const COMPRESSION_ATTRIBUTE: Record<DemoCompression, number> = {
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
};
const gzipAsync = promisify(gzip);

function zigzag(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

function varintSize(value: number): number {
  let size = 1;
  for (let rest = zigzag(value); rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

function writeVarint(target: Buffer, offset: number, value: number): number {
  let rest = zigzag(value);
  while (rest >= 0x80) {
    target[offset++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  target[offset++] = rest;
  return offset;
}

function bytesSize(bytes: Buffer | null): number {
  return bytes === null ? 1 : varintSize(bytes.length) + bytes.length;
}

function writeBytes(target: Buffer, offset: number, bytes: Buffer | null): number {
  if (bytes === null) return writeVarint(target, offset, -1);
  const at = writeVarint(target, offset, bytes.length);
  bytes.copy(target, at);
  return at + bytes.length;
}

/** One record of a v2 batch, written in one pass into one buffer. */
function encodeRecord(record: BatchRecord, offsetDelta: number, firstTimestamp: number): Buffer {
  const timestampDelta = record.timestamp - firstTimestamp;
  const names = record.headers.map(([name]) => Buffer.from(name, 'utf8'));
  let size = 1 + varintSize(timestampDelta) + varintSize(offsetDelta);
  size += bytesSize(record.key) + bytesSize(record.value) + varintSize(record.headers.length);
  record.headers.forEach(([, value], i) => (size += bytesSize(names[i] ?? null) + bytesSize(value)));
  const target = Buffer.allocUnsafe(varintSize(size) + size);
  let offset = writeVarint(target, 0, size);
  target[offset++] = 0; // attributes: unused
  offset = writeVarint(target, offset, timestampDelta);
  offset = writeVarint(target, offset, offsetDelta);
  offset = writeBytes(target, offset, record.key);
  offset = writeBytes(target, offset, record.value);
  offset = writeVarint(target, offset, record.headers.length);
  record.headers.forEach(([, value], i) => {
    offset = writeBytes(target, offset, names[i] ?? null);
    offset = writeBytes(target, offset, value);
  });
  return target;
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
