// postinstall: kafkajs 2.2.4 builds a record's headers object by copying it once per header (a reduce over object
// spreads), so a DLQ record with 10,000 headers takes tens of seconds to decode and stalls the whole server. This
// rewrites that one expression into a linear loop with the same result (repeated keys become arrays in order, and
// a key such as `__proto__` stays an own property). It leaves any other kafkajs version alone and says so.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const MARKER = 'dlqdesk-linear-headers';
const require = createRequire(import.meta.url);

let file;
try {
  file = require.resolve('kafkajs/src/protocol/recordBatch/record/v0/decoder.js');
} catch {
  process.exit(0); // kafkajs not installed (yet): nothing to patch
}
const source = fs.readFileSync(file, 'utf8');
if (source.includes(MARKER)) process.exit(0);

const quadratic = /decoder\.readVarIntArray\(HeaderDecoder\)\.reduce\([\s\S]*?\{\}\s*\)/;
if (!quadratic.test(source)) {
  console.warn(`patch-kafkajs: ${file} has changed shape; headers decode left as kafkajs ships it`);
  process.exit(0);
}

const linear = `
// ${MARKER}: added by DLQ Desk's scripts/patch-kafkajs.mjs
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
`;
fs.writeFileSync(
  file,
  source.replace(quadratic, 'collectHeaders(decoder.readVarIntArray(HeaderDecoder))') + linear,
);
console.log('patch-kafkajs: record headers decode in linear time');
