import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('getRecordsWithoutHistory', () => {
  it('reads many records at once in input order, as getRecord does but without history', () => {
    // Shuffled across topics, partitions and doc blocks, with a repeat.
    const wanted = [...ids.filter((_, i) => i % 2 === 1), ...ids.filter((_, i) => i % 2 === 0).reverse()];
    wanted.push(ids[3]!);
    const got = index.getRecordsWithoutHistory(wanted);
    expect(got).toHaveLength(wanted.length);
    wanted.forEach((id, i) => {
      const { history: _, ...one } = index.getRecord(id)!;
      expect(got[i]).toEqual(one);
    });
    expect(got[wanted.indexOf(ids[7]!)]).toMatchObject({ status: 'replayed', replayCount: 1 });
  });

  it('answers null for ids the index does not have and for what is not a record id', () => {
    const got = index.getRecordsWithoutHistory([
      recordId('a.DLT', 0, '999'),
      recordId('c.DLT', 0, '1'),
      'not an id',
      ids[0]!,
    ]);
    expect(got.slice(0, 3)).toEqual([null, null, null]);
    expect(got[3]?.id).toBe(ids[0]);
    expect(index.getRecordsWithoutHistory([])).toEqual([]);
  });
});
