import { describe, expect, it } from 'vitest';
import { niceMax, sparklinePath } from './chart';
import { byUrgency, recentSpike, urgency, type UrgencyInput } from './urgency';

/** A DLQ with `usual` failures every hour and `burst` extra `hoursAgo` hours before the current one. */
const dlq = (topic: string, { usual = 0, unresolved = 0, burst = 0, hoursAgo = 0 } = {}): UrgencyInput => {
  const sparkline = Array<number>(24).fill(usual);
  sparkline[23 - hoursAgo] = usual + burst;
  return { topic, unresolved, lastHour: sparkline[23]!, sparkline };
};

describe('overview urgency', () => {
  it('calls a recent spike over the usual hourly count an incident, also once it has passed', () => {
    expect(urgency(dlq('now', { usual: 3, burst: 200, unresolved: 500 }))).toBe('incident');
    expect(urgency(dlq('earlier', { usual: 3, burst: 300, hoursAgo: 3, unresolved: 500 }))).toBe('incident');
    expect(urgency(dlq('yesterday', { usual: 3, burst: 300, hoursAgo: 12, unresolved: 500 }))).toBe('active');
    expect(urgency(dlq('steady', { usual: 30, burst: 20, unresolved: 500 }))).toBe('active');
    expect(urgency(dlq('small', { usual: 0, burst: 5, unresolved: 5 }))).toBe('active');
    expect(urgency(dlq('old', { unresolved: 7 }))).toBe('backlog');
    expect(urgency(dlq('clean'))).toBe('clear');
    expect(recentSpike(Array<number>(24).fill(0))).toBe(0);
  });

  it('sorts incidents first (biggest spike first), then by inflow, backlog and name', () => {
    const sorted = byUrgency([
      dlq('clean'),
      dlq('old', { unresolved: 50 }),
      dlq('busy', { usual: 8, unresolved: 100 }),
      dlq('fire', { usual: 1, burst: 300, hoursAgo: 2 }),
      dlq('smoke', { usual: 1, burst: 40, hoursAgo: 1 }),
      dlq('busier', { usual: 12, unresolved: 3 }),
      dlq('older', { unresolved: 80 }),
    ]);
    expect(sorted.map((d) => d.topic)).toEqual(['fire', 'smoke', 'busier', 'busy', 'older', 'old', 'clean']);
  });
});

describe('chart geometry', () => {
  it('draws a sparkline with the maximum at the top', () => {
    expect(sparklinePath([0, 2, 1], 100, 21)).toBe('M0.0,20.5 L50.0,0.5 L100.0,10.5');
    expect(sparklinePath([], 100, 20)).toBe('');
  });

  it('rounds an axis maximum up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 10, 11, 180, 4321].map(niceMax)).toEqual([1, 1, 5, 10, 10, 20, 200, 5000]);
  });
});
