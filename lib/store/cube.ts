import 'server-only';
import { HOUR_MS } from './codes';
import type { Db } from './database';

/*
 * Pre-aggregated counts, in memory: per topic, how many records share each combination of
 * filter values (error group, class, origin topic, partition, status, format), once per hour and
 * once overall. Counts, facets, histograms and the overview add up cells instead of counting
 * records. A million records make a few hundred thousand hourly cells at most (tens of MB);
 * the overall cells are a few thousand per topic.
 *
 * The cube is derived from records when the index is opened and changed only after a write
 * transaction commits, so it always matches the file. One process owns an index file.
 */

/** The filter values of a record, in DIMS order (see filter.ts): dictionary ids and codes. */
export const DIM_COUNT = 6;

export function hourOf(ts: number): number {
  return ts < 0 ? -1 : Math.floor(ts / HOUR_MS);
}

/** Cells with their counts, stored column by column so that scans are tight loops. */
export class Cells {
  hours = new Int32Array(16);
  values = new Int32Array(16 * DIM_COUNT);
  counts = new Float64Array(16);
  /** Slots in use or freed; a freed slot has count 0. */
  size = 0;
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];

  add(hour: number, values: ArrayLike<number>, n: number): void {
    const key = cellKey(hour, values);
    let slot = this.slots.get(key);
    if (slot === undefined) {
      if (n <= 0) throw new Error('index inconsistent: removing records that were never counted');
      slot = this.free.pop() ?? this.append();
      this.slots.set(key, slot);
      this.hours[slot] = hour;
      for (let d = 0; d < DIM_COUNT; d += 1) this.values[slot * DIM_COUNT + d] = values[d] ?? 0;
      this.counts[slot] = 0;
    }
    const count = (this.counts[slot] ?? 0) + n;
    if (count < 0) throw new Error('index inconsistent: a count went below zero');
    this.counts[slot] = count;
    if (count === 0) {
      this.slots.delete(key);
      this.free.push(slot);
    }
  }

  private append(): number {
    if (this.size === this.counts.length) {
      const grow = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
        const bigger = make(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.hours = grow(this.hours, (n) => new Int32Array(n));
      this.values = grow(this.values, (n) => new Int32Array(n));
      this.counts = grow(this.counts, (n) => new Float64Array(n));
    }
    this.size += 1;
    return this.size - 1;
  }
}

function cellKey(hour: number, values: ArrayLike<number>): string {
  let key = String(hour);
  for (let d = 0; d < DIM_COUNT; d += 1) key += `,${values[d]}`;
  return key;
}

interface Change {
  topicId: number;
  hour: number;
  values: number[];
  n: number;
}

/** Count changes made inside a write transaction, applied to the cube once it commits. */
export class CubeChanges {
  readonly changes = new Map<string, Change>();
  droppedTopics: number[] = [];

  add(topicId: number, ts: number, values: number[], n: number): void {
    const hour = hourOf(ts);
    const key = `${topicId}:${cellKey(hour, values)}`;
    const change = this.changes.get(key);
    if (change) change.n += n;
    else this.changes.set(key, { topicId, hour, values, n });
  }
}

export class Cube {
  private readonly hourly = new Map<number, Cells>();
  private readonly overall = new Map<number, Cells>();

  /** Counts every record of the index (one aggregate query; about a second per million records). */
  static load(db: Db): Cube {
    const cube = new Cube();
    const rows = db
      .prepare(
        `SELECT topic_id, CASE WHEN ts < 0 THEN -1 ELSE ts / ${HOUR_MS} END AS hour,
           group_id, class_id, origin_id, partition, status, format, count(*) AS n
         FROM records GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
      )
      .raw()
      .iterate() as IterableIterator<number[]>;
    for (const [topicId = 0, hour = 0, ...rest] of rows) {
      const n = rest.pop() ?? 0;
      cube.add(topicId, hour, rest, n);
    }
    return cube;
  }

  hourlyCells(topicId: number): Cells | undefined {
    return this.hourly.get(topicId);
  }

  overallCells(topicId: number): Cells | undefined {
    return this.overall.get(topicId);
  }

  apply(changes: CubeChanges): void {
    for (const topicId of changes.droppedTopics) {
      this.hourly.delete(topicId);
      this.overall.delete(topicId);
    }
    for (const change of changes.changes.values()) {
      if (change.n !== 0) this.add(change.topicId, change.hour, change.values, change.n);
    }
  }

  private add(topicId: number, hour: number, values: number[], n: number): void {
    cellsOf(this.hourly, topicId).add(hour, values, n);
    cellsOf(this.overall, topicId).add(0, values, n);
  }
}

function cellsOf(map: Map<number, Cells>, topicId: number): Cells {
  let cells = map.get(topicId);
  if (!cells) {
    cells = new Cells();
    map.set(topicId, cells);
  }
  return cells;
}
