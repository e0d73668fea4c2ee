// How urgent a DLQ looks on the overview: one that spiked recently (the incident) comes first, then any that is
// still receiving failures, then those with unresolved records, then the clean ones.

export type Urgency = 'incident' | 'active' | 'backlog' | 'clear';

export interface UrgencyInput {
  topic: string;
  unresolved: number;
  lastHour: number;
  /** 24 hourly counts, oldest first; the last one is the current hour. */
  sparkline: number[];
}

const RANK: Record<Urgency, number> = { incident: 0, active: 1, backlog: 2, clear: 3 };

// A spike: an hour among the last few with at least SPIKE_MIN failures and SPIKE_FACTOR times the DLQ's usual
// hourly count (the median of the day, which the spike itself barely moves).
const SPIKE_MIN = 20;
const SPIKE_FACTOR = 4;
const RECENT_HOURS = 6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The biggest hourly count among the recent hours when it is a spike, else 0. */
export function recentSpike(sparkline: readonly number[]): number {
  const usual = median([...sparkline]);
  const peak = Math.max(0, ...sparkline.slice(-RECENT_HOURS));
  return peak >= SPIKE_MIN && peak >= SPIKE_FACTOR * usual ? peak : 0;
}

export function urgency(dlq: UrgencyInput): Urgency {
  if (recentSpike(dlq.sparkline) > 0) return 'incident';
  if (dlq.lastHour > 0) return 'active';
  if (dlq.unresolved > 0) return 'backlog';
  return 'clear';
}

export function byUrgency<T extends UrgencyInput>(dlqs: readonly T[]): T[] {
  return [...dlqs].sort(
    (a, b) =>
      RANK[urgency(a)] - RANK[urgency(b)] ||
      recentSpike(b.sparkline) - recentSpike(a.sparkline) ||
      b.lastHour - a.lastHour ||
      b.unresolved - a.unresolved ||
      (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0),
  );
}

export const URGENCY_LABEL: Record<Urgency, string> = {
  incident: `Spike in the last ${RECENT_HOURS} h`,
  active: 'Receiving failures',
  backlog: 'Unresolved backlog',
  clear: 'All resolved',
};
