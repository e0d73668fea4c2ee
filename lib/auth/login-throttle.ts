import 'server-only';

// Failed logins are limited per user name and per client address (sliding window, in memory: a restart forgets,
// which only ever helps a user who is locked out). Successful logins do not count.

const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_USER = 5;
const MAX_FAILURES_PER_ADDRESS = 20;

const globalForThrottle = globalThis as typeof globalThis & {
  __dlqdeskLoginFailures?: Map<string, number[]>;
};
const failures = (globalForThrottle.__dlqdeskLoginFailures ??= new Map<string, number[]>());

function recent(key: string, now: number): number[] {
  const times = (failures.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
  if (times.length === 0) failures.delete(key);
  else failures.set(key, times);
  return times;
}

/** Seconds until another attempt is allowed, or 0 when one is allowed now. */
export function loginRetryAfter(username: string, address: string, now = Date.now()): number {
  const waits = [
    [recent(`user:${username}`, now), MAX_FAILURES_PER_USER],
    [recent(`addr:${address}`, now), MAX_FAILURES_PER_ADDRESS],
  ].map(([times, max]) => {
    const list = times as number[];
    return list.length >= (max as number) ? list[list.length - (max as number)]! + WINDOW_MS - now : 0;
  });
  return Math.ceil(Math.max(...waits) / 1000);
}

export function recordLoginFailure(username: string, address: string, now = Date.now()): void {
  for (const key of [`user:${username}`, `addr:${address}`]) failures.set(key, [...recent(key, now), now]);
}
