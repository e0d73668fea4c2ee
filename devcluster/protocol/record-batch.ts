// Kafka record batch v2 (magic 2). The broker keeps batches as the bytes the producer sent; it reads the
// fixed header, and rewrites only baseOffset and partitionLeaderEpoch, which lie before the CRC-covered
// range, so compressed batches pass through untouched.
import { crc32c } from './crc32c';
import { compress, Compression, decompress, type LegacyCodec } from './compression';
import { ProtocolDecodeError, Reader } from './reader';
import { Writer } from './writer';

export const BATCH_HEADER_SIZE = 61;
/** baseOffset (8) + batchLength (4): the part of the header not counted by batchLength. */
const LOG_OVERHEAD = 12;
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;

export const COMPRESSION_MASK = 0x07;
const TRANSACTIONAL_FLAG = 0x10;
const CONTROL_FLAG = 0x20;

export interface BatchHeader {
  baseOffset: number;
  /** Total size of the batch in bytes (including offset and length fields). */
  size: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  firstTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export function compressionOf(attributes: number): number {
  return attributes & COMPRESSION_MASK;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & (TRANSACTIONAL_FLAG | CONTROL_FLAG)) !== 0;
}

export function readBatchHeader(buf: Buffer, at = 0): BatchHeader {
  if (buf.length - at < BATCH_HEADER_SIZE)
    throw new ProtocolDecodeError('record batch shorter than its header');
  return {
    baseOffset: Number(buf.readBigInt64BE(at)),
    size: buf.readInt32BE(at + 8) + LOG_OVERHEAD,
    partitionLeaderEpoch: buf.readInt32BE(at + 12),
    magic: buf.readInt8(at + 16),
    crc: buf.readUInt32BE(at + CRC_OFFSET),
    attributes: buf.readInt16BE(at + ATTRIBUTES_OFFSET),
    lastOffsetDelta: buf.readInt32BE(at + 23),
    firstTimestamp: Number(buf.readBigInt64BE(at + 27)),
    maxTimestamp: Number(buf.readBigInt64BE(at + 35)),
    producerId: Number(buf.readBigInt64BE(at + 43)),
    producerEpoch: buf.readInt16BE(at + 51),
    baseSequence: buf.readInt32BE(at + 53),
    recordCount: buf.readInt32BE(at + 57),
  };
}

/**
 * Splits a produce record set into whole batches, checking what the broker must check: magic 2, sizes
 * that add up, a matching CRC-32C and a record count that agrees with lastOffsetDelta. Throws
 * ProtocolDecodeError on anything else (answered as CORRUPT_MESSAGE).
 */
export function splitProducedBatches(records: Buffer): { header: BatchHeader; bytes: Buffer }[] {
  const batches: { header: BatchHeader; bytes: Buffer }[] = [];
  let at = 0;
  while (at < records.length) {
    const header = readBatchHeader(records, at);
    if (header.magic !== 2) throw new ProtocolDecodeError(`record batch magic ${header.magic}, expected 2`);
    if (header.size < BATCH_HEADER_SIZE || at + header.size > records.length) {
      throw new ProtocolDecodeError('record batch length does not match the record set');
    }
    const bytes = records.subarray(at, at + header.size);
    if (crc32c(bytes, ATTRIBUTES_OFFSET) !== header.crc)
      throw new ProtocolDecodeError('record batch CRC mismatch');
    if (header.recordCount < 1 || header.lastOffsetDelta !== header.recordCount - 1) {
      throw new ProtocolDecodeError('record count does not match last offset delta');
    }
    batches.push({ header, bytes });
    at += header.size;
  }
  if (batches.length === 0) throw new ProtocolDecodeError('empty record set');
  return batches;
}

/**
 * Writes the broker-assigned offset and leader epoch into the batch, in place: the bytes are the
 * request frame's own (each frame is a buffer of its own or part of a socket read that nothing else
 * keeps), so the stored batch costs no copy.
 */
export function stampBatch(bytes: Buffer, baseOffset: number, leaderEpoch: number): Buffer {
  bytes.writeBigInt64BE(BigInt(baseOffset), 0);
  bytes.writeInt32BE(leaderEpoch, 12);
  return bytes;
}

export interface BatchRecord {
  offsetDelta: number;
  timestampDelta: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer | null }[];
  /** The record exactly as encoded (length prefix included), for rebuilding batches. */
  raw: Buffer;
}

