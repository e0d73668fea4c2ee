import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DlqIndex } from './dlq-index';
import { InvalidQueryError, InvalidRecordIdError } from './errors';
import { makeRecord, makeTempDir, removeTempDir } from './test-support';
import type { StatusChange } from './types';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const TOPIC = 'orders.DLT';

let dir: string;
let index: DlqIndex;

beforeEach(() => {
  dir = makeTempDir();
  index = DlqIndex.open(dir);
  const records = Array.from({ length: 10 }, (_, offset) =>
    makeRecord({ topic: TOPIC, offset, timestamp: T0 + offset * 60_000 }),
  );
  index.indexBatch(TOPIC, 0, records, '10');
});

afterEach(() => {
  index.close();
  removeTempDir(dir);
});

const change = (
  status: StatusChange['status'],
  at: number,
  extra: Partial<StatusChange> = {},
): StatusChange => ({
  status,
  action: status === 'replayed' ? 'replay' : status,
  actor: 'ann',
  at,
  detail: null,
  ...extra,
});

describe('statuses', () => {
  it('records every change in the history, the latest setting the status', () => {
    const id = `${TOPIC}~0~3`;
    expect(index.getRecord(id)).toMatchObject({ status: 'unresolved', replayCount: 0, history: [] });
    expect(index.setStatus(id, change('failed', T0 + 1, { detail: 'NOT_ENOUGH_REPLICAS' }))).toBe('applied');
    expect(index.setStatus(id, change('replayed', T0 + 2, { detail: 'orders/2@77' }))).toBe('applied');
    expect(index.setStatus(id, change('replayed', T0 + 3))).toBe('applied');
    expect(index.getRecord(id)).toMatchObject({ status: 'replayed', replayCount: 2 });
    expect(index.history(id)).toEqual([
      { at: T0 + 1, action: 'failed', actor: 'ann', detail: 'NOT_ENOUGH_REPLICAS', status: 'failed' },
      { at: T0 + 2, action: 'replay', actor: 'ann', detail: 'orders/2@77', status: 'replayed' },
      { at: T0 + 3, action: 'replay', actor: 'ann', detail: null, status: 'replayed' },
    ]);
    expect(
      index.queryRecords(TOPIC, { status: ['replayed'] }).rows.map((row) => [row.id, row.replayCount]),
    ).toEqual([[id, 2]]);
  });

  it('keeps counts, facets and histograms in step', () => {
    index.setStatuses([
      { id: `${TOPIC}~0~1`, change: change('discarded', T0) },
      { id: `${TOPIC}~0~2`, change: change('discarded', T0) },
      { id: `${TOPIC}~0~2`, change: change('unresolved', T0 + 5) },
      { id: `${TOPIC}~0~4`, change: change('failed', T0) },
    ]);
    expect(index.listDlqs(T0)[0]).toMatchObject({ records: 10, unresolved: 8 });
    expect(index.facets(TOPIC, {}).status).toEqual([
      { value: 'unresolved', count: 8 },
      { value: 'discarded', count: 1 },
      { value: 'failed', count: 1 },
    ]);
    expect(index.queryRecords(TOPIC, { status: ['unresolved'], from: T0 }).total.value).toBe(8);
    const histogram = index.histogram(
      TOPIC,
      { status: ['discarded', 'failed'] },
      { from: T0, to: T0 + 10 * 60_000, buckets: 10 },
    );
    expect(histogram.buckets.filter((bucket) => bucket.count > 0).map((bucket) => bucket.start)).toEqual([
      T0 + 60_000,
      T0 + 4 * 60_000,
    ]);
    index.close();
    index = DlqIndex.open(dir);
    expect(index.listDlqs(T0)[0]).toMatchObject({ records: 10, unresolved: 8 });
  });

  it('ignores an event it has seen, so the state topic can be replayed', () => {
    const id = `${TOPIC}~0~5`;
    expect(index.setStatus(id, change('replayed', T0, { eventId: 'state-0-17' }))).toBe('applied');
    expect(index.setStatus(id, change('replayed', T0, { eventId: 'state-0-17' }))).toBe('duplicate');
    expect(index.getRecord(id)).toMatchObject({ replayCount: 1 });
    expect(index.history(id)).toHaveLength(1);
  });

  it('keeps a status for a record not indexed yet and applies it when the record arrives', () => {
    const id = `${TOPIC}~1~4`;
    expect(index.setStatus(id, change('replayed', T0))).toBe('pending');
    expect(index.setStatus(id, change('discarded', T0 + 1))).toBe('pending');
    expect(index.setStatus('elsewhere.DLT~0~0', change('failed', T0))).toBe('pending');
    expect(index.getRecord(id)).toBeNull();
    expect(index.listDlqs(T0).map((dlq) => dlq.topic)).toEqual([TOPIC]);

    const records = Array.from({ length: 6 }, (_, offset) =>
      makeRecord({ topic: TOPIC, partition: 1, offset, timestamp: T0 }),
    );
    index.indexBatch(TOPIC, 1, records, '6');
    expect(index.getRecord(id)).toMatchObject({ status: 'discarded', replayCount: 1 });
    expect(index.getRecord(`${TOPIC}~1~3`)).toMatchObject({ status: 'unresolved', replayCount: 0 });
    expect(index.history(id).map((entry) => entry.status)).toEqual(['replayed', 'discarded']);
    expect(index.facets(TOPIC, { partition: [1] }).status).toEqual([
      { value: 'unresolved', count: 5 },
      { value: 'discarded', count: 1 },
    ]);
  });

  it('refuses malformed ids and changes, changing nothing', () => {
    expect(() => index.setStatus('orders.DLT~0', change('replayed', T0))).toThrow(InvalidRecordIdError);
    expect(() => index.history('nope')).toThrow(InvalidRecordIdError);
    expect(() => index.setStatus(`${TOPIC}~0~1`, change('lost' as 'failed', T0))).toThrow(InvalidQueryError);
    expect(() => index.setStatus(`${TOPIC}~0~1`, change('failed', -1))).toThrow(InvalidQueryError);
    expect(() => index.setStatus(`${TOPIC}~0~1`, change('failed', T0, { actor: '' }))).toThrow(
      InvalidQueryError,
    );
    expect(() =>
      index.setStatuses([
        { id: `${TOPIC}~0~1`, change: change('failed', T0) },
        { id: 'bad id', change: change('failed', T0) },
      ]),
    ).toThrow(InvalidRecordIdError);
    expect(index.getRecord(`${TOPIC}~0~1`)).toMatchObject({ status: 'unresolved', history: [] });
  });
});
