// Legacy message sets (magic 0 and 1), what Produce v0-2 carry and Fetch v0-3 return. As in Kafka 3.x,
// whose log holds only record batches v2, a produced message set becomes one batch v2 keeping the
// producer's codec, and stored batches are down-converted for old fetchers, keeping their codec too:
// magic 0 loses timestamps, both lose headers.
import { compress, Compression, decompressLegacy, type LegacyCodec } from './compression';
import { crc32 } from './crc32';
import { ProtocolDecodeError, Reader } from './reader';
import { compressionOf, decodeRecords, readBatchHeader, type NewRecord } from './record-batch';
import { Writer } from './writer';

/** A codec the message format cannot carry (zstd below batch v2): UNSUPPORTED_COMPRESSION_TYPE. */
export class UnsupportedCompressionError extends Error {
  override name = 'UnsupportedCompressionError';
}

export type LegacyMagic = 0 | 1;

interface LegacyMessage extends NewRecord {
  magic: number;
  attributes: number;
}

/** offset (8) + message size (4) */
const ENTRY_OVERHEAD = 12;
/** crc (4) + magic (1) + attributes (1) + key length (4) + value length (4) */
const MIN_MESSAGE_SIZE = 14;
/** MIN_MESSAGE_SIZE plus the magic 1 timestamp (8) */
const MAX_MESSAGE_OVERHEAD = MIN_MESSAGE_SIZE + 8;
const LEGACY_CODEC_MASK = 0x07;

/**
 * Reads a produced message set: every message's CRC and size checked, compressed wrappers opened (one
 * level, inner magic equal to the wrapper's). Returns the records in order and the codec to store them
 * with (the last wrapper's, as Kafka's LogValidator picks it). Throws ProtocolDecodeError for anything
 * malformed (CORRUPT_MESSAGE) and UnsupportedCompressionError for zstd.
 */
export function parseLegacyMessageSet(set: Buffer): {
  codec: typeof Compression.None | LegacyCodec;
  records: NewRecord[];
} {
  const records: NewRecord[] = [];
  let codec: typeof Compression.None | LegacyCodec = Compression.None;
  const shallow = readMessages(set);
  if (shallow.length === 0) throw new ProtocolDecodeError('empty message set');
  for (const message of shallow) {
    const wrapperCodec = message.attributes & LEGACY_CODEC_MASK;
    if (wrapperCodec === Compression.None) {
      records.push(message);
      continue;
    }
    if (wrapperCodec === Compression.Zstd)
      throw new UnsupportedCompressionError(`zstd in a magic ${message.magic} message`);
    if (
      wrapperCodec !== Compression.Gzip &&
      wrapperCodec !== Compression.Snappy &&
      wrapperCodec !== Compression.Lz4
    )
      throw new ProtocolDecodeError(`unknown codec ${wrapperCodec}`);
    if (message.value === null) throw new ProtocolDecodeError('compressed wrapper without a value');
    const inner = readMessages(decompressLegacy(wrapperCodec, message.value));
    if (inner.length === 0) throw new ProtocolDecodeError('empty compressed wrapper');
    for (const m of inner) {
      if (m.magic !== message.magic) throw new ProtocolDecodeError('inner magic differs from its wrapper');
      if ((m.attributes & LEGACY_CODEC_MASK) !== 0) throw new ProtocolDecodeError('nested compression');
      records.push(m);
    }
    codec = wrapperCodec;
  }
  return { codec, records: records.map(({ timestamp, key, value }) => ({ timestamp, key, value })) };
}

function readMessages(set: Buffer): LegacyMessage[] {
  const messages: LegacyMessage[] = [];
  let at = 0;
  while (at < set.length) {
    if (set.length - at < ENTRY_OVERHEAD) throw new ProtocolDecodeError('truncated message set');
    const size = set.readInt32BE(at + 8);
    const end = at + ENTRY_OVERHEAD + size;
    if (size < MIN_MESSAGE_SIZE || end > set.length)
      throw new ProtocolDecodeError('message size does not match the message set');
    if (crc32(set, at + ENTRY_OVERHEAD + 4, end) !== set.readUInt32BE(at + ENTRY_OVERHEAD))
      throw new ProtocolDecodeError('message CRC mismatch');
    const r = new Reader(set.subarray(at + ENTRY_OVERHEAD + 4, end));
    const magic = r.int8();
    if (magic !== 0 && magic !== 1) throw new ProtocolDecodeError(`message magic ${magic}`);
    const attributes = r.int8();
    const timestamp = magic === 1 ? r.int64n() : -1;
    const key = r.nullableBytes();
    const value = r.nullableBytes();
    if (r.remaining() !== 0) throw new ProtocolDecodeError('message longer than its fields');
    messages.push({ magic, attributes, timestamp, key, value });
    at = end;
  }
  return messages;
}

interface Outgoing {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
}

/**
 * Down-converts a stored batch v2 to a message set of `magic`, leaving out records before
 * `fromOffset` (empty when none is left). An uncompressed batch becomes plain messages at their
 * offsets; a compressed one a single wrapper at its last offset, whose inner offsets are relative for
 * magic 1 and absolute for magic 0. Throws UnsupportedCompressionError for zstd.
 */
export async function downConvertBatch(
  batch: Buffer,
  magic: LegacyMagic,
  fromOffset: number,
): Promise<Buffer> {
  const header = readBatchHeader(batch);
  const codec = compressionOf(header.attributes);
  if (codec === Compression.Zstd) throw new UnsupportedCompressionError('zstd batch for a legacy fetch');
  const records: Outgoing[] = [];
  for (const r of await decodeRecords(batch)) {
    const offset = header.baseOffset + r.offsetDelta;
    if (offset < fromOffset) continue;
    records.push({ offset, timestamp: header.firstTimestamp + r.timestampDelta, key: r.key, value: r.value });
  }
  const last = records[records.length - 1];
  if (!last) return Buffer.alloc(0);
  if (codec === Compression.None) return writeMessages(records, magic, Compression.None);
  if (codec !== Compression.Gzip && codec !== Compression.Snappy && codec !== Compression.Lz4)
    throw new ProtocolDecodeError(`unknown codec ${codec}`);
  const base = records[0]!.offset;
  const inner = writeMessages(
    records.map((r) => ({ ...r, offset: magic === 0 ? r.offset : r.offset - base })),
    magic,
    Compression.None,
  );
  const wrapper: Outgoing = {
    offset: last.offset,
    timestamp: records.reduce((max, r) => Math.max(max, r.timestamp), -1),
    key: null,
    value: compress(codec, inner, magic === 0),
  };
  return writeMessages([wrapper], magic, codec);
}

function writeMessages(messages: readonly Outgoing[], magic: LegacyMagic, attributes: number): Buffer {
  const payload = (m: Outgoing): number => (m.key?.length ?? 0) + (m.value?.length ?? 0);
  const size = messages.reduce((n, m) => n + ENTRY_OVERHEAD + MAX_MESSAGE_OVERHEAD + payload(m), 0);
  const w = new Writer(size);
  for (const m of messages) {
    const body = new Writer(MAX_MESSAGE_OVERHEAD + payload(m)).int8(magic).int8(attributes);
    if (magic === 1) body.int64(m.timestamp);
    const bytes = body.nullableBytes(m.key).nullableBytes(m.value).build();
    w.int64(m.offset)
      .int32(bytes.length + 4)
      .uint32(crc32(bytes))
      .raw(bytes);
  }
  return w.build();
}
