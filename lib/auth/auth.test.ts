import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';
import { hasRole } from './roles';
import { decodeSession, encodeSession } from './session-token';

const SECRET = 'another-test-secret-0123456789abcdef';
const limits = { maxAgeSeconds: 3600, idleSeconds: 600 };

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one, an unknown user and a malformed hash', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse!', hash)).toBe(false);
    expect(await verifyPassword('correct horse', undefined)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$1$2')).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(hash);
  });
});

describe('session tokens', () => {
  it('round-trips and enforces absolute and idle expiry', () => {
    const token = encodeSession({ sub: 'vera', iat: 1000, seen: 1000 }, SECRET);
    expect(decodeSession(token, SECRET, limits, 1500)).toEqual({ sub: 'vera', iat: 1000, seen: 1000 });
    expect(decodeSession(token, SECRET, limits, 1600)).toBeNull();
    // Activity keeps a session alive past the idle timeout, but never past its absolute lifetime.
    const active = encodeSession({ sub: 'vera', iat: 1000, seen: 4400 }, SECRET);
    expect(decodeSession(active, SECRET, limits, 4500)).not.toBeNull();
    expect(decodeSession(active, SECRET, limits, 4600)).toBeNull();
    expect(
      decodeSession(encodeSession({ sub: 'v', iat: 1000, seen: 1200 }, SECRET), SECRET, limits, 1700),
    ).not.toBeNull();
  });

  it('carries the per-login session id, so two logins in one second get different tokens', () => {
    const a = encodeSession({ sub: 'vera', iat: 1000, seen: 1000, sid: 'one' }, SECRET);
    const b = encodeSession({ sub: 'vera', iat: 1000, seen: 1000, sid: 'two' }, SECRET);
    expect(a).not.toBe(b);
    expect(decodeSession(a, SECRET, limits, 1001)).toEqual({
      sub: 'vera',
      iat: 1000,
      seen: 1000,
      sid: 'one',
    });
  });

  it('refuses another secret, edited payloads and garbage', () => {
    const token = encodeSession({ sub: 'vera', iat: 1000, seen: 1000 }, SECRET);
    expect(decodeSession(token, SECRET.replace('a', 'b'), limits, 1001)).toBeNull();
    const [v, , sig] = token.split('.');
    const forged = `${v}.${Buffer.from(JSON.stringify({ sub: 'ada', iat: 1000, seen: 1000 })).toString('base64url')}.${sig}`;
    expect(decodeSession(forged, SECRET, limits, 1001)).toBeNull();
    for (const junk of ['', 'v1.', 'v1..', 'x'.repeat(5000), 'v2.e30.abc']) {
      expect(decodeSession(junk, SECRET, limits, 1001)).toBeNull();
    }
  });
});

describe('roles', () => {
  it('orders viewer < operator < admin', () => {
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'admin')).toBe(false);
  });
});
