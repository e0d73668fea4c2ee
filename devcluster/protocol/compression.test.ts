// The broker's own codecs against the reference command-line tools: LZ4 frames it writes decode with
// liblz4's `lz4`, and zstd frames streamed without a content size (as Java's zstd-jni writes them)
// decode beyond zstd-wasm's 1 MiB default output buffer.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { compress, Compression, decompress } from './compression';
import { lz4Frame } from './lz4-frame';
import { runTool } from '../test-support/client-tools';

const text = (n: number): Buffer =>
  Buffer.from(
    Array.from({ length: n }, (_, i) => `{"id":${i},"status":"FAILED","error":"timeout ${i % 7}"}\n`).join(
      '',
    ),
  );

describe('LZ4 frames', () => {
  const samples = {
    empty: Buffer.alloc(0),
    tiny: Buffer.from('abc'),
    'one repeated byte over 3 blocks': Buffer.alloc(3 * 65536 + 17, 7),
    'text over 2 blocks': text(3_000),
    incompressible: randomBytes(70_000),
  };

  it.each(Object.entries(samples))('%s: lz4 (liblz4) decodes what we write', async (_name, data) => {
    const frame = lz4Frame(data);
    // Compared with equals(): vitest's deep equality walks Buffers byte by byte, slowly.
    expect((await runTool('lz4', ['-d', '-c'], { input: frame })).equals(data)).toBe(true);
    expect((await decompress(Compression.Lz4, frame)).equals(data)).toBe(true);
  });

  it('round-trips gzip and xerial-framed snappy over several snappy blocks', async () => {
    const data = text(2_000);
    for (const codec of [Compression.Gzip, Compression.Snappy] as const)
      expect((await decompress(codec, compress(codec, data))).equals(data)).toBe(true);
    expect(compress(Compression.Snappy, data).subarray(1, 8).toString()).toBe('SNAPPY\0');
  });
});

describe('zstd', () => {
  it('decodes a frame without content size above 1 MiB', async () => {
    const data = text(60_000);
    expect(data.length).toBeGreaterThan(2 << 20);
    const frame = await runTool('zstd', ['-q', '-c', '--no-content-size'], { input: data });
    // Frame header descriptor: the Frame_Content_Size_flag (top two bits) and Single_Segment_flag unset.
    expect(frame[4]! & 0xe0).toBe(0);
    expect((await decompress(Compression.Zstd, frame)).equals(data)).toBe(true);
  });
});
