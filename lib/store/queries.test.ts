import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DlqFormat, DlqRecord } from '../dlq/types';
import { HOUR_MS } from './codes';
import { DlqIndex } from './dlq-index';
import { InvalidCursorError, InvalidQueryError } from './errors';
import { DIMS } from './filter';
import { recordId } from './record-id';
import { sortableTime } from './rid';
import { makeRecord, makeTempDir, removeTempDir } from './test-support';
import type { Facets, RecordFilter, RecordStatus, SortOrder } from './types';

/*
 * Every query is checked against a brute-force evaluation of the same filter over the records
 * the test indexed: counts, facets, histograms and the exact order of every page.
 */

const T0 = Date.UTC(2024, 4, 1, 0, 0, 0);
const TOPICS = ['orders.DLT', 'payments-dlt'];
const GROUPS = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
const CLASSES = ['com.a.ParseException', 'com.b.TimeoutException', null, 'com.c.ListenerFailedException'];
const ORIGINS = ['orders', 'orders-retry', null];
const FORMATS: DlqFormat[] = ['spring-kafka', 'kafka-connect', 'unknown'];
const STATUSES: RecordStatus[] = ['unresolved', 'replayed', 'discarded', 'failed'];
const WORDS = ['apple', 'banana', 'bandana', 'cherry', 'Müller', 'Ωmega', 'naïve', 'fig'];

