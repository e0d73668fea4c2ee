import { CompressionCodecs, CompressionTypes } from 'kafkajs';
// @ts-expect-error lz4js ships no type declarations; Lz4Blocks below types what is used.
import lz4js from 'lz4js';
// @ts-expect-error snappyjs ships no type declarations; Snappy below types what is used.
import snappyjs from 'snappyjs';
import { compress as zstdCompress, decompress as zstdDecompress, init as initZstd } from '@bokuweb/zstd-wasm';

/** The shape kafkajs expects from a codec factory in `CompressionCodecs`. */
export interface CompressionCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

interface Lz4Blocks {
  compressBound(length: number): number;
  compressBlock(src: Uint8Array, dst: Uint8Array, start: number, length: number, table: Uint32Array): number;
  decompressBlock(src: Uint8Array, dst: Uint8Array, start: number, length: number, dstIndex: number): number;
}
const lz4: Lz4Blocks = lz4js;

interface Snappy {
  compress(input: Uint8Array): Uint8Array;
  uncompress(input: Uint8Array): Uint8Array;
}
const snappy: Snappy = snappyjs;

// snappy-java's SnappyOutputStream framing, which the Java Kafka client writes: an 8-byte magic,
// version 1, minimum compatible version 1, then [int32 BE length][raw snappy block] chunks.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_LENGTH = 16;
const XERIAL_CHUNK = 32 * 1024;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function snappyDecode(input: Buffer): Buffer {
  if (input.length < XERIAL_HEADER_LENGTH || !input.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return toBuffer(snappy.uncompress(input));
  }
  const chunks: Buffer[] = [];
  let offset = XERIAL_HEADER_LENGTH;
  while (offset < input.length) {
    if (offset + 4 > input.length) throw new Error('snappy: truncated xerial chunk length');
    const length = input.readInt32BE(offset);
    offset += 4;
    if (length < 0 || offset + length > input.length) throw new Error('snappy: truncated xerial chunk');
    chunks.push(toBuffer(snappy.uncompress(input.subarray(offset, offset + length))));
    offset += length;
  }
  return Buffer.concat(chunks);
}

