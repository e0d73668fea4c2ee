import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRecord } from '../dlq/decode';
import { header, rawRecord } from '../dlq/test-records';
import { DlqIndex } from './dlq-index';
import { recordId } from './record-id';
import { makeRecord, makeTempDir, removeTempDir } from './test-support';

let dir: string;
let index: DlqIndex;
const ids: string[] = [];

beforeAll(() => {
  dir = makeTempDir();
  index = DlqIndex.open(dir);
  for (const topic of ['a.DLT', 'b.DLT']) {
    for (let partition = 0; partition < 2; partition++) {
      const records = Array.from({ length: 150 }, (_, offset) =>
        makeRecord({ topic, partition, offset, value: `${topic} ${partition} ${offset}` }),
      );
      index.indexBatch(topic, partition, records, '150');
      ids.push(...records.map((r) => recordId(topic, partition, r.dlq.offset)));
    }
  }
  index.setStatus(ids[7]!, { status: 'replayed', at: 1, action: 'replay', actor: 'otto', detail: null });
});

afterAll(() => {
  index.close();
  removeTempDir(dir);
});

describe('getReplayRecords', () => {
  it('reads many records at once in input order, as getRecord does but without history and error analysis', () => {
    // Shuffled across topics, partitions and doc blocks, with a repeat.
    const wanted = [...ids.filter((_, i) => i % 2 === 1), ...ids.filter((_, i) => i % 2 === 0).reverse()];
    wanted.push(ids[3]!);
    const got = index.getReplayRecords(wanted, true);
    expect(got).toHaveLength(wanted.length);
    wanted.forEach((id, i) => {
      const { history: _, record, ...one } = index.getRecord(id)!;
      const { error: _e, errorGroup: _g, warnings: _w, ...core } = record;
      expect(got[i]).toEqual({ ...one, record: core, conventionHeaderKeys: ['kafka_dlt-original-topic'] });
    });
    expect(got[wanted.indexOf(ids[7]!)]).toMatchObject({ status: 'replayed', replayCount: 1 });
  });

  it('answers null for ids the index does not have and for what is not a record id', () => {
    const got = index.getReplayRecords(
      [recordId('a.DLT', 0, '999'), recordId('c.DLT', 0, '1'), 'not an id', ids[0]!],
      false,
    );
    expect(got.slice(0, 3)).toEqual([null, null, null]);
    expect(got[3]?.id).toBe(ids[0]);
    expect(index.getReplayRecords([], false)).toEqual([]);
  });

  it('reads only the cores unless asked for the convention headers: no error analysis, those headers left out', () => {
    // Spring Kafka records whose own headers come before, between and after the convention's, one of them null.
    const topic = 'spring.DLT';
    const raws = Array.from({ length: 11 }, (_, offset) =>
      rawRecord({
        topic,
        offset: String(offset),
        key: Buffer.from(`k${offset}`),
        value: Buffer.from(`{"n":${offset}}`),
        headers: [
          header('traceparent', `00-${offset}`),
          header('kafka_dlt-exception-fqcn', 'com.example.BadAmountException'),
          header('kafka_dlt-exception-message', `amount ${offset} is negative`),
          header('x-null', null),
          header(
            'kafka_dlt-exception-stacktrace',
            `com.example.BadAmountException: amount ${offset}\n\tat x`,
          ),
          header('kafka_dlt-original-topic', 'payments'),
          header('content-type', 'application/json'),
        ],
      }),
    );
    const decoded = raws.map((raw) => decodeRecord(raw));
    index.indexBatch(topic, 0, decoded, '11');
    const springIds = decoded.map((r) => recordId(topic, 0, r.dlq.offset));

    const whole = index.getReplayRecords(springIds, true);
    const cores = index.getReplayRecords(springIds, false);
    decoded.forEach((record, i) => {
      // Stored in two parts, read back whole: the same record, its fields in the same order.
      const stored = index.getRecord(springIds[i]!)!.record;
      expect(stored).toEqual(record);
      expect(Object.keys(stored)).toEqual(Object.keys(record));
      const { error: _e, errorGroup: _g, warnings: _w, ...core } = record;
      const conventionHeaderKeys = [
        'kafka_dlt-exception-fqcn',
        'kafka_dlt-exception-message',
        'kafka_dlt-exception-stacktrace',
        'kafka_dlt-original-topic',
      ];
      expect(record.headers.filter((h) => h.convention).map((h) => h.key)).toEqual(conventionHeaderKeys);
      const replayRecord = { id: springIds[i], conventionHeaderKeys, status: 'unresolved', replayCount: 0 };
      expect(whole[i]).toEqual({ ...replayRecord, record: core });
      expect(Object.keys(whole[i]!.record)).toEqual(Object.keys(core));
      expect(cores[i]).toEqual({
        ...replayRecord,
        record: { ...core, headers: record.headers.filter((h) => !h.convention) },
      });
    });
  });
});
