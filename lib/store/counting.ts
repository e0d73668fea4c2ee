import 'server-only';
import type { StoreContext } from './context';
import { BIN_MS, DIM_COUNT, type Cells } from './cube';
import { DIMS, timeSql, type ResolvedFilter } from './filter';
import { COUNT_CAP } from './limits';
import { ridFloor, ridTime } from './rid';
import { matchSource } from './sources';

/** Bin numbers (see cube.ts), from inclusive, to exclusive; a null bound is open. */
interface BinRange {
  from: number | null;
  to: number | null;
}

/** Counts of records under a filter, gathered from cells (combinations of values with a count). */
export class Tally {
  /** Records passing the whole filter. */
  total = 0;
  /** Records in scope (topic, time, key, text), whatever their dimension values. */
  all = 0;
  /** Per dimension (DIMS order): records passing that dimension's own filter. */
  readonly single = new Float64Array(DIM_COUNT);
  /** Per dimension, when wanted: value -> records passing every other dimension's filter (a facet). */
  readonly facets: number[][] | null;
  private readonly filters: (readonly number[] | undefined)[];

  constructor(dims: ResolvedFilter['dims'], withFacets = false) {
    this.filters = DIMS.map((dim) => dims[dim]);
    this.facets = withFacets ? DIMS.map(() => []) : null;
  }

  /** Adds n records whose values are values[at .. at + DIM_COUNT). */
  add(values: ArrayLike<number>, at: number, n: number): void {
    this.all += n;
    let failed = -1;
    let failures = 0;
    for (let d = 0; d < DIM_COUNT; d += 1) {
      const filter = this.filters[d];
      if (filter === undefined) continue;
      if (filter.includes(values[at + d] ?? 0)) this.single[d] = (this.single[d] ?? 0) + n;
      else {
        failed = d;
        failures += 1;
      }
    }
    if (failures === 0) this.total += n;
    if (this.facets === null || failures > 1) return;
    for (let d = 0; d < DIM_COUNT; d += 1) {
      if (failures === 1 && d !== failed) continue;
      const facet = this.facets[d] ?? [];
      const value = values[at + d] ?? 0;
      facet[value] = (facet[value] ?? 0) + n;
    }
  }
}

function addCells(tally: Tally, cells: Cells | undefined, bins: BinRange | null): void {
  if (cells === undefined) return;
  const from = bins?.from ?? -Infinity;
  const to = bins?.to ?? Infinity;
  for (let i = 0; i < cells.size; i += 1) {
    const n = cells.counts[i] ?? 0;
    const bin = cells.bins[i] ?? 0;
    if (n === 0 || bin < from || bin >= to) continue;
    tally.add(cells.values, i * DIM_COUNT, n);
  }
}

/**
 * Counts the records matching a filter's topic, time, key and text, under its dimension filters.
 * With a key or text filter only the newest COUNT_CAP matches are counted (exact tells).
 */
export function tallyFilter(
  ctx: StoreContext,
  filter: ResolvedFilter,
  withFacets = false,
): { tally: Tally; exact: boolean } {
  const tally = new Tally(filter.dims, withFacets);
  if (filter.key !== null || filter.fts !== null) {
    // Facets need the records that fail one dimension too, so dimensions are not filtered in SQL.
    const source = matchSource(ctx, filter, { dims: false });
    const rows = ctx
      .statement<unknown[], number[]>(
        `SELECT group_id, class_id, origin_id, partition, status, format, count(*) FROM
           (SELECT r.group_id, r.class_id, r.origin_id, r.partition, r.status, r.format
            ${source.sql} ORDER BY ${source.rid} DESC LIMIT ?)
         GROUP BY 1, 2, 3, 4, 5, 6`,
      )
      .raw()
      .all(...source.params, COUNT_CAP);
    for (const row of rows) tally.add(row, 0, row[DIM_COUNT] ?? 0);
    return { tally, exact: tally.all < COUNT_CAP };
  }
  if (filter.time === null) {
    addCells(tally, ctx.cube.overallCells(filter.topicId), null);
    return { tally, exact: true };
  }
  const split = splitRange(ctx, filter.topicId, filter.time);
  if (split.bins !== null) addCells(tally, ctx.cube.binnedCells(filter.topicId), split.bins);
  for (const [from, to] of split.edges) addEdge(ctx, tally, filter.topicId, from, to);
  return { tally, exact: true };
}

function addEdge(ctx: StoreContext, tally: Tally, topicId: number, from: number, to: number): void {
  const time = timeSql(ctx, { from, to });
  const rows = ctx
    .statement<unknown[], number[]>(
      `SELECT group_id, class_id, origin_id, partition, status, format, count(*) FROM records INDEXED BY records_time
       WHERE topic_id = ?${time.sql} GROUP BY 1, 2, 3, 4, 5, 6`,
    )
    .raw()
    .all(topicId, ...time.params);
  for (const row of rows) tally.add(row, 0, row[DIM_COUNT] ?? 0);
}

interface SplitRange {
  /** Whole bins, counted from the cube. */
  bins: BinRange | null;
  /** Millisecond ranges [from, to) in parts of bins, counted from records. */
  edges: [number, number][];
}

/** Splits a time range into whole bins and the parts of bins at its edges. */
function splitRange(
  ctx: StoreContext,
  topicId: number,
  time: { from: number; to: number | null },
): SplitRange {
  const bounds = timeBounds(ctx, topicId);
  if (bounds === null) return { bins: null, edges: [] };
  // A bound beyond every record is no bound: "the last hour" needs no edge at its end.
  const from = time.from <= bounds.first ? 0 : time.from;
  const to = time.to === null || time.to > bounds.last ? null : time.to;
  const first = Math.ceil(from / BIN_MS);
  if (to === null) {
    return {
      bins: { from: first, to: null },
      edges: from < first * BIN_MS ? [[from, first * BIN_MS]] : [],
    };
  }
  const end = Math.floor(to / BIN_MS);
  if (first >= end) return { bins: null, edges: from < to ? [[from, to]] : [] };
  const edges: [number, number][] = [];
  if (from < first * BIN_MS) edges.push([from, first * BIN_MS]);
  if (end * BIN_MS < to) edges.push([end * BIN_MS, to]);
  return { bins: { from: first, to: end }, edges };
}

/** The first record time of a topic and a time no record is later than; null when no record has a time. */
export function timeBounds(ctx: StoreContext, topicId: number): { first: number; last: number } | null {
  const first = ctx
    .statement<[number, bigint], { ts: number }>(
      'SELECT ts FROM records INDEXED BY records_time WHERE topic_id = ? AND rid >= ? ORDER BY rid LIMIT 1',
    )
    .get(topicId, ridFloor(0));
  const top = ctx
    .statement<[number], { rid: bigint }>(
      'SELECT rid FROM records INDEXED BY records_time WHERE topic_id = ? ORDER BY rid DESC LIMIT 1',
    )
    .safeIntegers()
    .get(topicId);
  if (first === undefined || top === undefined) return null;
  return { first: first.ts, last: ridTime(top.rid) };
}
