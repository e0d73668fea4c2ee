// postinstall: small patches to kafkajs 2.2.4, each producing exactly what kafkajs produced before, only faster.
// Each is applied when its anchor text is found (and its marker is not there yet); any other kafkajs version is
// left alone, with a warning naming what was skipped. lib/kafka/kafkajs-patches.test.ts checks the results
// against an independent encoding, and every produce to the embedded cluster is checked there (CRC, layout).
//
// - Record headers decode: kafkajs copies the headers object once per header (a reduce over object spreads), so
//   a DLQ record with 10,000 headers takes tens of seconds to decode and stalls the whole server. A linear loop
//   gives the same result (repeated keys become arrays in order; a key such as `__proto__` stays an own property).
// - Record encode: kafkajs builds every record from a chain of encoders, each a fresh zero-filled buffer grown by
//   copying, with one more encoder per header and a temporary array per varint. A replay job spent a quarter of
//   its CPU there. Buffers are now taken from Node's pool (only the written bytes are ever read), varints are
//   written in place, and a record is written into one buffer of its exact size, headers included.
// - CRC-32C: kafkajs checksums every record batch a byte at a time; eight bytes at a time (slicing-by-8) is
//   about twice as fast, with the same table.
// - Messages grouped per partition: kafkajs copies a partition's list of messages once per message (a reduce
//   over array spreads), quadratic in the messages of one send; a replay job allocated 2 KB per record there. A
//   loop that appends gives the same lists in the same order.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const MARKER = 'dlqdesk-patch';
const require = createRequire(import.meta.url);

const PATCHES = [
  {
    name: 'record headers decode in linear time',
    file: 'kafkajs/src/protocol/recordBatch/record/v0/decoder.js',
    find: /decoder\.readVarIntArray\(HeaderDecoder\)\.reduce\([\s\S]*?\{\}\s*\)/,
    replace: 'collectHeaders(decoder.readVarIntArray(HeaderDecoder))',
    /** Applied by this script before the patches had markers of this form. */
    applied: 'function collectHeaders(list)',
    append: `
function collectHeaders(list) {
  const headers = {}
  for (const { key, value } of list) {
    const seen = Object.prototype.hasOwnProperty.call(headers, key) ? headers[key] : undefined
    if (Array.isArray(seen)) seen.push(value)
    else {
      const next = seen === undefined ? value : [seen, value]
      Object.defineProperty(headers, key, { value: next, enumerable: true, writable: true, configurable: true })
    }
  }
  return headers
}
`,
  },
  {
    name: 'encoder buffers from the pool',
    file: 'kafkajs/src/protocol/encoder.js',
    find: /Buffer\.alloc\((Encoder\.nextPowerOfTwo\(initialSize\)|newLength)\)/g,
    replace: 'Buffer.allocUnsafe($1)',
  },
  {
    name: 'varints written in place',
    file: 'kafkajs/src/protocol/encoder.js',
    find: /writeUVarInt\(value\) \{\s*const byteArray = \[\][\s\S]*?this\.writeBufferInternal\(Buffer\.from\(byteArray\)\)\s*return this\s*\}/,
    replace: `writeUVarInt(value) {
    this.ensureAvailable(5)
    while ((value & UNSIGNED_INT32_MAX_NUMBER) !== 0) {
      this.buf[this.offset++] = (value & OTHER_BITS) | MOST_SIGNIFICANT_BIT
      value >>>= 7
    }
    this.buf[this.offset++] = value & OTHER_BITS
    return this
  }`,
  },
  {
    name: 'a record written into one buffer',
    file: 'kafkajs/src/protocol/recordBatch/record/v0/index.js',
    find: /return new Encoder\(\)\s*\.writeVarInt\(sizeOfBody\)([\s\S]*?\.writeVarIntBytes\(value\))\s*\.writeVarIntArray\(headersArray\.map\(Header\)\)/,
    replace: `const encoder = new Encoder(Encoder.sizeOfVarInt(sizeOfBody) + sizeOfBody)
    .writeVarInt(sizeOfBody)$1
    .writeVarInt(headersArray.length)
  for (const header of headersArray) encoder.writeVarIntString(header.key).writeVarIntBytes(header.value)
  return encoder`,
  },
  {
    name: 'CRC-32C eight bytes at a time',
    file: 'kafkajs/src/protocol/recordBatch/crc32C/crc32C.js',
    find: /const crc32C = buffer => \{\s*let crc = 0 \^ -1\s*for \(let i = 0; i < buffer\.length; i\+\+\) \{\s*crc = T\[\(crc \^ buffer\[i\]\) & 0xff\] \^ \(crc >>> 8\)\s*\}\s*return \(crc \^ -1\) >>> 0\s*\}/,
    replace: `const crc32C = buffer => {
  const [T1, T2, T3, T4, T5, T6, T7] = slices()
  const length = buffer.length
  const whole = length - (length % 8)
  let crc = -1
  let i = 0
  for (; i < whole; i += 8) {
    const word = crc ^ (buffer[i] | (buffer[i + 1] << 8) | (buffer[i + 2] << 16) | (buffer[i + 3] << 24))
    crc =
      T7[word & 0xff] ^
      T6[(word >>> 8) & 0xff] ^
      T5[(word >>> 16) & 0xff] ^
      T4[word >>> 24] ^
      T3[buffer[i + 4]] ^
      T2[buffer[i + 5]] ^
      T1[buffer[i + 6]] ^
      T[buffer[i + 7]]
  }
  for (; i < length; i++) crc = T[(crc ^ buffer[i]) & 0xff] ^ (crc >>> 8)
  return (crc ^ -1) >>> 0
}

// Tables 1-7 of slicing-by-8, derived from T (table 0): Tn[b] is Tn-1[b] moved through one more zero byte.
let sliced = null
function slices() {
  if (sliced) return sliced
  sliced = []
  let previous = T
  for (let n = 1; n < 8; n++) {
    const table = new Int32Array(256)
    for (let b = 0; b < 256; b++) table[b] = (previous[b] >>> 8) ^ T[previous[b] & 0xff]
    sliced.push(table)
    previous = table
  }
  return sliced
}`,
  },
  {
    name: 'messages grouped per partition in linear time',
    file: 'kafkajs/src/producer/groupMessagesPerPartition.js',
    find: /return messages\.reduce\(\(result, message\) => \{\s*const partition = partitioner\(\{ topic, partitionMetadata, message \}\)\s*const current = result\[partition\] \|\| \[\]\s*return Object\.assign\(result, \{ \[partition\]: \[\.\.\.current, message\] \}\)\s*\}, \{\}\)/,
    replace: `const result = {}
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message })
    if (result[partition] === undefined) result[partition] = []
    result[partition].push(message)
  }
  return result`,
  },
];

function resolve(file) {
  try {
    return require.resolve(file);
  } catch {
    return null; // kafkajs not installed (yet): nothing to patch
  }
}

for (const patch of PATCHES) {
  const file = resolve(patch.file);
  if (!file) continue;
  const source = fs.readFileSync(file, 'utf8');
  const marker = `// ${MARKER}: ${patch.name}`;
  if (source.includes(marker) || (patch.applied && source.includes(patch.applied))) continue;
  if (!patch.find.test(source)) {
    console.warn(`patch-kafkajs: ${patch.file} has changed shape; "${patch.name}" left as kafkajs ships it`);
    continue;
  }
  const patched = source.replace(patch.find, patch.replace) + (patch.append ?? '');
  fs.writeFileSync(file, `${patched}\n${marker} (scripts/patch-kafkajs.mjs)\n`);
  console.log(`patch-kafkajs: ${patch.name}`);
}
