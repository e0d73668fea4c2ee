import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INDEX_FILE } from './database';
import { DlqIndex } from './dlq-index';
import { InvalidQueryError } from './errors';
import { ridCeiling } from './rid';
import { SCHEMA_VERSION } from './schema';
import { makeRecord, makeTempDir, removeTempDir, type RecordSpec } from './test-support';

const T0 = Date.UTC(2024, 4, 1, 10, 0, 0);
const TOPIC = 'orders.DLT';

let dir: string;
let index: DlqIndex;

beforeEach(() => {
  dir = makeTempDir();
  index = DlqIndex.open(dir);
});

afterEach(() => {
  index.close();
  removeTempDir(dir);
});

function batch(partition: number, from: number, to: number, spec: Partial<RecordSpec> = {}) {
  return Array.from({ length: to - from }, (_, i) =>
    makeRecord({ topic: TOPIC, partition, offset: from + i, timestamp: T0 + (from + i) * 1000, ...spec }),
  );
}

function ids(page: { rows: { id: string }[] }): string[] {
  return page.rows.map((row) => row.id);
}

describe('indexBatch', () => {
  it('adds each record once, however often a batch is indexed again', () => {
    expect(index.indexBatch(TOPIC, 0, batch(0, 0, 100), '100')).toBe(100);
    expect(index.indexBatch(TOPIC, 0, batch(0, 0, 100), '100')).toBe(0);
    // An overlapping batch (a consumer resuming before its last commit) adds only the new records.
    expect(index.indexBatch(TOPIC, 0, batch(0, 50, 150), '150')).toBe(50);
    const page = index.queryRecords(TOPIC, {}, { limit: 500 });
    expect(page.total).toEqual({ value: 150, exact: true });
    expect(new Set(ids(page)).size).toBe(150);
    expect(index.listDlqs(T0)[0]).toMatchObject({ topic: TOPIC, records: 150, unresolved: 150 });
    expect(index.errorGroups(TOPIC)[0]?.count).toBe(150);
  });

  it('reads back every record of an overlapping batch, storing only doc blocks that hold new records', () => {
    index.indexBatch(TOPIC, 0, batch(0, 0, 20), '20');
    const blocks = () => {
      const db = new Database(path.join(dir, INDEX_FILE), { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM docs').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = blocks();
    // Offsets 12..35 are prepared as blocks 12-19 (all indexed already), 20-27 and 28-35.
    expect(index.indexBatch(TOPIC, 0, batch(0, 12, 36), '36')).toBe(16);
    expect(blocks()).toBe(before + 2);
    for (let offset = 0; offset < 36; offset += 1) {
      const stored = index.getRecord(`${TOPIC}~0~${offset}`);
      expect(stored?.record.dlq.offset).toBe(String(offset));
    }
  });

  it('stores where each partition resumes, surviving a reopen', () => {
    expect(index.nextOffset(TOPIC, 0)).toBeNull();
    index.indexBatch(TOPIC, 0, batch(0, 0, 10), '10');
    index.indexBatch(TOPIC, 2, batch(2, 0, 5), '5');
    // An empty fetch still moves the position (e.g. past transaction markers).
    index.indexBatch(TOPIC, 1, [], '7');
    // A batch fetched again later never moves it back.
    index.indexBatch(TOPIC, 0, batch(0, 0, 3), '3');
    index.close();
    index = DlqIndex.open(dir);
    expect(index.nextOffset(TOPIC, 0)).toBe('10');
    expect(index.nextOffset(TOPIC, 3)).toBeNull();
    expect(index.nextOffset('other', 0)).toBeNull();
    expect(index.partitions(TOPIC)).toEqual([
      { partition: 0, nextOffset: '10' },
      { partition: 1, nextOffset: '7' },
      { partition: 2, nextOffset: '5' },
    ]);
    expect(index.queryRecords(TOPIC, {}).total.value).toBe(15);
    expect(index.listDlqs(T0)[0]?.records).toBe(15);
  });

  it('keeps offsets beyond 2^53 exact', () => {
    const big = '9007199254740993';
    index.indexBatch(
      TOPIC,
      0,
      [makeRecord({ topic: TOPIC, offset: big, originOffset: big })],
      '9007199254740994',
    );
    expect(index.nextOffset(TOPIC, 0)).toBe('9007199254740994');
    const [row] = index.queryRecords(TOPIC, {}).rows;
    expect(row).toMatchObject({ id: `${TOPIC}~0~${big}`, offset: big, originOffset: big });
    expect(index.getRecord(`${TOPIC}~0~${big}`)?.record.dlq.offset).toBe(big);
  });

  it('rolls a failing batch back whole', () => {
    const records = batch(0, 0, 10);
    records.push(makeRecord({ topic: 'another-topic', offset: 10 }));
    expect(() => index.indexBatch(TOPIC, 0, records, '11')).toThrow(/in a batch of/);
    expect(index.nextOffset(TOPIC, 0)).toBeNull();
    expect(index.listDlqs(T0)).toEqual([]);
    // Dictionary ids made inside the failed transaction are gone; the next batch works.
    expect(index.indexBatch(TOPIC, 0, batch(0, 0, 10), '10')).toBe(10);
    expect(index.errorGroups(TOPIC)).toHaveLength(1);
  });

  it('refuses malformed offsets and partitions', () => {
    expect(() => index.indexBatch(TOPIC, 0, [], '-1')).toThrow(InvalidQueryError);
    expect(() => index.indexBatch(TOPIC, 0, [], '01')).toThrow(InvalidQueryError);
    expect(() => index.indexBatch(TOPIC, -1, [], '1')).toThrow(InvalidQueryError);
    expect(() => index.indexBatch(TOPIC, 0, batch(0, 0, 1, { offset: 'x' }), '1')).toThrow(InvalidQueryError);
  });

  it('orders many records of the same millisecond by arrival, across batches', () => {
    index.indexBatch(TOPIC, 0, batch(0, 0, 300, { timestamp: T0 }), '300');
    index.indexBatch(TOPIC, 1, batch(1, 0, 300, { timestamp: T0 }), '300');
    const rows = index.queryRecords(TOPIC, {}, { limit: 500, order: 'oldest' }).rows;
    expect(rows.length).toBe(500);
    expect(rows.slice(0, 3).map((row) => row.id)).toEqual([`${TOPIC}~0~0`, `${TOPIC}~0~1`, `${TOPIC}~0~2`]);
    expect(rows[300]?.id).toBe(`${TOPIC}~1~0`);
  });

  it('keeps records without a usable timestamp, last when newest first, outside every time range', () => {
    index.indexBatch(
      TOPIC,
      0,
      [
        makeRecord({ topic: TOPIC, offset: 0, timestamp: null }),
        makeRecord({ topic: TOPIC, offset: 1, timestamp: T0 }),
        makeRecord({ topic: TOPIC, offset: 2, timestamp: -5 }),
        makeRecord({ topic: TOPIC, offset: 3, timestamp: 2 ** 60 }),
      ],
      '4',
    );
    const rows = index.queryRecords(TOPIC, {}).rows;
    expect(rows.map((row) => row.id)).toEqual([
      `${TOPIC}~0~1`,
      `${TOPIC}~0~3`,
      `${TOPIC}~0~2`,
      `${TOPIC}~0~0`,
    ]);
    expect(rows.map((row) => row.time)).toEqual([T0, null, null, null]);
    expect(index.queryRecords(TOPIC, { to: T0 + 1 }).total.value).toBe(1);
    expect(index.queryRecords(TOPIC, { from: 0 }).total.value).toBe(1);
    // The stored record keeps what the broker said.
    expect(index.getRecord(`${TOPIC}~0~3`)?.record.dlq.timestamp).toBe(2 ** 60);
    expect(index.errorGroups(TOPIC)[0]).toMatchObject({ count: 4, firstSeen: T0, lastSeen: T0 });
  });
});

describe('a millisecond with more than 2^20 records', () => {
  it('spills into the next milliseconds and keeps order and time filters exact', () => {
    index.indexBatch(TOPIC, 0, [makeRecord({ topic: TOPIC, offset: 0, timestamp: T0 })], '1');
    index.close();
    // Fill the millisecond's rid range the quick way: move its record to the top of the range.
    const db = new Database(path.join(dir, INDEX_FILE));
    db.prepare('UPDATE records SET rid = ?').run(ridCeiling(T0) - 1n);
    db.close();
    index = DlqIndex.open(dir);
    const later = makeRecord({ topic: TOPIC, offset: 2, timestamp: T0 + 1 });
    index.indexBatch(TOPIC, 0, [makeRecord({ topic: TOPIC, offset: 1, timestamp: T0 }), later], '3');
    const newestFirst = index.queryRecords(TOPIC, {}).rows.map((row) => [row.id, row.time]);
    expect(newestFirst).toEqual([
      [`${TOPIC}~0~2`, T0 + 1],
      [`${TOPIC}~0~1`, T0],
      [`${TOPIC}~0~0`, T0],
    ]);
    expect(index.queryRecords(TOPIC, { to: T0 + 1 }).total.value).toBe(2);
    expect(index.queryRecords(TOPIC, { to: T0 + 1 }, { limit: 1 }).rows[0]?.id).toBe(`${TOPIC}~0~1`);
    expect(index.queryRecords(TOPIC, { from: T0 + 1 }).rows.map((row) => row.id)).toEqual([`${TOPIC}~0~2`]);
    const buckets = index.histogram(TOPIC, {}, { from: T0, to: T0 + 60_000, buckets: 1 }).buckets;
    expect(buckets.map((bucket) => bucket.count)).toEqual([3]);
    expect(index.errorGroups(TOPIC)[0]).toMatchObject({ lastSeen: T0 + 1, firstSeen: T0 });
    expect(index.listDlqs(T0)[0]?.newestRecordTime).toBe(T0 + 1);
  });
});

describe('removeBelow', () => {
  it('removes the records retention deleted and keeps counts and groups right', () => {
    const groupA = batch(0, 0, 50, { group: 'a', message: 'first problem' });
    const groupB = batch(0, 50, 100, { group: 'b', message: 'second problem' });
    index.indexBatch(TOPIC, 0, [...groupA, ...groupB], '100');
    index.indexBatch(TOPIC, 1, batch(1, 0, 20, { group: 'a', message: 'first problem' }), '20');
    index.setStatus(`${TOPIC}~0~60`, {
      status: 'discarded',
      action: 'discard',
      actor: 'ann',
      at: T0,
      detail: null,
    });

    expect(index.removeBelow(TOPIC, 0, '60')).toBe(60);
    expect(index.queryRecords(TOPIC, {}).total.value).toBe(60);
    expect(index.queryRecords(TOPIC, { partition: [0] }).total.value).toBe(40);
    expect(index.getRecord(`${TOPIC}~0~59`)).toBeNull();
    expect(index.getRecord(`${TOPIC}~0~60`)?.status).toBe('discarded');
    expect(index.queryRecords(TOPIC, { q: 'first' }).total.value).toBe(20);
    expect(index.errorGroups(TOPIC).map(({ id, count, firstSeen }) => ({ id, count, firstSeen }))).toEqual([
      { id: 'b', count: 40, firstSeen: T0 + 60_000 },
      { id: 'a', count: 20, firstSeen: T0 },
    ]);
    expect(index.facets(TOPIC, {}).status).toEqual([
      { value: 'unresolved', count: 59 },
      { value: 'discarded', count: 1 },
    ]);
    // What lay below the log start is gone from Kafka: resume there.
    expect(index.nextOffset(TOPIC, 0)).toBe('100');
    index.indexBatch(TOPIC, 3, [], '2');
    index.removeBelow(TOPIC, 3, '10');
    expect(index.nextOffset(TOPIC, 3)).toBe('10');

    // Removing every record of a group removes the group.
    expect(index.removeBelow(TOPIC, 1, '20')).toBe(20);
    expect(index.errorGroups(TOPIC).map((group) => group.id)).toEqual(['b']);
    expect(index.queryRecords(TOPIC, { group: ['a'] }).total.value).toBe(0);
    expect(index.listDlqs(T0)[0]).toMatchObject({ records: 40, unresolved: 39 });

    index.close();
    index = DlqIndex.open(dir);
    expect(index.listDlqs(T0)[0]).toMatchObject({ records: 40, unresolved: 39 });
  });

  it('keeps every remaining record whole when the log start cuts through a block of stored records', () => {
    const records = batch(0, 0, 21, { value: '{"word":"zebra"}' });
    index.indexBatch(TOPIC, 0, records.slice(0, 13), '13');
    index.indexBatch(TOPIC, 0, records.slice(5), '21');
    for (const record of records)
      expect(index.getRecord(`${TOPIC}~0~${record.dlq.offset}`)?.record).toEqual(record);
    expect(index.removeBelow(TOPIC, 0, '11')).toBe(11);
    expect(index.getRecord(`${TOPIC}~0~10`)).toBeNull();
    for (const record of records.slice(11)) {
      expect(index.getRecord(`${TOPIC}~0~${record.dlq.offset}`)?.record).toEqual(record);
    }
    // Blocks whose records are all gone leave with them.
    const db = new Database(path.join(dir, INDEX_FILE), { readonly: true });
    try {
      const blocks = db.prepare('SELECT count(*) AS n FROM docs').get() as { n: number };
      expect(blocks.n).toBeLessThan(3);
    } finally {
      db.close();
    }
    index.removeTopic(TOPIC);
    index.indexBatch(TOPIC, 0, batch(0, 0, 2), '2');
    expect(index.getRecord(`${TOPIC}~0~1`)?.record).toEqual(batch(0, 1, 2)[0]);
  });

  it('is a no-op for unknown topics and offsets below everything', () => {
    expect(index.removeBelow('nope', 0, '10')).toBe(0);
    index.indexBatch(TOPIC, 0, batch(0, 5, 10), '10');
    expect(index.removeBelow(TOPIC, 0, '5')).toBe(0);
    expect(index.queryRecords(TOPIC, {}).total.value).toBe(5);
  });

  it('lets a record come back at the same position after retention (rids are reused safely)', () => {
    index.indexBatch(TOPIC, 0, batch(0, 0, 3, { value: '{"word":"zebra"}' }), '3');
    index.removeBelow(TOPIC, 0, '3');
    index.indexBatch(TOPIC, 0, batch(0, 3, 6, { timestamp: T0, value: '{"word":"yak"}' }), '6');
    expect(ids(index.queryRecords(TOPIC, { q: 'zebra' }))).toEqual([]);
    expect(index.queryRecords(TOPIC, { q: 'yak' }).total.value).toBe(3);
  });
});

describe('removeTopic', () => {
  it('removes everything about the topic and nothing about others', () => {
    index.indexBatch(TOPIC, 0, batch(0, 0, 30), '30');
    index.indexBatch(
      'payments.DLT',
      0,
      [makeRecord({ topic: 'payments.DLT', offset: 0, timestamp: T0 })],
      '1',
    );
    index.setStatus(`${TOPIC}~0~1`, {
      status: 'replayed',
      action: 'replay',
      actor: 'ann',
      at: T0,
      detail: null,
    });
    expect(index.removeTopic(TOPIC)).toBe(30);
    expect(index.listDlqs(T0).map((dlq) => dlq.topic)).toEqual(['payments.DLT']);
    expect(index.queryRecords(TOPIC, {}).total.value).toBe(0);
    expect(index.errorGroups(TOPIC)).toEqual([]);
    expect(index.partitions(TOPIC)).toEqual([]);
    expect(index.history(`${TOPIC}~0~1`)).toEqual([]);
    expect(index.removeTopic(TOPIC)).toBe(0);
    // The topic can come back (deleted and created again): from scratch.
    index.indexBatch(TOPIC, 0, batch(0, 0, 2), '2');
    expect(index.listDlqs(T0).find((dlq) => dlq.topic === TOPIC)?.records).toBe(2);
    expect(index.getRecord(`${TOPIC}~0~1`)?.status).toBe('unresolved');
  });
});

describe('opening', () => {
  it('rebuilds an index of another schema version from scratch', () => {
    index.indexBatch(TOPIC, 0, batch(0, 0, 5), '5');
    index.close();
    const db = new Database(path.join(dir, INDEX_FILE));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    index = DlqIndex.open(dir);
    expect(index.nextOffset(TOPIC, 0)).toBeNull();
    expect(index.listDlqs(T0)).toEqual([]);
    index.indexBatch(TOPIC, 0, batch(0, 0, 5), '5');
    expect(index.queryRecords(TOPIC, {}).total.value).toBe(5);
  });

  it('replaces a damaged file', () => {
    index.close();
    fs.writeFileSync(path.join(dir, INDEX_FILE), 'this is not a database '.repeat(1000));
    index = DlqIndex.open(dir);
    expect(index.listDlqs(T0)).toEqual([]);
    index.indexBatch(TOPIC, 0, batch(0, 0, 2), '2');
    expect(index.queryRecords(TOPIC, {}).total.value).toBe(2);
  });

  it('creates the data directory', () => {
    index.close();
    const nested = path.join(dir, 'a', 'b');
    index = DlqIndex.open(nested);
    expect(fs.existsSync(path.join(nested, INDEX_FILE))).toBe(true);
  });
});
