import 'server-only';
import type { Db } from './database';

/*
 * Pre-aggregated counts, in memory: per topic, how many records share each combination of
 * filter values (error group, class, origin topic, partition, status, format), once per time
 * bin of 10 minutes and once overall. Counts, facets, histograms and the overview add up cells
 * instead of counting records; only the parts of bins at the edges of a time range are counted
 * from records, so a bin is short enough for that to be quick even in an incident. A million
 * records make about half a million binned cells (about 25 MB); overall cells are a few thousand
 * per topic.
 *
 * The cube is derived from records when the index is opened and changed only after a write
 * transaction commits, so it always matches the file. One process owns an index file.
 */

/** The filter values of a record, in DIMS order (see filter.ts): dictionary ids and codes. */
export const DIM_COUNT = 6;

export const BIN_MS = 10 * 60_000;

/** -1 for records without a usable time (see rid.ts). */
export function binOf(ts: number): number {
  return ts < 0 ? -1 : Math.floor(ts / BIN_MS);
}

/**
 * Cells with their counts, stored column by column so that scans are tight loops, and found by
 * an open-addressing hash table over typed arrays: a cell costs about 50 bytes, a tenth of a
 * Map keyed by strings. Emptied cells stay (they are reused when their values come back) until
 * they are half of all, then the arrays are compacted.
 */
export class Cells {
  bins = new Int32Array(INITIAL_CELLS);
  values = new Int32Array(INITIAL_CELLS * DIM_COUNT);
  counts = new Float64Array(INITIAL_CELLS);
  /** Slots in use, emptied ones (count 0) included. */
  size = 0;
  private empty = 0;
  /** slot + 1 per bucket, 0 for a free bucket; twice as many buckets as slots. */
  private table = new Int32Array(INITIAL_CELLS * 2);

  /** Adds n (negative to remove) to the cell of a bin and values[at .. at + DIM_COUNT). */
  add(bin: number, values: ArrayLike<number>, at: number, n: number): void {
    let bucket = this.bucketOf(bin, values, at);
    let slot = (this.table[bucket] ?? 0) - 1;
    if (slot < 0) {
      if (n <= 0) throw new Error('index inconsistent: removing records that were never counted');
      if (this.size === this.counts.length) {
        this.grow(this.counts.length * 2);
        bucket = this.bucketOf(bin, values, at);
      }
      slot = this.size;
      this.size += 1;
      this.bins[slot] = bin;
      for (let d = 0; d < DIM_COUNT; d += 1) this.values[slot * DIM_COUNT + d] = values[at + d] ?? 0;
      this.counts[slot] = 0;
      this.table[bucket] = slot + 1;
    } else if (this.counts[slot] === 0) {
      this.empty -= 1;
    }
    const count = (this.counts[slot] ?? 0) + n;
    if (count < 0) throw new Error('index inconsistent: a count went below zero');
    this.counts[slot] = count;
    if (count === 0) {
      this.empty += 1;
      if (this.empty > INITIAL_CELLS && this.empty * 2 > this.size) this.grow(this.counts.length);
    }
  }

  /** The bucket holding the cell, or the free bucket where it would go. */
  private bucketOf(bin: number, values: ArrayLike<number>, at: number): number {
    let hash = Math.imul(bin ^ 0x5bd1e995, 0x9e3779b1);
    for (let d = 0; d < DIM_COUNT; d += 1)
      hash = Math.imul(hash ^ (values[at + d] ?? 0), 0x9e3779b1) ^ (hash >>> 15);
    const mask = this.table.length - 1;
    for (let bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
      const slot = (this.table[bucket] ?? 0) - 1;
      if (slot < 0 || this.matches(slot, bin, values, at)) return bucket;
    }
  }

  private matches(slot: number, bin: number, values: ArrayLike<number>, at: number): boolean {
    if (this.bins[slot] !== bin) return false;
    for (let d = 0; d < DIM_COUNT; d += 1) {
      if (this.values[slot * DIM_COUNT + d] !== values[at + d]) return false;
    }
    return true;
  }

  /** Copies the non-empty cells into arrays of the given capacity and rebuilds the table. */
  private grow(capacity: number): void {
    const { bins, values, counts, size } = this;
    this.bins = new Int32Array(capacity);
    this.values = new Int32Array(capacity * DIM_COUNT);
    this.counts = new Float64Array(capacity);
    this.table = new Int32Array(capacity * 2);
    this.size = 0;
    this.empty = 0;
    for (let slot = 0; slot < size; slot += 1) {
      const count = counts[slot] ?? 0;
      if (count > 0) this.add(bins[slot] ?? 0, values, slot * DIM_COUNT, count);
    }
  }
}

const INITIAL_CELLS = 1024;

interface Change {
  topicId: number;
  bin: number;
  values: number[];
  n: number;
}

/** Count changes made inside a write transaction, applied to the cube once it commits. */
export class CubeChanges {
  readonly changes = new Map<string, Change>();
  droppedTopics: number[] = [];

  add(topicId: number, ts: number, values: number[], n: number): void {
    const bin = binOf(ts);
    const key = `${topicId}:${bin}:${values.join(',')}`;
    const change = this.changes.get(key);
    if (change) change.n += n;
    else this.changes.set(key, { topicId, bin, values, n });
  }
}

export class Cube {
  private readonly binned = new Map<number, Cells>();
  private readonly overall = new Map<number, Cells>();

  /** Counts every record of the index: one scan of the covering time index, about a second per million records. */
  static load(db: Db): Cube {
    const cube = new Cube();
    const rows = db
      .prepare(
        `SELECT topic_id, ts, group_id, class_id, origin_id, partition, status, format
         FROM records INDEXED BY records_time`,
      )
      .raw()
      .iterate() as IterableIterator<number[]>;
    let topicId = -1;
    let binned = new Cells();
    let overall = new Cells();
    for (const row of rows) {
      if (row[0] !== topicId) {
        topicId = row[0] ?? 0;
        binned = cellsOf(cube.binned, topicId);
        overall = cellsOf(cube.overall, topicId);
      }
      binned.add(binOf(row[1] ?? -1), row, 2, 1);
      overall.add(0, row, 2, 1);
    }
    return cube;
  }

  binnedCells(topicId: number): Cells | undefined {
    return this.binned.get(topicId);
  }

  overallCells(topicId: number): Cells | undefined {
    return this.overall.get(topicId);
  }

  apply(changes: CubeChanges): void {
    for (const topicId of changes.droppedTopics) {
      this.binned.delete(topicId);
      this.overall.delete(topicId);
    }
    for (const change of changes.changes.values()) {
      if (change.n !== 0) this.add(change.topicId, change.bin, change.values, change.n);
    }
  }

  private add(topicId: number, bin: number, values: number[], n: number): void {
    cellsOf(this.binned, topicId).add(bin, values, 0, n);
    cellsOf(this.overall, topicId).add(0, values, 0, n);
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