interface Indexed {
  record: DlqRecord;
  arrival: number;
  status: RecordStatus;
  /** Whether a status change was recorded. */
  changed: boolean;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(7);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const pickSome = <T>(list: readonly T[], max = 2): T[] => {
  const count = 1 + Math.floor(random() * max);
  return [...new Set(Array.from({ length: count }, () => pick(list)))];
};

function randomTime(): number | null {
  const r = random();
  if (r < 0.03) return null;
  // Repeated milliseconds, and times on hour boundaries, are the edge cases of the cube and the cursor.
  if (r < 0.1) return T0 + 5 * HOUR_MS + Math.floor(random() * 3);
  if (r < 0.15) return T0 + Math.floor(random() * 50) * HOUR_MS;
  return T0 + Math.floor(random() * 50 * HOUR_MS);
}

function randomKey(offset: number): string | Buffer | null {
  const r = random();
  if (r < 0.1) return null;
  if (r < 0.2) return Buffer.from([0xff, offset % 256, 0x00]);
  if (r < 0.25) return '';
  return `k-${offset % 40}`;
}

// --- the brute-force oracle ---

function tokens(text: string | null): string[] {
  if (text === null) return [];
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function phraseIn(words: string[], phrase: string[], prefix: boolean): boolean {
  for (let i = 0; i + phrase.length <= words.length; i += 1) {
    if (
      phrase.every((token, j) =>
        prefix && j === phrase.length - 1 ? words[i + j]?.startsWith(token) : words[i + j] === token,
      )
    ) {
      return true;
    }
  }
  return false;
}

function textMatches(record: DlqRecord, q: string): boolean {
  const columns = [
    tokens(record.key.text),
    tokens([record.error.message, record.error.cause].filter(Boolean).join('\n')),
    tokens(record.value.text),
  ];
  const terms = q.split(/\s+/u).filter((term) => /[\p{L}\p{N}]/u.test(term.replace(/\*+$/u, '')));
  if (terms.length === 0) return false;
  return terms.every((term) => {
    const prefix = /\*$/u.test(term);
    const phrase = tokens(term.replace(/\*+$/u, ''));
    return columns.some((words) => phraseIn(words, phrase, prefix));
  });
}

function matches(item: Indexed, topic: string, filter: RecordFilter, skip?: (typeof DIMS)[number]): boolean {
  const { record } = item;
  if (record.dlq.topic !== topic) return false;
  const has = <T>(values: readonly T[] | undefined, value: T, dim: (typeof DIMS)[number]) =>
    dim === skip || values === undefined || values.length === 0 || values.includes(value);
  if (!has(filter.group, record.errorGroup.id, 'group')) return false;
  if (!has(filter.errorClass, record.error.class, 'errorClass')) return false;
  if (!has(filter.originTopic, record.origin.topic, 'originTopic')) return false;
  if (!has(filter.partition, record.dlq.partition, 'partition')) return false;
  if (!has(filter.status, item.status, 'status')) return false;
  if (!has(filter.format, record.format, 'format')) return false;
  const ts = sortableTime(record.dlq.timestamp);
  if (filter.from !== undefined || filter.to !== undefined) {
    if (ts < 0 || ts < (filter.from ?? 0) || (filter.to !== undefined && ts >= filter.to)) return false;
  }
  if (filter.key !== undefined) {
    const key = record.key.text ?? record.key.base64;
    if (key === null) return false;
    const prefix = filter.key.replace(/\*+$/u, '');
    if (prefix.length < filter.key.length ? !key.startsWith(prefix) : key !== filter.key) return false;
  }
  if (filter.q !== undefined && filter.q.trim() !== '' && !textMatches(record, filter.q)) return false;
  return true;
}

function expectedIds(
  all: Indexed[],
  topic: string,
  filter: RecordFilter,
  order: SortOrder = 'newest',
): string[] {
  return all
    .filter((item) => matches(item, topic, filter))
    .sort((a, b) => {
      const byTime = sortableTime(a.record.dlq.timestamp) - sortableTime(b.record.dlq.timestamp);
      const byArrival = byTime !== 0 ? byTime : a.arrival - b.arrival;
      return order === 'newest' ? -byArrival : byArrival;
    })
    .map(({ record }) => recordId(record.dlq.topic, record.dlq.partition, record.dlq.offset));
}

function expectedFacets(all: Indexed[], topic: string, filter: RecordFilter): Omit<Facets, 'exact'> {
  const count = <T>(dim: (typeof DIMS)[number], value: (item: Indexed) => T) => {
    const counts = new Map<T, number>();
    for (const item of all) {
      if (matches(item, topic, filter, dim)) counts.set(value(item), (counts.get(value(item)) ?? 0) + 1);
    }
    return [...counts].map(([v, c]) => ({ value: v, count: c }));
  };
  return {
    group: count('group', (item) => item.record.errorGroup.id).map(({ value, count: c }) => ({
      value,
      title: `title of ${value}`,
      count: c,
    })),
    errorClass: count('errorClass', (item) => item.record.error.class),
    originTopic: count('originTopic', (item) => item.record.origin.topic),
    partition: count('partition', (item) => item.record.dlq.partition),
    status: count('status', (item) => item.status),
    format: count('format', (item) => item.record.format),
  };
}

const bySize = <T extends { count: number }>(list: T[]) =>
  [...list].sort((a, b) => b.count - a.count || JSON.stringify(a).localeCompare(JSON.stringify(b)));

function walkPages(index: DlqIndex, topic: string, filter: RecordFilter, limit: number, order: SortOrder) {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const page = index.queryRecords(topic, filter, { limit, order, cursor });
    seen.push(...page.rows.map((row) => row.id));
    if (page.nextCursor === null) return { seen, total: page.total };
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

// --- the data ---

let dir: string;
let index: DlqIndex;
const all: Indexed[] = [];

beforeAll(() => {
  dir = makeTempDir();
  index = DlqIndex.open(dir);
  let arrival = 0;
  const next = new Map<string, number>();
  for (let round = 0; round < 12; round += 1) {
    for (const topic of TOPICS) {
      for (let partition = 0; partition < 3; partition += 1) {
        const start = next.get(`${topic}/${partition}`) ?? 0;
        const size = 10 + Math.floor(random() * 40);
        const records = Array.from({ length: size }, (_, i) => {
          const offset = start + i;
          const group = pick(GROUPS);
          const word = pick(WORDS);
          return makeRecord({
            topic,
            partition,
            offset,
            timestamp: randomTime(),
            format: pick(FORMATS),
            originTopic: pick(ORIGINS),
            errorClass: pick(CLASSES),
            message: `failed on ${word} number ${offset}`,
            cause: random() < 0.2 ? 'Caused by: socket closed' : null,
            group,
            groupTitle: `title of ${group}`,
            key: randomKey(offset),
            value:
              random() < 0.1
                ? null
                : `{"fruit":"${pick(WORDS)}","also":"${pick(WORDS)} ${pick(WORDS)}","n":${offset}}`,
          });
        });
        index.indexBatch(topic, partition, records, String(start + size));
        for (const record of records)
          all.push({ record, arrival: arrival++, status: 'unresolved', changed: false });
        next.set(`${topic}/${partition}`, start + size);
      }
    }
  }
  const changes = all
    .filter(() => random() < 0.15)
    .map((item) => {
      item.status = pick(STATUSES);
      item.changed = true;
      const { topic, partition, offset } = item.record.dlq;
      return {
        id: recordId(topic, partition, offset),
        change: { status: item.status, action: 'test', actor: 'tester', at: T0, detail: null },
      };
    });
  index.setStatuses(changes);
});

afterAll(() => {
  index.close();
  removeTempDir(dir);
});

function randomFilter(): RecordFilter {
  const filter: RecordFilter = {};
  if (random() < 0.3) filter.group = random() < 0.1 ? ['unknown-group'] : pickSome(GROUPS);
  if (random() < 0.2) filter.errorClass = pickSome(CLASSES);
  if (random() < 0.2) filter.originTopic = pickSome(ORIGINS);
  if (random() < 0.2) filter.partition = pickSome([0, 1, 2]);
  if (random() < 0.25) filter.status = pickSome(STATUSES);
  if (random() < 0.15) filter.format = pickSome(FORMATS);
  if (random() < 0.35) filter.from = T0 + Math.floor(random() * 40 * HOUR_MS);
  if (random() < 0.35) filter.to = (filter.from ?? T0) + Math.floor(random() * 20 * HOUR_MS);
  if (random() < 0.15) filter.key = pick(['k-1', 'k-1*', 'k-', '/wAA', '/w*', '', 'nope']);
  if (random() < 0.2)
    filter.q = pick(['apple', 'ban*', 'muller', 'Ωmega', 'fig apple', 'socket', 'number 7', 'k-3']);
  return filter;
}

describe('queries against a brute-force oracle', () => {
  const filters: RecordFilter[] = [
    {},
    { group: ['g1'] },
    { group: ['g1', 'g2'] },
    { errorClass: [null] },
    { originTopic: [null, 'orders'] },
    { partition: [2] },
    { status: ['replayed'] },
    { status: ['unresolved', 'failed'] },
    { format: ['unknown'] },
    { from: T0 + 5 * HOUR_MS },
    { to: T0 + 5 * HOUR_MS + 1 },
    { from: T0 + 2 * HOUR_MS + 123, to: T0 + 30 * HOUR_MS + 456 },
    { from: T0 + 5 * HOUR_MS + 1, to: T0 + 5 * HOUR_MS + 2 },
    { key: 'k-1' },
    { key: 'k-1*' },
    { key: '' },
    { q: 'apple' },
    { q: 'Müller ban*' },
    { group: ['g0'], status: ['unresolved'], from: T0 + HOUR_MS / 2, q: 'fig' },
    ...Array.from({ length: 110 }, randomFilter),
  ];

  it('pages through exactly the matching records, in order, with the right total', () => {
    for (const [i, filter] of filters.entries()) {
      const topic = TOPICS[i % TOPICS.length] ?? '';
      const order: SortOrder = i % 3 === 0 ? 'oldest' : 'newest';
      const expected = expectedIds(all, topic, filter, order);
      const { seen, total } = walkPages(index, topic, filter, i % 2 === 0 ? 37 : 500, order);
      expect({ filter, seen }).toEqual({ filter, seen: expected });
      expect({ filter, total }).toEqual({ filter, total: { value: expected.length, exact: true } });
    }
  });

  it('counts facets, each without its own filter', () => {
    for (const [i, filter] of filters.entries()) {
      const topic = TOPICS[i % TOPICS.length] ?? '';
      const { exact, ...found } = index.facets(topic, filter);
      expect(exact).toBe(true);
      const expected = expectedFacets(all, topic, filter);
      for (const name of DIMS) {
        expect({ filter, name, counts: bySize(found[name] as { count: number }[]) }).toEqual({
          filter,
          name,
          counts: bySize(expected[name] as { count: number }[]),
        });
      }
    }
  });

  it('counts histogram buckets', () => {
    const ranges = [
      { from: T0, to: T0 + 50 * HOUR_MS, buckets: 50 },
      { from: T0 - 7, to: T0 + 49 * HOUR_MS + 5, buckets: 10 },
      { from: T0 + 4 * HOUR_MS + 17, to: T0 + 6 * HOUR_MS, buckets: 24 },
      { from: T0 + 5 * HOUR_MS, to: T0 + 5 * HOUR_MS + 10, buckets: 1 },
      { from: T0, to: T0 + 40 * HOUR_MS, buckets: 7 },
      { from: T0 + 3 * HOUR_MS + 5, to: T0 + 13 * HOUR_MS, buckets: 30 },
    ];
    for (const [i, filter] of filters.entries()) {
      const topic = TOPICS[i % TOPICS.length] ?? '';
      const range = ranges[i % ranges.length] ?? { from: T0, to: T0 + 1, buckets: 1 };
      const found = index.histogram(topic, filter, range);
      expect(found.exact).toBe(true);
      expect(found.buckets.length).toBeLessThanOrEqual(range.buckets);
      const first = found.buckets[0];
      const last = found.buckets.at(-1);
      expect(first !== undefined && first.start <= range.from).toBe(true);
      expect(last !== undefined && last.start + found.bucketMs >= range.to).toBe(true);
      for (const bucket of found.buckets) {
        const window = { ...filter, from: bucket.start, to: bucket.start + found.bucketMs };
        const expected = expectedIds(all, topic, window).length;
        expect({ filter, bucket }).toEqual({ filter, bucket: { start: bucket.start, count: expected } });
      }
    }
  });

  it('gives widths in whole units, of at least 10 minutes for ranges over 6 hours', () => {
    const at = (from: number, to: number, buckets: number) =>
      index.histogram(TOPICS[0] ?? '', {}, { from, to, buckets });
    expect(at(T0, T0 + HOUR_MS, 60).bucketMs).toBe(60_000);
    expect(at(T0, T0 + HOUR_MS, 7).bucketMs).toBe(10 * 60_000);
    expect(at(T0, T0 + 2 * 24 * HOUR_MS, 1000).bucketMs).toBe(10 * 60_000);
    expect(at(T0, T0 + 6 * HOUR_MS, 1000).bucketMs).toBe(60_000);
    const month = at(T0, T0 + 30 * 24 * HOUR_MS, 10);
    expect(month.bucketMs % (24 * HOUR_MS)).toBe(0);
    expect(month.buckets.length).toBeLessThanOrEqual(10);
  });

  it('summarises every DLQ and its error groups', () => {
    const now = T0 + 45 * HOUR_MS + 1234;
    const summaries = index.listDlqs(now);
    expect(summaries.map((summary) => summary.topic)).toEqual([...TOPICS].sort());
    for (const summary of summaries) {
      const mine = all.filter((item) => item.record.dlq.topic === summary.topic);
      const times = mine.map((item) => sortableTime(item.record.dlq.timestamp)).filter((ts) => ts >= 0);
      expect(summary.records).toBe(mine.length);
      expect(summary.unresolved).toBe(mine.filter((item) => item.status === 'unresolved').length);
      expect(summary.newestRecordTime).toBe(Math.max(...times));
      expect(summary.lastHour).toBe(times.filter((ts) => ts >= now - HOUR_MS).length);
      // The five biggest groups, biggest first (which of equal groups make the cut is not specified).
      const groups = expectedFacets(all, summary.topic, {}).group;
      const counts = bySize(groups).map((group) => group.count);
      expect(summary.topGroups.map((group) => group.count)).toEqual(counts.slice(0, 5));
      for (const top of summary.topGroups) {
        expect(groups).toContainEqual({ value: top.id, title: top.title, count: top.count });
      }

      for (const group of index.errorGroups(summary.topic)) {
        const members = mine.filter((item) => item.record.errorGroup.id === group.id);
        const memberTimes = members
          .map((item) => sortableTime(item.record.dlq.timestamp))
          .filter((ts) => ts >= 0);
        const newest = expectedIds(all, summary.topic, { group: [group.id] })[0];
        expect(group).toEqual({
          id: group.id,
          title: `title of ${group.id}`,
          errorClass: members.sort((a, b) => a.arrival - b.arrival)[0]?.record.error.class ?? null,
          count: members.length,
          firstSeen: Math.min(...memberTimes),
          lastSeen: Math.max(...memberTimes),
          sampleId: newest,
        });
      }
    }
  });

  it('serves each row as the table shows it', () => {
    const item = all.find(
      (candidate) => candidate.record.key.text === 'k-3' && candidate.record.dlq.timestamp !== null,
    );
    if (!item) throw new Error('fixture has no k-3 record');
    const { record } = item;
    const id = recordId(record.dlq.topic, record.dlq.partition, record.dlq.offset);
    const rows = walkPages(index, record.dlq.topic, { key: 'k-3' }, 500, 'newest').seen;
    expect(rows).toContain(id);
    const row = index
      .queryRecords(record.dlq.topic, { key: 'k-3' }, { limit: 500 })
      .rows.find((candidate) => candidate.id === id);
    expect(row).toEqual({
      id,
      time: record.dlq.timestamp,
      partition: record.dlq.partition,
      offset: record.dlq.offset,
      originTopic: record.origin.topic,
      originPartition: record.origin.partition,
      originOffset: record.origin.offset,
      keyPreview: 'k-3',
      keyKind: 'text',
      errorClass: record.error.class,
      messagePreview: record.error.message,
      groupId: record.errorGroup.id,
      status: item.status,
      replayCount: item.status === 'replayed' ? 1 : 0,
      format: record.format,
    });
    expect(index.getRecord(id)).toEqual({
      id,
      record,
      status: item.status,
      replayCount: item.status === 'replayed' ? 1 : 0,
      history: item.changed
        ? [{ at: T0, action: 'test', actor: 'tester', detail: null, status: item.status }]
        : [],
    });
  });
});

describe('rare matches far apart', () => {
  it('pages them exactly, walking only as far back as the cube says', () => {
    const local = makeTempDir();
    const sparse = DlqIndex.open(local);
    try {
      const topic = 'sparse.DLT';
      const items: Indexed[] = [];
      for (let start = 0; start < 12_000; start += 3000) {
        const records = Array.from({ length: 3000 }, (_, i) =>
          makeRecord({
            topic,
            offset: start + i,
            timestamp: T0 + (start + i) * 30_000 + Math.floor(random() * 1000),
          }),
        );
        sparse.indexBatch(topic, 0, records, String(start + 3000));
        for (const record of records) {
          items.push({ record, arrival: items.length, status: 'unresolved', changed: false });
        }
      }
      const rare = items.filter(() => random() < 0.004);
      for (const item of rare) item.status = 'failed';
      sparse.setStatuses(
        rare.map((item) => ({
          id: recordId(topic, 0, item.record.dlq.offset),
          change: { status: 'failed' as const, action: 'test', actor: 'tester', at: T0, detail: null },
        })),
      );
      const filters: RecordFilter[] = [
        { status: ['failed'] },
        { status: ['failed'], from: T0 + 7 * HOUR_MS + 5, to: T0 + 80 * HOUR_MS },
        { status: ['failed', 'replayed'], partition: [0] },
      ];
      for (const filter of filters) {
        for (const order of ['newest', 'oldest'] as const) {
          const { seen, total } = walkPages(sparse, topic, filter, 7, order);
          expect({ filter, order, seen }).toEqual({
            filter,
            order,
            seen: expectedIds(items, topic, filter, order),
          });
          expect(total.value).toBe(seen.length);
        }
      }
    } finally {
      sparse.close();
      removeTempDir(local);
    }
  });
});

describe('paging while records arrive', () => {
  it('serves every record that was there exactly once', () => {
    const local = makeTempDir();
    const live = DlqIndex.open(local);
    try {
      const topic = 'live.DLT';
      const present = new Set<string>();
      let offset = 0;
      const add = (count: number, time: () => number) => {
        const records = Array.from({ length: count }, () =>
          makeRecord({ topic, offset: offset++, timestamp: time() }),
        );
        live.indexBatch(topic, 0, records, String(offset));
        return records.map((record) => recordId(topic, 0, record.dlq.offset));
      };
      for (const id of add(400, () => T0 + Math.floor(random() * 10 * HOUR_MS))) present.add(id);
      for (const order of ['newest', 'oldest'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = live.queryRecords(topic, {}, { limit: 23, order, cursor });
          seen.push(...page.rows.map((row) => row.id));
          cursor = page.nextCursor ?? undefined;
          // Newer, older and same-time records land between pages.
          add(5, () => T0 + Math.floor(random() * 12 * HOUR_MS) - HOUR_MS);
          add(2, () => T0 + 5 * HOUR_MS);
        } while (cursor !== undefined);
        expect(new Set(seen).size).toBe(seen.length);
        for (const id of present) expect(seen).toContain(id);
      }
    } finally {
      live.close();
      removeTempDir(local);
    }
  });
});

describe('full text search', () => {
  const topic = 'search.DLT';
  let local: string;
  let search: DlqIndex;
  const texts = [
    { message: 'Parse error near "AND" operator: NOT allowed', value: '{"note":"x OR y"}' },
    { value: 'Müller straße 日本語 🔥 Ωmega', message: 'plain' },
    { key: 'order-123*', value: 'prefixes: banana bandana' },
    { message: 'column key:foo', value: '{}' },
  ];

  beforeAll(() => {
    local = makeTempDir();
    search = DlqIndex.open(local);
    search.indexBatch(
      topic,
      0,
      texts.map((spec, offset) => makeRecord({ topic, offset, ...spec })),
      String(texts.length),
    );
  });

  afterAll(() => {
    search.close();
    removeTempDir(local);
  });

  const found = (q: string) =>
    search
      .queryRecords(topic, { q })
      .rows.map((row) => Number(row.offset))
      .sort();

  it('treats operators, quotes, column filters and punctuation as plain text', () => {
    const cases: [string, number[]][] = [
      ['AND', [0]],
      ['and', [0]],
      ['NOT', [0]],
      ['OR', [0]],
      ['"AND"', [0]],
      ['"', []],
      ['""', []],
      ['a"b', []],
      ['NEAR', [0]],
      ['NEAR(a b)', []],
      ['near AND', [0]],
      ['x OR y', [0]],
      ['key:foo', [3]],
      ['{key}:x', []],
      ['key : foo', [3]],
      ['(', []],
      [')', []],
      ["'", []],
      ['-', []],
      ['-plain', [1]],
      ['^plain', [1]],
      ['+', []],
      ['\\', []],
      ['*', []],
      ['**', []],
      ['b*', [2]],
      ['ba*', [2]],
      ['ban*', [2]],
      ['band*', [2]],
      ['banana*', [2]],
      ['mül*', [1]],
      ['MUL*', [1]],
      ['ωme*', [1]],
      ['order-123*', [2]],
      ['order-123', [2]],
      ['Müller', [1]],
      ['muller', [1]],
      ['MÜLLER', [1]],
      ['straße', [1]],
      ['日本語', [1]],
      ['ωmega', [1]],
      ['🔥', []],
      ['   ', [0, 1, 2, 3]],
      ['', [0, 1, 2, 3]],
    ];
    for (const [q, expected] of cases) {
      expect({ q, found: found(q) }).toEqual({ q, found: expected });
      expect(() => search.facets(topic, { q })).not.toThrow();
      expect(() => search.histogram(topic, { q }, { from: T0, to: T0 + HOUR_MS, buckets: 4 })).not.toThrow();
    }
  });

  it('refuses queries longer than 500 characters', () => {
    expect(() => search.queryRecords(topic, { q: 'a'.repeat(501) })).toThrow(InvalidQueryError);
  });
});

describe('bad parameters', () => {
  it('refuses malformed, foreign and tampered cursors', () => {
    const topic = TOPICS[0] ?? '';
    const page = index.queryRecords(topic, { status: ['unresolved'] }, { limit: 5 });
    const cursor = page.nextCursor ?? '';
    expect(index.queryRecords(topic, { status: ['unresolved'] }, { limit: 5, cursor }).rows).toHaveLength(5);
    const bad = [
      'garbage!',
      '',
      'x'.repeat(300),
      Buffer.from('not json').toString('base64url'),
      Buffer.from('[1,"newest","12x","abc"]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
    ];
    for (const candidate of bad) {
      expect(() => index.queryRecords(topic, {}, { cursor: candidate })).toThrow(InvalidCursorError);
    }
    expect(() => index.queryRecords(topic, {}, { cursor })).toThrow(InvalidCursorError);
    expect(() => index.queryRecords(topic, { status: ['unresolved'] }, { cursor, order: 'oldest' })).toThrow(
      InvalidCursorError,
    );
    expect(() => index.queryRecords(TOPICS[1] ?? '', { status: ['unresolved'] }, { cursor })).toThrow(
      InvalidCursorError,
    );
    // The same filter written differently is the same filter.
    expect(() =>
      index.queryRecords(topic, { status: ['unresolved'], group: [] }, { cursor, limit: 5 }),
    ).not.toThrow();
  });

  it('refuses out-of-range parameters with the field named', () => {
    const topic = TOPICS[0] ?? '';
    const field = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        if (error instanceof InvalidQueryError) return error.field;
        throw error;
      }
      return null;
    };
    expect(field(() => index.queryRecords(topic, {}, { limit: 0 }))).toBe('limit');
    expect(field(() => index.queryRecords(topic, {}, { limit: 501 }))).toBe('limit');
    expect(field(() => index.queryRecords(topic, {}, { limit: 1.5 }))).toBe('limit');
    expect(field(() => index.queryRecords(topic, {}, { order: 'sideways' as SortOrder }))).toBe('order');
    expect(field(() => index.queryRecords(topic, { partition: [-1] }))).toBe('partition');
    expect(field(() => index.queryRecords(topic, { status: ['lost' as RecordStatus] }))).toBe('status');
    expect(field(() => index.queryRecords(topic, { format: ['avro' as DlqFormat] }))).toBe('format');
    expect(field(() => index.queryRecords(topic, { from: 1.5 }))).toBe('from');
    expect(field(() => index.queryRecords(topic, { group: Array.from({ length: 201 }, String) }))).toBe(
      'group',
    );
    expect(field(() => index.histogram(topic, {}, { from: 10, to: 10, buckets: 5 }))).toBe('to');
    expect(field(() => index.histogram(topic, {}, { from: 0, to: 10, buckets: 0 }))).toBe('buckets');
    expect(field(() => index.histogram(topic, {}, { from: 0, to: 10, buckets: 1001 }))).toBe('buckets');
  });

  it('answers an unknown topic with nothing', () => {
    expect(index.queryRecords('unknown', {})).toEqual({
      rows: [],
      nextCursor: null,
      total: { value: 0, exact: true },
    });
    expect(index.facets('unknown', {}).group).toEqual([]);
    expect(index.histogram('unknown', {}, { from: T0, to: T0 + HOUR_MS, buckets: 2 }).buckets).toEqual([
      { start: T0, count: 0 },
      { start: T0 + 30 * 60_000, count: 0 },
    ]);
    expect(index.errorGroups('unknown')).toEqual([]);
  });
});

describe('more matches than the count cap', () => {
  it('pages exactly and says counts are capped', () => {
    const local = makeTempDir();
    const big = DlqIndex.open(local);
    try {
      const topic = 'big.DLT';
      for (let start = 0; start < 10_500; start += 3500) {
        const records = Array.from({ length: 3500 }, (_, i) =>
          makeRecord({ topic, offset: start + i, timestamp: T0 + start + i, value: '{"common":"word"}' }),
        );
        big.indexBatch(topic, 0, records, String(start + 3500));
      }
      const page = big.queryRecords(topic, { q: 'common' }, { limit: 100 });
      expect(page.total).toEqual({ value: 10_000, exact: false });
      expect(page.rows[0]?.id).toBe(`${topic}~0~10499`);
      expect(
        big.queryRecords(topic, { q: 'common' }, { limit: 100, cursor: page.nextCursor ?? '' }).rows[0]?.id,
      ).toBe(`${topic}~0~10399`);
      const facets = big.facets(topic, { q: 'common' });
      expect(facets.exact).toBe(false);
      expect(facets.status).toEqual([{ value: 'unresolved', count: 10_000 }]);
      expect(big.queryRecords(topic, { key: 'key-1*' }).total).toEqual({ value: 1611, exact: true });
      expect(big.queryRecords(topic, { key: 'key-*' }).total).toEqual({ value: 10_000, exact: false });
      expect(big.queryRecords(topic, { key: 'key-*' }).rows[0]?.id).toBe(`${topic}~0~10499`);
      expect(big.queryRecords(topic, {}).total).toEqual({ value: 10_500, exact: true });
    } finally {
      big.close();
      removeTempDir(local);
    }
  });
});
