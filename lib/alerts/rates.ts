import 'server-only';
import type { DlqIndex, Facets } from '../store';
import type { GroupCount, OriginCount, RateWindow } from './types';

/** What rates need from the index: counts per facet value, over a time range or all records. */
export type CountingIndex = Pick<DlqIndex, 'facets'>;

export const WINDOW_MS: Record<RateWindow, number> = {
  '1m': 60_000,
  '5m': 5 * 60_000,
  '1h': 3_600_000,
  '24h': 24 * 3_600_000,
};

/** Records counted by error group, origin topic and status. */
export interface Counts {
  total: number;
  /** Neither replayed nor discarded. */
  backlog: number;
  groups: GroupCount[];
  origins: OriginCount[];
}

function fromFacets(facets: Facets): Counts {
  let total = 0;
  let backlog = 0;
  for (const { value, count } of facets.status) {
    total += count;
    if (value === 'unresolved' || value === 'failed') backlog += count;
  }
  return {
    total,
    backlog,
    groups: facets.group.map(({ value, title, count }) => ({ id: value, title, count })),
    origins: facets.originTopic.map(({ value, count }) => ({ topic: value, count })),
  };
}

/**
 * Records of a DLQ whose own timestamp is at or after `since` (null: every record), biggest groups and origins
 * first. Rates come from the records' timestamps, not from when DLQ Desk indexed them, so a rebuilt index or a
 * late catch-up shows the inflow as it happened.
 */
export function countsSince(index: CountingIndex, topic: string, since: number | null): Counts {
  return fromFacets(index.facets(topic, since === null ? {} : { from: Math.max(0, since) }));
}

export function perMinute(count: number, windowMs: number): number {
  return count / (windowMs / 60_000);
}

/** Records and records per minute over each standard window. */
export function standardRates(
  index: CountingIndex,
  topic: string,
  now: number,
): { rates: Record<RateWindow, number>; counts: Record<RateWindow, number> } {
  const rates = {} as Record<RateWindow, number>;
  const counts = {} as Record<RateWindow, number>;
  for (const [window, ms] of Object.entries(WINDOW_MS) as [RateWindow, number][]) {
    counts[window] = countsSince(index, topic, now - ms).total;
    rates[window] = perMinute(counts[window], ms);
  }
  return { rates, counts };
}
