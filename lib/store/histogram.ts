import 'server-only';
import { HOUR_MS } from './codes';
import type { StoreContext } from './context';
import { InvalidQueryError } from './errors';
import { BIN_MS, DIM_COUNT } from './cube';
import { cellFilter, dimsSql, resolveFilter } from './filter';
import { COUNT_CAP, MAX_BUCKETS } from './limits';
import { ridFloor } from './rid';
import { matchSource } from './sources';
import type { Histogram, HistogramOptions, RecordFilter } from './types';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * HOUR_MS;
const WIDTHS = [1, 2, 5, 10, 20, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * MINUTE_MS);
/** Longer ranges get buckets of whole bins, which the cube answers without reading records. */
const SUB_BIN_MAX_RANGE_MS = 6 * HOUR_MS;

/**
 * Records per time bucket over [from, to). The filter's own from/to are replaced by the axis.
 * Bucket widths are whole units (see WIDTHS, then whole days) aligned to multiples of the width in UTC.
 */
export function histogram(
  ctx: StoreContext,
  topic: string,
  filter: RecordFilter,
  options: HistogramOptions,
): Histogram {
  const { from, to, buckets } = options;
  if (!Number.isSafeInteger(from) || from < 0)
    throw new InvalidQueryError('from', 'not a time in ms since the epoch');
  if (!Number.isSafeInteger(to) || to <= from) throw new InvalidQueryError('to', 'must be a time after from');
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
    throw new InvalidQueryError('buckets', `must be 1 to ${MAX_BUCKETS}`);
  }
  const width = bucketWidth(from, to, buckets);
  const start = Math.floor(from / width) * width;
  const end = Math.ceil(to / width) * width;
  const counts = new Array<number>((end - start) / width).fill(0);
  const result = (exact: boolean): Histogram => ({
    bucketMs: width,
    buckets: counts.map((count, i) => ({ start: start + i * width, count })),
    exact,
  });
  const resolved = resolveFilter(ctx, topic, { ...filter, from: start, to: end });
  if (resolved === null) return result(true);

  if (resolved.key !== null || resolved.fts !== null) {
    const source = matchSource(ctx, resolved, { dims: true });
    const times = ctx
      .statement<unknown[], number>(`SELECT r.ts ${source.sql} ORDER BY ${source.rid} DESC LIMIT ?`)
      .pluck()
      .all(...source.params, COUNT_CAP);
    for (const ts of times) addTo(counts, Math.floor((ts - start) / width), 1);
    return result(times.length < COUNT_CAP);
  }
  if (width % BIN_MS === 0) {
    const cells = ctx.cube.binnedCells(resolved.topicId);
    const passes = cellFilter(resolved.dims);
    const [firstBin, endBin] = [start / BIN_MS, end / BIN_MS];
    for (let i = 0; cells !== undefined && i < cells.size; i += 1) {
      const n = cells.counts[i] ?? 0;
      const bin = cells.bins[i] ?? 0;
      if (n === 0 || bin < firstBin || bin >= endBin || !passes(cells.values, i * DIM_COUNT)) continue;
      addTo(counts, Math.floor((bin * BIN_MS - start) / width), n);
    }
    return result(true);
  }
  // Buckets shorter than a bin: one count per bucket, each a range of the covering time index.
  const dims = dimsSql(resolved.dims);
  const statement = ctx.statement<unknown[], number>(
    `SELECT count(*) FROM records INDEXED BY records_time
     WHERE topic_id = ? AND rid >= ? AND rid < ? AND ts >= ? AND ts < ?${dims.sql}`,
  );
  counts.forEach((_, i) => {
    const from = start + i * width;
    const to = from + width;
    counts[i] = statement
      .pluck()
      .get(
        resolved.topicId,
        ridFloor(from),
        ridFloor(to + ctx.maxSpillMs),
        from,
        to,
        ...dims.params,
      ) as number;
  });
  return result(true);
}

function addTo(counts: number[], bucket: number, n: number): void {
  if (bucket >= 0 && bucket < counts.length) counts[bucket] = (counts[bucket] ?? 0) + n;
}

function bucketWidth(from: number, to: number, buckets: number): number {
  const wanted = (to - from) / buckets;
  const fits = (width: number) => Math.ceil(to / width) - Math.floor(from / width) <= buckets;
  for (const width of WIDTHS) {
    if (width < BIN_MS && to - from > SUB_BIN_MAX_RANGE_MS) continue;
    if (width >= wanted && fits(width)) return width;
  }
  let days = Math.max(1, Math.ceil(wanted / DAY_MS));
  while (!fits(days * DAY_MS)) days += 1;
  return days * DAY_MS;
}
