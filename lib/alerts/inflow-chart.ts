import 'server-only';
import type { DlqIndex } from '../store';
import { countsSince } from './rates';
import type { ChartRange, InflowChart } from './types';

const HOUR_MS = 3_600_000;

// Bucket counts chosen so the 24 h and 7 d charts use whole 30 min and 6 h buckets (answered from the index's
// pre-aggregated counts) and the 1 h chart two-minute ones.
const RANGES: Record<ChartRange, { ms: number; buckets: number }> = {
  '1h': { ms: HOUR_MS, buckets: 30 },
  '24h': { ms: 24 * HOUR_MS, buckets: 48 },
  '7d': { ms: 7 * 24 * HOUR_MS, buckets: 28 },
};

const STACKED_GROUPS = 5;
const TOP_VALUES = 5;

/** A DLQ's inflow over the range, stacked by its biggest error groups, with the top groups and origin topics. */
export function inflowChart(
  index: Pick<DlqIndex, 'facets' | 'histogram'>,
  topic: string,
  range: ChartRange,
  now: number,
): InflowChart {
  const { ms, buckets } = RANGES[range];
  const from = now - ms;
  const counts = countsSince(index, topic, from);
  const stacked = counts.groups.slice(0, STACKED_GROUPS);
  const axis = { from, to: now, buckets };
  const total = index.histogram(topic, {}, axis);
  const perGroup = stacked.map((g) => index.histogram(topic, { group: [g.id] }, axis).buckets);
  return {
    range,
    from,
    to: now,
    bucketMs: total.bucketMs,
    groups: stacked.map(({ id, title }) => ({ id, title })),
    buckets: total.buckets.map((bucket, i) => {
      const parts = perGroup.map((b) => b[i]?.count ?? 0);
      return { start: bucket.start, counts: parts, other: bucket.count - parts.reduce((a, b) => a + b, 0) };
    }),
    topGroups: counts.groups.slice(0, TOP_VALUES),
    topOrigins: counts.origins.slice(0, TOP_VALUES),
    total: counts.total,
  };
}
