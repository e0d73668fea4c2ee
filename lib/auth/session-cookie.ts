import 'server-only';
import type { Config } from '../config/schema';
import { encodeSession, SESSION_COOKIE, type SessionPayload } from './session-token';

interface CookieOptions {
  secure: boolean;
}

/** The Set-Cookie header value that starts or refreshes a session. */
export function sessionCookie(config: Config, payload: SessionPayload, { secure }: CookieOptions): string {
  const value = encodeSession(payload, config.auth.sessionSecret);
  const maxAge = Math.max(0, payload.iat + config.auth.sessionMaxAgeSeconds - payload.seen);
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie({ secure }: CookieOptions): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure ? '; Secure' : ''}`;
}
