import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DlqFormat, DlqRecord, Payload } from '../dlq/types';

/** Builders of DlqRecords for the store's tests and measurements, independent of lib/dlq's decoder. */

export interface RecordSpec {
  topic?: string;
  partition?: number;
  offset: number | string;
  /** null: the broker reported no time. */
  timestamp?: number | null;
  format?: DlqFormat;
  originTopic?: string | null;
  originPartition?: number | null;
  originOffset?: string | null;
  errorClass?: string | null;
  message?: string | null;
  cause?: string | null;
  /** Defaults to a hash of class and message. */
  group?: string;
  groupTitle?: string;
  /** A Buffer becomes a binary (base64) key. */
  key?: string | Buffer | null;
  value?: string | Buffer | null;
}

function payload(content: string | Buffer | null | undefined): Payload {
  if (content === null || content === undefined) {
    return { kind: 'null', size: 0, truncated: false, text: null, base64: null, schemaId: null };
  }
  if (Buffer.isBuffer(content)) {
    return {
      kind: 'binary',
      size: content.length,
      truncated: false,
      text: null,
      base64: content.toString('base64'),
      schemaId: null,
    };
  }
  const kind = content === '' ? 'empty' : /^\s*[[{]/.test(content) ? 'json' : 'text';
  return {
    kind,
    size: Buffer.byteLength(content),
    truncated: false,
    text: content,
    base64: null,
    schemaId: null,
  };
}

export function makeRecord(spec: RecordSpec): DlqRecord {
  const errorClass = spec.errorClass === undefined ? 'com.example.ValidationException' : spec.errorClass;
  const message = spec.message === undefined ? 'amount must be positive' : spec.message;
  const group =
    spec.group ?? createHash('sha256').update(`${errorClass}\u0000${message}`).digest('hex').slice(0, 16);
  return {
    dlq: {
      topic: spec.topic ?? 'orders.DLT',
      partition: spec.partition ?? 0,
      offset: String(spec.offset),
      timestamp: spec.timestamp === undefined ? 1_700_000_000_000 : spec.timestamp,
    },
    format: spec.format ?? 'spring-kafka',
    origin: {
      topic: spec.originTopic === undefined ? 'orders' : spec.originTopic,
      partition: spec.originPartition === undefined ? 0 : spec.originPartition,
      offset: spec.originOffset === undefined ? String(spec.offset) : spec.originOffset,
      timestamp: null,
      timestampType: null,
      key: null,
      value: null,
      consumerGroup: null,
      attempts: null,
    },
    error: {
      class: errorClass,
      message,
      causeClass: null,
      cause: spec.cause ?? null,
      stackTrace:
        errorClass === null
          ? null
          : `${errorClass}: ${message}\n\tat com.example.Handler.handle(Handler.java:42)`,
      stage: null,
      executingClass: null,
      connector: null,
      task: null,
      keyError: null,
    },
    errorGroup: { id: group, title: spec.groupTitle ?? `${errorClass ?? 'Error'}: ${message ?? ''}` },
    key: payload(spec.key === undefined ? `key-${spec.offset}` : spec.key),
    value: payload(spec.value === undefined ? `{"id":${spec.offset}}` : spec.value),
    headers: [{ key: 'kafka_dlt-original-topic', text: 'orders', base64: null, convention: 'spring-kafka' }],
    warnings: [],
  };
}

/** A fresh directory under the OS temp dir; remove it with removeTempDir. */
export function makeTempDir(prefix = 'dlqdesk-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeTempDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
