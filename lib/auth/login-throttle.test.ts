import { expect, it } from 'vitest';
import { loginRetryAfter, recordLoginFailure } from './login-throttle';

it('locks a user out after 5 failures in 15 minutes, and an address after 20', () => {
  const t0 = 1_000_000_000_000;
  for (let i = 0; i < 4; i++) recordLoginFailure('alice', '10.0.0.1', t0 + i);
  expect(loginRetryAfter('alice', '10.0.0.1', t0 + 10)).toBe(0);
  recordLoginFailure('alice', '10.0.0.1', t0 + 10);
  expect(loginRetryAfter('alice', '10.0.0.9', t0 + 20)).toBe(900);
  expect(loginRetryAfter('bob', '10.0.0.1', t0 + 20)).toBe(0);
  expect(loginRetryAfter('alice', '10.0.0.1', t0 + 15 * 60 * 1000 + 1)).toBe(0);

  for (let i = 0; i < 20; i++) recordLoginFailure(`user${i}`, '10.9.9.9', t0 + i);
  expect(loginRetryAfter('someone-new', '10.9.9.9', t0 + 100)).toBeGreaterThan(0);
});
