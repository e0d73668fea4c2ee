import 'server-only';
import type { RawKafkaRecord } from '../dlq/raw-record';

/*
 * Raw records cross to the prepare worker by structured clone, which copies a Buffer's whole backing
 * ArrayBuffer: kafkajs's keys and values are views into the buffers of a whole fetch. So a batch's bytes
 * are first copied into one ArrayBuffer of their own, which is then transferred (moved, not copied).
 */

export interface TransferableRecords {
  records: RawKafkaRecord[];
  transfer: ArrayBuffer[];
}

export function toTransferable(records: readonly RawKafkaRecord[]): TransferableRecords {
  let size = 0;
  for (const record of records) {
    size += (record.key?.length ?? 0) + (record.value?.length ?? 0);
    for (const header of record.headers) size += header.value?.length ?? 0;
  }
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = 0;
  const copy = (from: Buffer | null): Buffer | null => {
    if (from === null) return null;
    from.copy(bytes, at);
    const view = bytes.subarray(at, at + from.length);
    at += from.length;
    return view;
  };
  const copied = records.map((record) => ({
    ...record,
    key: copy(record.key),
    value: copy(record.value),
    headers: record.headers.map((header) => ({ key: header.key, value: copy(header.value) })),
  }));
  return { records: copied, transfer: [bytes.buffer as ArrayBuffer] };
}

/** The records as they arrive in the worker: their bytes are plain Uint8Arrays again. */
export function fromTransferred(records: readonly RawKafkaRecord[]): RawKafkaRecord[] {
  const buffer = (bytes: Uint8Array | null): Buffer | null =>
    bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return records.map((record) => ({
    ...record,
    key: buffer(record.key),
    value: buffer(record.value),
    headers: record.headers.map((header) => ({ key: header.key, value: buffer(header.value) })),
  }));
}
