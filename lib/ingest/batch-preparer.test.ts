import { afterEach, describe, expect, it } from 'vitest';
import { decodeRecord } from '../dlq/decode';
import type { RawKafkaRecord } from '../dlq/raw-record';
import { bytes, header, rawRecord } from '../dlq/test-records';
import { prepareBatch } from '../store/prepare';
import { BatchPreparer } from './batch-preparer';

let preparer: BatchPreparer | undefined;

afterEach(async () => {
  await preparer?.close();
  preparer = undefined;
});

/** Keys, values and headers as kafkajs hands them over: views into one larger buffer. */
function viewsOfOneBuffer(records: RawKafkaRecord[]): RawKafkaRecord[] {
  const pool = Buffer.alloc(1 << 16, 0xee);
  let at = 100;
  const view = (value: Buffer | null) => {
    if (value === null) return null;
    value.copy(pool, at);
    const out = pool.subarray(at, at + value.length);
    at += value.length + 7;
    return out;
  };
  return records.map((record) => ({
    ...record,
    key: view(record.key),
    value: view(record.value),
    headers: record.headers.map((h) => ({ key: h.key, value: view(h.value) })),
  }));
}

function sample(partition: number, count: number): RawKafkaRecord[] {
  return viewsOfOneBuffer(
    Array.from({ length: count }, (_, i) => {
      const offset = String(i);
      switch (i % 4) {
        case 0:
          return rawRecord({
            partition,
            offset,
            key: Buffer.from(`order-${i}`),
            value: Buffer.from(JSON.stringify({ id: i, amount: i * 3 })),
            headers: [
              header('kafka_dlt-exception-fqcn', 'java.lang.IllegalStateException'),
              header('kafka_dlt-exception-message', `order ${i} has no customer`),
              header('kafka_dlt-original-topic', 'orders'),
              header('kafka_dlt-original-partition', bytes(0, 0, 0, 2)),
              header('kafka_dlt-original-offset', bytes(0, 0, 0, 0, 0, 0, 1, i)),
            ],
          });
        case 1:
          // Binary junk with a null header and a Spring long of the wrong length.
          return rawRecord({
            partition,
            offset,
            key: bytes(0xff, 0xfe, i),
            value: bytes(0, 1, 2, 3, 0xc3),
            headers: [header('kafka_dlt-original-offset', bytes(1, 2, 3)), header('empty', null)],
          });
        case 2:
          return rawRecord({ partition, offset, value: null, timestamp: '-1' });
        default:
          return rawRecord({
            partition,
            offset,
            value: Buffer.from(
              JSON.stringify({ originalTopic: 'payments', error: `card ${i} declined`, payload: 'x' }),
            ),
          });
      }
    }),
  );
}

describe('BatchPreparer', () => {
  it('prepares on its worker thread exactly what decoding and preparing in this thread gives', async () => {
    preparer = new BatchPreparer();
    const raws = sample(3, 21);
    const prepared = await preparer.prepare(raws);
    const here = prepareBatch(raws.map((raw) => decodeRecord(raw)));
    expect(prepared.rows).toEqual(here.rows);
    const bytes = (blocks: typeof here.blocks) =>
      blocks.map(({ core, detail }) => [Buffer.from(core), Buffer.from(detail)]);
    expect(bytes(prepared.blocks)).toEqual(bytes(here.blocks));
    // Nothing is dropped: malformed records are rows too, with warnings in their docs.
    expect(prepared.rows.map((row) => row.offset)).toEqual(raws.map((raw) => raw.offset));
  });

  it('answers each of many batches in flight with its own records', async () => {
    preparer = new BatchPreparer();
    const batches = [0, 1, 2, 3, 4, 5].map((partition) => sample(partition, 5 + partition));
    const prepared = await Promise.all(batches.map((batch) => preparer!.prepare(batch)));
    prepared.forEach((batch, partition) => {
      expect(batch.rows.map((row) => row.partition)).toEqual(batches[partition]!.map(() => partition));
    });
  });

  it('leaves the caller its buffers, and works again after being closed', async () => {
    preparer = new BatchPreparer();
    const raws = sample(0, 4);
    const before = raws.map((raw) => raw.value?.toString('hex') ?? null);
    await preparer.prepare(raws);
    expect(raws.map((raw) => raw.value?.toString('hex') ?? null)).toEqual(before);
    await preparer.close();
    const again = await preparer.prepare(raws);
    expect(again.rows).toHaveLength(4);
  });
});
