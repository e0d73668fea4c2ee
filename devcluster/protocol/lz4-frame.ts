// LZ4 frame writer for the batches the broker itself compresses (legacy produce converted to record batch
// v2, stored batches down-converted for old fetchers). It writes what Kafka's KafkaLZ4BlockOutputStream
// writes: independent 64 KiB blocks, no checksums, a greedy LZ4 block compressor that keeps the format's
// end-of-block rules (the last 5 bytes are literals, no match starts in the last 12 bytes).
import { createRequire } from 'node:module';

const require = createRequire(typeof __filename === 'string' ? __filename : import.meta.url);
const xxh32 = require('lz4js/xxh32.js') as {
  hash(seed: number, data: Uint8Array, start: number, length: number): number;
};

const MAGIC = 0x184d2204;
/** Version 01, independent blocks. */
const FLG = 0x60;
/** Maximum block size 64 KiB. */
const BD = 0x40;
const BLOCK_SIZE = 64 * 1024;
const UNCOMPRESSED_BLOCK = 0x80000000;

const MIN_MATCH = 4;
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_DISTANCE = 0xffff;
const HASH_BITS = 16;

/**
 * Compresses `data` into one LZ4 frame. `brokenHeaderChecksum` reproduces the header checksum Kafka
 * computed before KAFKA-3160 (over the magic number too), which magic 0 message sets still carry.
 */
export function lz4Frame(data: Buffer, brokenHeaderChecksum = false): Buffer {
  const header = Buffer.alloc(7);
  header.writeUInt32LE(MAGIC, 0);
  header[4] = FLG;
  header[5] = BD;
  const hashed = brokenHeaderChecksum ? xxh32.hash(0, header, 0, 6) : xxh32.hash(0, header, 4, 2);
  header[6] = (hashed >>> 8) & 0xff;
  const parts: Buffer[] = [header];
  const table = new Int32Array(1 << HASH_BITS);
  for (let at = 0; at < data.length; at += BLOCK_SIZE) {
    const block = data.subarray(at, Math.min(data.length, at + BLOCK_SIZE));
    const compressed = compressBlock(block, table);
    const size = Buffer.alloc(4);
    if (compressed.length < block.length) {
      size.writeUInt32LE(compressed.length);
      parts.push(size, compressed);
    } else {
      size.writeUInt32LE((UNCOMPRESSED_BLOCK | block.length) >>> 0);
      parts.push(size, block);
    }
  }
  parts.push(Buffer.alloc(4));
  return Buffer.concat(parts);
}

function compressBlock(src: Buffer, table: Int32Array): Buffer {
  const n = src.length;
  const out = Buffer.allocUnsafe(n + Math.ceil(n / 255) + 16);
  let o = 0;
  const writeLength = (rest: number): void => {
    let left = rest;
    while (left >= 255) {
      out[o++] = 255;
      left -= 255;
    }
    out[o++] = left;
  };
  const writeSequence = (literalsFrom: number, literalsTo: number, distance: number, matchLength: number) => {
    const literals = literalsTo - literalsFrom;
    const matchCode = matchLength - MIN_MATCH;
    out[o++] = (Math.min(literals, 15) << 4) | (matchLength > 0 ? Math.min(matchCode, 15) : 0);
    if (literals >= 15) writeLength(literals - 15);
    o += src.copy(out, o, literalsFrom, literalsTo);
    if (matchLength === 0) return;
    out.writeUInt16LE(distance, o);
    o += 2;
    if (matchCode >= 15) writeLength(matchCode - 15);
  };

  table.fill(-1);
  const matchLimit = n - LAST_LITERALS;
  let anchor = 0;
  let i = 0;
  while (i < n - MF_LIMIT) {
    const sequence = src.readUInt32LE(i);
    const h = Math.imul(sequence, 2654435761) >>> (32 - HASH_BITS);
    const candidate = table[h]!;
    table[h] = i;
    if (candidate < 0 || i - candidate > MAX_DISTANCE || src.readUInt32LE(candidate) !== sequence) {
      // Skip faster through data that does not compress, as the reference compressor does.
      i += 1 + ((i - anchor) >>> 6);
      continue;
    }
    let length = MIN_MATCH;
    while (i + length < matchLimit && src[candidate + length] === src[i + length]) length++;
    writeSequence(anchor, i, i - candidate, length);
    i += length;
    anchor = i;
  }
  writeSequence(anchor, n, 0, 0);
  return out.subarray(0, o);
}
