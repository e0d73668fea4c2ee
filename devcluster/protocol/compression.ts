// Decompression of record batch payloads, needed only where the broker must look inside records
// (log compaction, ListOffsets by timestamp). Producing and fetching never decompress.
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { init as initZstd, decompress as zstdDecompress } from '@bokuweb/zstd-wasm';
import { ProtocolDecodeError } from './reader';

// These codecs ship no types; load them through a typed require. tsx runs this file as CommonJS
// (__filename set), vitest as an ES module (import.meta.url set).
const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
const snappy = require('snappyjs') as { uncompress(data: Buffer): Buffer };
const lz4 = require('lz4js') as { decompress(data: Buffer): Uint8Array };

export const Compression = { None: 0, Gzip: 1, Snappy: 2, Lz4: 3, Zstd: 4 } as const;

// The Java client frames snappy the way xerial's SnappyOutputStream does; librdkafka reads and writes
// both framed and raw snappy.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;

let zstdReady: Promise<void> | null = null;

export async function decompress(codec: number, data: Buffer): Promise<Buffer> {
  try {
    switch (codec) {
      case Compression.None:
        return data;
      case Compression.Gzip:
        return gunzipSync(data);
      case Compression.Snappy:
        return unsnappy(data);
      case Compression.Lz4:
        return Buffer.from(lz4.decompress(data));
      case Compression.Zstd:
        zstdReady ??= initZstd();
        await zstdReady;
        return Buffer.from(zstdDecompress(data));
    }
  } catch (err) {
    throw new ProtocolDecodeError(`cannot decompress codec ${codec}: ${(err as Error).message}`);
  }
  throw new ProtocolDecodeError(`unknown compression codec ${codec}`);
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
