import 'server-only';
import type { DlqRecord, ErrorGroup } from '../dlq/types';
import { formatCode, kindCode } from './codes';
import { DOC_BLOCK_RECORDS, packDocs, type DocBlock } from './doc-blocks';
import { KEY_CHARS, MESSAGE_PREVIEW_CHARS, MESSAGE_TEXT_CHARS, VALUE_TEXT_CHARS } from './limits';
import { sortableTime } from './rid';

/*
 * What indexing a batch needs from its records, computed without the database: the row values
 * and the full-text columns of each record, and its doc blocks already serialised and deflated.
 * That is most of the CPU of indexing, so ingestion prepares batches off the main thread
 * (lib/ingest/batch-preparer.ts) and the one writer only runs the inserts. Plain data only, so
 * a batch crosses threads by structured clone.
 */

export interface PreparedRow {
  topic: string;
  partition: number;
  offset: string;
  /** sortableTime of the record's timestamp. */
  ts: number;
  errorGroup: ErrorGroup;
  errorClass: string | null;
  originTopic: string | null;
  originPartition: number | null;
  originOffset: string | null;
  format: number;
  keyKind: number;
  /** The preview columns of records. */
  key: string | null;
  message: string | null;
  /** The full-text columns. */
  ftsKey: string | null;
  ftsMessage: string | null;
  ftsValue: string | null;
}

export interface PreparedBatch {
  rows: PreparedRow[];
  /** Row i is slot i % DOC_BLOCK_RECORDS of block floor(i / DOC_BLOCK_RECORDS). */
  blocks: DocBlock[];
}

export function prepareBatch(records: readonly DlqRecord[]): PreparedBatch {
  const rows: PreparedRow[] = [];
  const blocks: DocBlock[] = [];
  for (let start = 0; start < records.length; start += DOC_BLOCK_RECORDS) {
    const block = records.slice(start, start + DOC_BLOCK_RECORDS);
    blocks.push(packDocs(block));
    for (const record of block) rows.push(prepareRow(record));
  }
  return { rows, blocks };
}

function prepareRow(record: DlqRecord): PreparedRow {
  const key = record.key.text ?? record.key.base64;
  const message = record.error.message ?? record.error.keyError?.message ?? null;
  return {
    topic: record.dlq.topic,
    partition: record.dlq.partition,
    offset: record.dlq.offset,
    ts: sortableTime(record.dlq.timestamp),
    errorGroup: record.errorGroup,
    errorClass: record.error.class,
    originTopic: record.origin.topic,
    originPartition: record.origin.partition,
    originOffset: record.origin.offset,
    format: formatCode(record.format),
    keyKind: kindCode(record.key.kind),
    key: key === null ? null : key.slice(0, KEY_CHARS),
    message: message === null ? null : message.slice(0, MESSAGE_PREVIEW_CHARS),
    ftsKey: record.key.text?.slice(0, KEY_CHARS) ?? null,
    ftsMessage: messageText(record),
    ftsValue: record.value.text?.slice(0, VALUE_TEXT_CHARS) ?? null,
  };
}

function messageText(record: DlqRecord): string | null {
  const { message, cause, keyError } = record.error;
  const parts = [message, cause !== message ? cause : null, keyError?.message ?? null].filter(
    (part): part is string => part !== null && part !== '',
  );
  return parts.length === 0 ? null : parts.join('\n').slice(0, MESSAGE_TEXT_CHARS);
}
