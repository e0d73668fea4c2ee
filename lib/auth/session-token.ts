import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

// A session is a signed cookie: `v1.<payload>.<hmac>`, payload base64url JSON. It carries the user name and times
// only; the role is looked up in the configuration on every request, so a role change or a removed user takes
// effect at once.

export const SESSION_COOKIE = 'dlqdesk_session';

export interface SessionPayload {
  /** user name */
  sub: string;
  /** issued at, seconds since epoch */
  iat: number;
  /** last activity, seconds since epoch (for the idle timeout) */
  seen: number;
  /** random per login, so that every login gets a token of its own even within one second */
  sid?: string;
}

export interface SessionLimits {
  maxAgeSeconds: number;
  idleSeconds: number;
}

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

export function encodeSession(payload: SessionPayload, secret: string): string {
  const data = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${data}.${sign(data, secret)}`;
}

/** The payload when the token is authentic and neither idle nor past its absolute lifetime; otherwise null. */
export function decodeSession(
  token: string | undefined,
  secret: string,
  limits: SessionLimits,
  nowSeconds: number,
): SessionPayload | null {
  if (!token || token.length > 4096) return null;
  const lastDot = token.lastIndexOf('.');
  if (lastDot < 0 || !token.startsWith('v1.')) return null;
  const data = token.slice(0, lastDot);
  const given = Buffer.from(token.slice(lastDot + 1));
  const expected = Buffer.from(sign(data, secret));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(data.slice(3), 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null) return null;
  const { sub, iat, seen, sid } = payload as Record<string, unknown>;
  if (typeof sub !== 'string' || typeof iat !== 'number' || typeof seen !== 'number') return null;
  if (sid !== undefined && typeof sid !== 'string') return null;
  if (nowSeconds >= iat + limits.maxAgeSeconds || nowSeconds >= seen + limits.idleSeconds) return null;
  return sid === undefined ? { sub, iat, seen } : { sub, iat, seen, sid };
}

/** Activity refreshes the idle clock, but at most once a minute so that not every request sets a cookie. */
export function needsRefresh(payload: SessionPayload, nowSeconds: number): boolean {
  return nowSeconds - payload.seen >= 60;
}
