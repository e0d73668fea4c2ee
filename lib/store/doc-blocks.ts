import 'server-only';
import zlib from 'node:zlib';
import type { DlqHeader, DlqRecord } from '../dlq/types';
import type { RecordCore } from './types';

/*
 * Full records are stored as deflated blocks of a few consecutive records of one partition:
 * records of a DLQ repeat most of their text (field names, stack traces, headers, value shapes),
 * so a block compresses about 9x where a single record compresses 4x, at half the CPU per record.
 * Blocks stay small so that reading one record inflates little. JSON.stringify never writes a raw
 * newline, so the records of a block are separated by one.
 *
 * Each record is stored in two parts, each part in blocks of its own: its core, which is what a
 * replay reads, and its detail, which is what only the record's page adds. The core is the record
 * without its error analysis and without the headers its convention defines (a replay strips
 * those by default), but with their names; the detail holds both, each of those headers with its
 * place among the record's headers. A Spring Kafka record's core is about a third of it, so a
 * replay inflates and parses about a third as much.
 */
export const DOC_BLOCK_RECORDS = 8;
const LEVEL = 1;
const INFLATE_CHUNK = 64 * 1024;

interface StoredCore extends RecordCore {
  /** The keys of the headers a convention defines, each once, in header order. */
  conventionHeaderKeys: string[];
}

interface DocDetail {
  error: DlqRecord['error'];
  errorGroup: DlqRecord['errorGroup'];
  warnings: DlqRecord['warnings'];
  /** Each header a convention defines, with its index among all the record's headers, in header order. */
  conventionHeaders: [number, DlqHeader][];
}

export interface DocBlock {
  core: Uint8Array;
  detail: Uint8Array;
}

/** A record's core as a replay reads it (see RecordCore), and the keys of the headers left out of it. */
export interface ParsedCore {
  core: RecordCore;
  conventionHeaderKeys: string[];
}

/** The records' two parts, serialised and deflated. */
export function packDocs(records: readonly DlqRecord[]): DocBlock {
  const cores: string[] = [];
  const details: string[] = [];
  for (const { error, errorGroup, warnings, headers, ...rest } of records) {
    const own: DlqHeader[] = [];
    const conventionHeaders: DocDetail['conventionHeaders'] = [];
    const conventionHeaderKeys = new Set<string>();
    headers.forEach((header, index) => {
      if (header.convention) {
        conventionHeaders.push([index, header]);
        conventionHeaderKeys.add(header.key);
      } else own.push(header);
    });
    const core: StoredCore = { ...rest, headers: own, conventionHeaderKeys: [...conventionHeaderKeys] };
    cores.push(JSON.stringify(core));
    details.push(JSON.stringify({ error, errorGroup, warnings, conventionHeaders } satisfies DocDetail));
  }
  return { core: deflate(cores), detail: deflate(details) };
}

/**
 * The JSON texts of a block's parts (core or detail), in slot order. Inflated into one 64 KiB chunk, which holds a
 * whole block of most DLQs, rather than zlib's 16 KiB chunks joined (0.7 of 4.1 µs per Spring Kafka record's core).
 */
export function unpackDocs(body: Buffer): string[] {
  return zlib.inflateRawSync(body, { chunkSize: INFLATE_CHUNK }).toString('utf8').split('\n');
}

/** The JSON text in a record's slot of an unpacked block part. */
export function slotOf(block: readonly string[] | undefined, id: string, slot: number): string {
  const json = block?.[slot];
  if (json === undefined) throw new Error(`record ${id} is missing from its doc block`);
  return json;
}

/** A record's core from its JSON text. */
export function parseCore(coreJson: string): ParsedCore {
  const { conventionHeaderKeys, ...core } = JSON.parse(coreJson) as StoredCore;
  return { core, conventionHeaderKeys };
}

/** A whole record from its parsed core and its detail's JSON text. */
export function joinDoc(core: RecordCore, detailJson: string): DlqRecord {
  const { error, errorGroup, warnings, conventionHeaders } = JSON.parse(detailJson) as DocDetail;
  const headers: DlqHeader[] = [];
  let own = 0;
  for (const [index, header] of conventionHeaders) {
    if (!Number.isSafeInteger(index) || index < headers.length)
      throw new Error('a doc detail does not fit its core');
    while (headers.length < index) {
      const next = core.headers[own++];
      if (next === undefined) throw new Error('a doc detail does not fit its core');
      headers.push(next);
    }
    headers.push(header);
  }
  while (own < core.headers.length) headers.push(core.headers[own++]!);
  // In DlqRecord's field order, which is the order the API has always answered with.
  const { dlq, format, origin, key, value } = core;
  return { dlq, format, origin, error, errorGroup, key, value, headers, warnings };
}

function deflate(jsons: readonly string[]): Uint8Array {
  return zlib.deflateRawSync(jsons.join('\n'), { level: LEVEL });
}
