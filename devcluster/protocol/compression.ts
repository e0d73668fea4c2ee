// Compression codecs of record batches and legacy message sets. The broker decompresses only where it
// must look inside records (log compaction, ListOffsets by timestamp, converting legacy message sets on
// produce and down-converting for old fetchers), and compresses only for those conversions, which keep
// the producer's codec as Kafka does. Record batch v2 produce and fetch never touch the payload.
import { createRequire } from 'node:module';
import { gunzipSync, gzipSync } from 'node:zlib';
import { init as initZstd, decompress as zstdDecompress } from '@bokuweb/zstd-wasm';
import { lz4Frame } from './lz4-frame';
import { ProtocolDecodeError } from './reader';

// These codecs ship no types; load them through a typed require. tsx runs this file as CommonJS
// (__filename set), vitest as an ES module (import.meta.url set).
const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
const snappy = require('snappyjs') as { uncompress(data: Buffer): Buffer; compress(data: Buffer): Buffer };
const lz4 = require('lz4js') as { decompress(data: Buffer): Uint8Array };

export const Compression = { None: 0, Gzip: 1, Snappy: 2, Lz4: 3, Zstd: 4 } as const;

/** The codecs legacy message sets (magic 0 and 1) may use; zstd needs record batch v2. */
export type LegacyCodec = typeof Compression.Gzip | typeof Compression.Snappy | typeof Compression.Lz4;

// The Java client frames snappy the way xerial's SnappyOutputStream does; librdkafka reads and writes
// both framed and raw snappy.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
const XERIAL_BLOCK_SIZE = 32 * 1024;

// ZSTD_compress writes the content size, but Java's zstd-jni streams frames without it; zstd-wasm then
// decodes into a fixed 1 MiB buffer and fails with dstSize_tooSmall (-70), so grow and retry.
const ZSTD_DST_TOO_SMALL = /code -70\b/;
const ZSTD_MAX_OUTPUT = 256 << 20;

let zstdReady: Promise<void> | null = null;

export async function decompress(codec: number, data: Buffer): Promise<Buffer> {
  switch (codec) {
    case Compression.None:
      return data;
    case Compression.Gzip:
    case Compression.Snappy:
    case Compression.Lz4:
      return decompressLegacy(codec, data);
    case Compression.Zstd:
      zstdReady ??= initZstd();
      await zstdReady;
      try {
        return unzstd(data);
      } catch (err) {
        throw new ProtocolDecodeError(`cannot decompress codec ${codec}: ${(err as Error).message}`);
      }
  }
  throw new ProtocolDecodeError(`unknown compression codec ${codec}`);
}

/**
 * Synchronous, unlike zstd (whose wasm module loads asynchronously), so legacy produce can convert a
 * message set before anything awaits and appends keep the order requests arrived in.
 */
export function decompressLegacy(codec: LegacyCodec, data: Buffer): Buffer {
  try {
    switch (codec) {
      case Compression.Gzip:
        return gunzipSync(data);
      case Compression.Snappy:
        return unsnappy(data);
      case Compression.Lz4:
        return Buffer.from(lz4.decompress(data));
    }
  } catch (err) {
    throw new ProtocolDecodeError(`cannot decompress codec ${codec}: ${(err as Error).message}`);
  }
}

/**
 * Compresses as Kafka's Java producer and broker do: gzip, xerial-framed snappy, LZ4 frames (with the
 * pre-KAFKA-3160 header checksum for magic 0 message sets when `lz4BrokenChecksum` is set).
 */
export function compress(codec: LegacyCodec, data: Buffer, lz4BrokenChecksum = false): Buffer {
  switch (codec) {
    case Compression.Gzip:
      return gzipSync(data);
    case Compression.Snappy:
      return xerialSnappy(data);
    case Compression.Lz4:
      return lz4Frame(data, lz4BrokenChecksum);
  }
}

function unsnappy(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_SIZE || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return snappy.uncompress(data);
  }
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER_SIZE;
  while (at + 4 <= data.length) {
    const len = data.readInt32BE(at);
    at += 4;
    blocks.push(snappy.uncompress(data.subarray(at, at + len)));
    at += len;
  }
  return Buffer.concat(blocks);
}

function xerialSnappy(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_MAGIC.copy(header);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (let at = 0; at < data.length; at += XERIAL_BLOCK_SIZE) {
    const block = snappy.compress(data.subarray(at, at + XERIAL_BLOCK_SIZE));
    const size = Buffer.alloc(4);
    size.writeInt32BE(block.length);
    parts.push(size, block);
  }
  return Buffer.concat(parts);
}

function unzstd(data: Buffer): Buffer {
  for (let heap = Math.max(1 << 20, data.length * 8); ; heap *= 2) {
    try {
      return Buffer.from(zstdDecompress(data, { defaultHeapSize: Math.min(heap, ZSTD_MAX_OUTPUT) }));
    } catch (err) {
      const tooSmall = err instanceof Error && ZSTD_DST_TOO_SMALL.test(err.message);
      if (!tooSmall || heap >= ZSTD_MAX_OUTPUT) throw err;
    }
  }
}
