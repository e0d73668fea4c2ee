import { expect, it } from 'vitest';
import { TokenBucket, type Clock } from './rate-limiter';

function fakeClock(): Clock & { t: number } {
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
  return clock;
}

it('lets a second of tokens through at once, then paces at the rate', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(100, clock);
  await bucket.take(100);
  expect(clock.t).toBe(0);
  for (let i = 0; i < 10; i++) await bucket.take(50);
  expect(clock.t).toBe(5000);
});

it('never saves up more than one second of tokens while idle', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(10, clock);
  clock.t += 60_000;
  expect(bucket.available()).toBe(10);
  await bucket.take(10);
  await bucket.take(10);
  expect(clock.t).toBe(61_000);
});

it('caps one take at a second of tokens, and follows a new rate', async () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(5, clock);
  await bucket.take(5);
  await bucket.take(1000);
  expect(clock.t).toBe(1000);
  bucket.setRate(1000);
  clock.t += 1000;
  await bucket.take(1000);
  expect(clock.t).toBe(2000);
});
