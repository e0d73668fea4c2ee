import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatBytes,
  formatCount,
  formatDuration,
  formatShare,
  formatUtc,
  plural,
} from './format';

describe('formatting', () => {
  it('shows timestamps in UTC whatever the machine zone', () => {
    expect(formatUtc(Date.UTC(2025, 2, 4, 9, 6, 3))).toBe('2025-03-04 09:06:03 UTC');
    expect(formatUtc(Date.UTC(2025, 11, 31, 23, 59, 59), { seconds: false })).toBe('2025-12-31 23:59 UTC');
    expect(formatUtc(Date.UTC(2025, 0, 1), { zone: false })).toBe('2025-01-01 00:00:00');
  });

  it('groups thousands and picks singular or plural', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(40000, 'record')).toBe('40,000 records');
  });

  it('sizes, shares, ages and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MiB');
    expect(formatShare(1, 1000)).toBe('<1%');
    expect(formatShare(333, 1000)).toBe('33%');
    expect(formatShare(0, 0)).toBe('0%');
    const now = Date.UTC(2025, 0, 10);
    expect(formatAgo(now - 10_000, now)).toBe('just now');
    expect(formatAgo(now + 60_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatAgo(now - 4 * 86_400_000, now)).toBe('4 d ago');
    expect(formatDuration(90_000)).toBe('2 min');
    expect(formatDuration(7_200_000)).toBe('2 h');
  });
});
