import 'server-only';
import { DLQ_FORMATS, PAYLOAD_KINDS, type DlqFormat, type PayloadKind } from '../dlq/types';
import { RECORD_STATUSES, type RecordStatus } from './types';

/** Enumerations are stored as their index in these lists: append only, or bump SCHEMA_VERSION. */

export const HOUR_MS = 3_600_000;

export function statusCode(status: RecordStatus): number {
  return code(RECORD_STATUSES, status);
}

export function statusName(value: number): RecordStatus {
  return name(RECORD_STATUSES, value);
}

export function formatCode(format: DlqFormat): number {
  return code(DLQ_FORMATS, format);
}

export function formatName(value: number): DlqFormat {
  return name(DLQ_FORMATS, value);
}

export function kindCode(kind: PayloadKind): number {
  return code(PAYLOAD_KINDS, kind);
}

export function kindName(value: number): PayloadKind {
  return name(PAYLOAD_KINDS, value);
}

function code<T extends string>(list: readonly T[], value: T): number {
  const index = list.indexOf(value);
  if (index < 0) throw new Error(`unknown value ${JSON.stringify(value)}`);
  return index;
}

function name<T extends string>(list: readonly T[], value: number): T {
  const found = list[value];
  if (found === undefined) throw new Error(`index inconsistent: no value for code ${value}`);
  return found;
}
