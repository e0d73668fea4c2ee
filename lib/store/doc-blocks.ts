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
 * without its error analysis and without the values of the headers its convention defines (a
 * replay strips those headers by default); the detail holds both. A Spring Kafka record's core is
 * under half of it, so a replay inflates and parses under half as much.
 */
export const DOC_BLOCK_RECORDS = 8;
const LEVEL = 1;

interface DocDetail {
  error: DlqRecord['error'];
  errorGroup: DlqRecord['errorGroup'];
  warnings: DlqRecord['warnings'];
  /** [text, base64] of each header a convention defines, in header order. */
  conventionValues: [string | null, string | null][];
}

export interface DocBlock {
  core: Uint8Array;
  detail: Uint8Array;
}

/** The records' two parts, serialised and deflated. */
export function packDocs(records: readonly DlqRecord[]): DocBlock {
  const cores: string[] = [];
  const details: string[] = [];
  for (const { error, errorGroup, warnings, headers, ...rest } of records) {
    const conventionValues: DocDetail['conventionValues'] = [];
    const coreHeaders = headers.map((header) => {
      if (!header.convention) return header;
      conventionValues.push([header.text, header.base64]);
      return { ...header, text: null, base64: null };
    });
    cores.push(JSON.stringify({ ...rest, headers: coreHeaders } satisfies RecordCore));
    details.push(JSON.stringify({ error, errorGroup, warnings, conventionValues } satisfies DocDetail));
  }
  return { core: deflate(cores), detail: deflate(details) };
}

/** The JSON texts of a block's parts (core or detail), in slot order. */
export function unpackDocs(body: Buffer): string[] {
  return zlib.inflateRawSync(body).toString('utf8').split('\n');
}

/** A record's core from its JSON text: the headers its convention defines have null values in it. */
export function parseCore(coreJson: string): RecordCore {
  return JSON.parse(coreJson) as RecordCore;
}

/** A whole record from its core and detail JSON texts. */
export function joinDoc(coreJson: string, detailJson: string): DlqRecord {
  const core = parseCore(coreJson);
  const { error, errorGroup, warnings, conventionValues } = JSON.parse(detailJson) as DocDetail;
  let next = 0;
  const headers = core.headers.map((header): DlqHeader => {
    if (!header.convention) return header;
    const values = conventionValues[next++];
    if (values === undefined) throw new Error('a doc detail has fewer header values than its core');
    return { ...header, text: values[0], base64: values[1] };
  });
  if (next !== conventionValues.length) throw new Error('a doc detail has more header values than its core');
  // In DlqRecord's field order, which is the order the API has always answered with.
  const { dlq, format, origin, key, value } = core;
  return { dlq, format, origin, error, errorGroup, key, value, headers, warnings };
}

function deflate(jsons: readonly string[]): Uint8Array {
  return zlib.deflateRawSync(jsons.join('\n'), { level: LEVEL });
}
