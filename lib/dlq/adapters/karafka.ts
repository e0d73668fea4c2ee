import 'server-only';
import { describePayload } from '../payload';
import type { RecordView } from '../record-view';
import type { DlqWarning } from '../types';
import { readNumber, readText, type DlqAdapter, type HeaderField } from './adapter';

// Karafka Pro DLQ: `source_*` since 2.5, `original_*` before, hyphenated before 2.0.17. All text.
// Karafka records no error reason.
interface Spelling {
  topic: HeaderField;
  partition: HeaderField;
  offset: HeaderField;
  consumerGroup: HeaderField;
  attempts: HeaderField;
  key?: HeaderField;
  traceId?: HeaderField;
}

function spelling(prefix: string, separator: string, extra: 'key' | 'traceId'): Spelling {
  const field = (name: string, encoding: HeaderField['encoding']): HeaderField => ({
    name: `${prefix}${name.replaceAll('_', separator)}`,
    encoding,
  });
  return {
    topic: field('topic', 'utf8'),
    partition: field('partition', 'decimal-int'),
    offset: field('offset', 'decimal-long'),
    consumerGroup: field('consumer_group', 'utf8'),
    attempts: field('attempts', 'decimal-int'),
    ...(extra === 'key' ? { key: field('key', 'bytes') } : { traceId: field('trace_id', 'utf8') }),
  };
}

// Newest first: when a record carries several spellings, the newest one wins field by field.
const SPELLINGS: readonly Spelling[] = [
  spelling('source_', '_', 'traceId'),
  spelling('original_', '_', 'key'),
  spelling('original-', '-', 'key'),
];
const FIELDS: readonly HeaderField[] = SPELLINGS.flatMap((s) => Object.values(s));

export const karafka: DlqAdapter = {
  format: 'karafka',
  headerFields: FIELDS,
  // A lone `source_topic` header is too common a name to mean Karafka; it writes them together.
  detect: (record) =>
    SPELLINGS.some(
      (s) =>
        record.headers.has(s.topic.name) &&
        (record.headers.has(s.partition.name) || record.headers.has(s.offset.name)),
    ),
  decode(record) {
    const warnings: DlqWarning[] = [];
    const text = (pick: (s: Spelling) => HeaderField | undefined) =>
      first(record, pick, (f) => readText(record, f, warnings));
    const number = (pick: (s: Spelling) => HeaderField) =>
      first(record, pick, (f) => readNumber(record, f, warnings));
    const keyHeader = SPELLINGS.map((s) => s.key && record.headers.get(s.key.name)).find(
      (h) => h !== undefined,
    );
    return {
      origin: {
        topic: text((s) => s.topic),
        partition: number((s) => s.partition),
        offset: text((s) => s.offset),
        consumerGroup: text((s) => s.consumerGroup),
        attempts: number((s) => s.attempts),
        key: keyHeader ? describePayload(keyHeader.last.value).payload : null,
      },
      error: {},
      warnings,
    };
  },
};

function first<T>(
  record: RecordView,
  pick: (s: Spelling) => HeaderField | undefined,
  read: (field: HeaderField) => T | null,
): T | null {
  for (const s of SPELLINGS) {
    const field = pick(s);
    if (field && record.headers.has(field.name)) return read(field);
  }
  return null;
}
