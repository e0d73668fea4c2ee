import 'server-only';
import { decodeHeaderValue } from '../header-codecs';
import { keptBytes } from '../payload';
import type { RecordView } from '../record-view';
import type { DlqError, DlqFormat, DlqOrigin, DlqWarning, HeaderEncoding } from '../types';

export interface HeaderField {
  name: string;
  encoding: HeaderEncoding;
  /** The convention writes a null value on purpose (Kafka Connect, for an exception without message). */
  nullable?: boolean;
}

export interface AdapterResult {
  origin: Partial<DlqOrigin>;
  error: Partial<DlqError>;
  warnings: DlqWarning[];
}

export interface DlqAdapter {
  format: Exclude<DlqFormat, 'unknown'>;
  /** Headers the convention writes: flagged and decoded in every record the adapter detects. */
  headerFields: readonly HeaderField[];
  /** By headers and value shape only, never by topic name. */
  detect(record: RecordView): boolean;
  decode(record: RecordView): AdapterResult;
}

export function hasAnyHeader(record: RecordView, fields: readonly HeaderField[]): boolean {
  return fields.some((field) => record.headers.has(field.name));
}

/** Reads the last occurrence of a convention header, reporting anything unexpected as a warning. */
export function readHeader(
  record: RecordView,
  field: HeaderField,
  warnings: DlqWarning[],
): string | number | null {
  const occurrences = record.headers.get(field.name);
  if (!occurrences) return null;
  if (occurrences.count > 1) {
    warnings.push({
      code: 'header-repeated',
      message: `${field.name} appears ${occurrences.count} times; the last one is used`,
    });
  }
  const bytes = occurrences.last.value;
  if (bytes === null) {
    if (!field.nullable) {
      warnings.push({ code: 'header-malformed', message: `${field.name} has a null value` });
    }
    return null;
  }
  // A field never holds more than the header keeps: a 10 MB stack trace header is cut like a value.
  const { value, problem } = decodeHeaderValue(keptBytes(bytes), field.encoding);
  if (problem !== null) {
    warnings.push({
      code: field.encoding === 'utf8' ? 'header-not-utf8' : 'header-malformed',
      message: `${field.name}: ${problem}${value === null ? '; raw bytes shown in headers' : ''}`,
    });
  }
  return value;
}

export function readText(record: RecordView, field: HeaderField, warnings: DlqWarning[]): string | null {
  const value = readHeader(record, field, warnings);
  return typeof value === 'string' ? value : null;
}

export function readNumber(record: RecordView, field: HeaderField, warnings: DlqWarning[]): number | null {
  const value = readHeader(record, field, warnings);
  return typeof value === 'number' ? value : null;
}