function snappyEncode(input: Buffer): Buffer {
  const parts: Buffer[] = [XERIAL_MAGIC, Buffer.from([0, 0, 0, 1, 0, 0, 0, 1])];
  for (let offset = 0; offset < input.length; offset += XERIAL_CHUNK) {
    const block = toBuffer(snappy.compress(input.subarray(offset, offset + XERIAL_CHUNK)));
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

// LZ4 frame format (lz4.github.io/lz4/lz4_Frame_format.html), which record batch v2 uses.
const LZ4_MAGIC = 0x184d2204;
const LZ4_FLG_VERSION_MASK = 0xc0;
const LZ4_FLG_VERSION = 0x40;
const LZ4_FLG_BLOCK_CHECKSUM = 0x10;
const LZ4_FLG_CONTENT_SIZE = 0x08;
const LZ4_FLG_CONTENT_CHECKSUM = 0x04;
const LZ4_FLG_DICT_ID = 0x01;
const LZ4_BLOCK_UNCOMPRESSED = 0x80000000;
const LZ4_MAX_BLOCK_SIZES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

// Written frames: version 01 with independent blocks (Java's KafkaLZ4BlockInputStream decodes each
// block on its own), a declared 256 KB maximum and 64 KB actual blocks. Blocks never fill the declared
// maximum because lz4js may start a match closer to the block end than the 12 bytes liblz4's
// decoder demands when a block exactly fills its output buffer.
const LZ4_WRITE_FLG = 0x60;
const LZ4_WRITE_BD = 0x50;
const LZ4_WRITE_HC = 0xfb; // (xxh32([FLG, BD], seed 0) >> 8) & 0xff
const LZ4_WRITE_BLOCK = 64 << 10;

function lz4Decode(input: Buffer): Buffer {
  if (input.length < 7 || input.readUInt32LE(0) !== LZ4_MAGIC) throw new Error('lz4: not an LZ4 frame');
  const flg = input[4] ?? 0;
  if ((flg & LZ4_FLG_VERSION_MASK) !== LZ4_FLG_VERSION) throw new Error('lz4: unsupported frame version');
  const maxBlockSize = LZ4_MAX_BLOCK_SIZES[((input[5] ?? 0) >> 4) & 0x07];
  if (maxBlockSize === undefined) throw new Error('lz4: invalid block maximum size');
  let offset = 6;
  let contentSize: number | undefined;
  if (flg & LZ4_FLG_CONTENT_SIZE) {
    contentSize = Number(input.readBigUInt64LE(offset));
    offset += 8;
  }
  if (flg & LZ4_FLG_DICT_ID) offset += 4;
  offset += 1; // header checksum
  const blockChecksums = (flg & LZ4_FLG_BLOCK_CHECKSUM) !== 0;

  const blocks: Array<{ start: number; length: number; compressed: boolean }> = [];
  let bound = 0;
  for (;;) {
    if (offset + 4 > input.length) throw new Error('lz4: truncated frame');
    const word = input.readUInt32LE(offset);
    offset += 4;
    if (word === 0) break;
    const length = word & 0x7fffffff;
    const compressed = (word & LZ4_BLOCK_UNCOMPRESSED) === 0;
    if (offset + length > input.length) throw new Error('lz4: truncated block');
    blocks.push({ start: offset, length, compressed });
    bound += compressed ? maxBlockSize : length;
    offset += length + (blockChecksums ? 4 : 0);
  }
  if (flg & LZ4_FLG_CONTENT_CHECKSUM) offset += 4;

  // One contiguous output buffer serves linked blocks too: their matches may reach into earlier blocks.
  // Without a declared content size only the blocks' maximum is known (256 KB or more per block, mostly
  // unused): decode into a reused scratch buffer and keep an exact copy, since every record of the
  // batch is a slice that would otherwise pin the whole oversized buffer.
  const size = contentSize ?? bound;
  const output = contentSize !== undefined ? Buffer.allocUnsafe(size) : lz4Scratch(size);
  let written = 0;
  for (const block of blocks) {
    if (block.compressed) {
      written = lz4.decompressBlock(input, output, block.start, block.length, written);
    } else {
      input.copy(output, written, block.start, block.start + block.length);
      written += block.length;
    }
    if (written > size) throw new Error('lz4: block overruns the frame content size');
  }
  if (contentSize !== undefined && written !== contentSize) throw new Error('lz4: content size mismatch');
  return contentSize !== undefined ? output.subarray(0, written) : Buffer.from(output.subarray(0, written));
}

const LZ4_SCRATCH_KEPT = 8 << 20;
let lz4ScratchBuffer = Buffer.alloc(0);

function lz4Scratch(size: number): Buffer {
  if (size > LZ4_SCRATCH_KEPT) return Buffer.allocUnsafe(size);
  if (lz4ScratchBuffer.length < size) lz4ScratchBuffer = Buffer.allocUnsafe(Math.max(size, 1 << 20));
  return lz4ScratchBuffer;
}

function lz4Encode(input: Buffer): Buffer {
  const table = new Uint32Array(1 << 16);
  const scratch = new Uint8Array(lz4.compressBound(LZ4_WRITE_BLOCK));
  const parts: Buffer[] = [];
  const header = Buffer.alloc(7);
  header.writeUInt32LE(LZ4_MAGIC, 0);
  header[4] = LZ4_WRITE_FLG;
  header[5] = LZ4_WRITE_BD;
  header[6] = LZ4_WRITE_HC;
  parts.push(header);
  for (let offset = 0; offset < input.length; offset += LZ4_WRITE_BLOCK) {
    const length = Math.min(LZ4_WRITE_BLOCK, input.length - offset);
    table.fill(0);
    const compressedLength = lz4.compressBlock(input, scratch, offset, length, table);
    const size = Buffer.alloc(4);
    if (compressedLength > 0 && compressedLength < length) {
      size.writeUInt32LE(compressedLength);
      parts.push(size, Buffer.from(scratch.subarray(0, compressedLength)));
    } else {
      size.writeUInt32LE((LZ4_BLOCK_UNCOMPRESSED | length) >>> 0);
      parts.push(size, input.subarray(offset, offset + length));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

// ZSTD_compress writes the content size, but Java's zstd-jni streams frames without it; zstd-wasm then
// decodes into a fixed 1 MiB buffer and fails with dstSize_tooSmall (-70), so grow and retry.
const ZSTD_DST_TOO_SMALL = /code -70\b/;
const ZSTD_MAX_OUTPUT = 256 << 20;

function zstdDecode(input: Buffer): Buffer {
  for (let heap = Math.max(1 << 20, input.length * 8); ; heap *= 2) {
    try {
      return toBuffer(zstdDecompress(input, { defaultHeapSize: Math.min(heap, ZSTD_MAX_OUTPUT) }));
    } catch (error) {
      const tooSmall = error instanceof Error && ZSTD_DST_TOO_SMALL.test(error.message);
      if (!tooSmall || heap >= ZSTD_MAX_OUTPUT) throw error;
    }
  }
}

export const snappyCodec: CompressionCodec = {
  compress: async (encoder) => snappyEncode(encoder.buffer),
  decompress: async (buffer) => snappyDecode(buffer),
};

export const lz4Codec: CompressionCodec = {
  compress: async (encoder) => lz4Encode(encoder.buffer),
  decompress: async (buffer) => lz4Decode(buffer),
};

/** Usable only after `registerCompressionCodecs()` resolved (zstd is WebAssembly, initialised once). */
export const zstdCodec: CompressionCodec = {
  compress: async (encoder) => toBuffer(zstdCompress(encoder.buffer, 3)),
  decompress: async (buffer) => zstdDecode(buffer),
};

let registration: Promise<void> | undefined;

/**
 * Registers snappy, lz4 and zstd in kafkajs (gzip is built in). Idempotent and safe to call
 * concurrently: every caller awaits the same initialisation; a failed one is retried by the next call.
 */
export function registerCompressionCodecs(): Promise<void> {
  registration ??= (async () => {
    CompressionCodecs[CompressionTypes.Snappy] = () => snappyCodec;
    CompressionCodecs[CompressionTypes.LZ4] = () => lz4Codec;
    await initZstd();
    CompressionCodecs[CompressionTypes.ZSTD] = () => zstdCodec;
  })().catch((error: unknown) => {
    registration = undefined;
    throw error;
  });
  return registration;
}