/** Decodes the records of a batch; compressed batches are decompressed first (gzip, snappy, lz4, zstd). */
export async function decodeRecords(batch: Buffer): Promise<BatchRecord[]> {
  const header = readBatchHeader(batch);
  const payload = batch.subarray(BATCH_HEADER_SIZE, header.size);
  const data = await decompress(compressionOf(header.attributes), payload);
  const r = new Reader(data);
  const records: BatchRecord[] = [];
  for (let i = 0; i < header.recordCount; i++) {
    const start = r.offset;
    const length = r.varint();
    const bodyStart = r.offset;
    r.int8();
    const timestampDelta = Number(r.varlong());
    const offsetDelta = r.varint();
    const key = readVarBytes(r);
    const value = readVarBytes(r);
    const headerCount = r.varint();
    const headers: BatchRecord['headers'] = [];
    for (let h = 0; h < headerCount; h++) {
      const hk = readVarBytes(r);
      if (hk === null) throw new ProtocolDecodeError('null header key');
      headers.push({ key: hk.toString('utf8'), value: readVarBytes(r) });
    }
    if (r.offset - bodyStart !== length) throw new ProtocolDecodeError('record length mismatch');
    records.push({ offsetDelta, timestampDelta, key, value, headers, raw: data.subarray(start, r.offset) });
  }
  return records;
}

function readVarBytes(r: Reader): Buffer | null {
  const len = r.varint();
  return len < 0 ? null : r.raw(len);
}

/**
 * Rebuilds a batch around a subset of its records (log compaction). The result is uncompressed, keeps
 * the original offsets, timestamps and producer fields (lastOffsetDelta included, as Kafka does so the
 * producer's sequence numbers stay valid) and gets a fresh CRC.
 */
export function rebuildBatch(original: Buffer, kept: readonly BatchRecord[]): Buffer {
  const recordsSize = kept.reduce((n, rec) => n + rec.raw.length, 0);
  const out = Buffer.allocUnsafe(BATCH_HEADER_SIZE + recordsSize);
  original.copy(out, 0, 0, BATCH_HEADER_SIZE);
  out.writeInt32BE(out.length - LOG_OVERHEAD, 8);
  out.writeInt16BE(original.readInt16BE(ATTRIBUTES_OFFSET) & ~COMPRESSION_MASK, ATTRIBUTES_OFFSET);
  out.writeInt32BE(kept.length, 57);
  let at = BATCH_HEADER_SIZE;
  for (const rec of kept) at += rec.raw.copy(out, at);
  out.writeUInt32BE(crc32c(out, ATTRIBUTES_OFFSET), CRC_OFFSET);
  return out;
}

/** A record to put into a new batch; its offset is its position in the batch. */
export interface NewRecord {
  /** -1 (no timestamp) for records converted from magic 0. */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Builds a batch v2 of `records` (at least one) as a non-idempotent producer would, compressed with
 * `codec`: what Kafka stores for a legacy message set. Base offset and leader epoch are stamped later.
 */
export function encodeBatch(
  records: readonly NewRecord[],
  codec: typeof Compression.None | LegacyCodec,
): Buffer {
  const firstTimestamp = records[0]!.timestamp;
  const maxTimestamp = records.reduce((max, r) => Math.max(max, r.timestamp), firstTimestamp);
  const body = new Writer(64 + records.length * 32);
  records.forEach((rec, i) => {
    const one = new Writer(32 + (rec.key?.length ?? 0) + (rec.value?.length ?? 0));
    one
      .int8(0)
      .varlong(BigInt(rec.timestamp - firstTimestamp))
      .varint(i);
    writeVarBytes(one, rec.key);
    writeVarBytes(one, rec.value);
    one.varint(0);
    const encoded = one.build();
    body.varint(encoded.length).raw(encoded);
  });
  const plain = body.build();
  const payload = codec === Compression.None ? plain : compress(codec, plain);
  const out = Buffer.alloc(BATCH_HEADER_SIZE + payload.length);
  out.writeInt32BE(out.length - LOG_OVERHEAD, 8);
  out.writeInt32BE(-1, 12);
  out.writeInt8(2, 16);
  out.writeInt16BE(codec, ATTRIBUTES_OFFSET);
  out.writeInt32BE(records.length - 1, 23);
  out.writeBigInt64BE(BigInt(firstTimestamp), 27);
  out.writeBigInt64BE(BigInt(maxTimestamp), 35);
  out.writeBigInt64BE(-1n, 43);
  out.writeInt16BE(-1, 51);
  out.writeInt32BE(-1, 53);
  out.writeInt32BE(records.length, 57);
  payload.copy(out, BATCH_HEADER_SIZE);
  out.writeUInt32BE(crc32c(out, ATTRIBUTES_OFFSET), CRC_OFFSET);
  return out;
}

function writeVarBytes(w: Writer, b: Buffer | null): void {
  if (b === null) w.varint(-1);
  else w.varint(b.length).raw(b);
}
