import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config/schema';
import type { Role } from './roles';
import { principalFromProxy } from './proxy-sign-on';
import { isRevoked } from './session-revocation';
import { decodeSession, SESSION_COOKIE, type SessionPayload } from './session-token';

/** Who is making a request: a logged-in user (session cookie) or a script (API token). */
export interface Principal {
  kind: 'user' | 'token';
  name: string;
  role: Role;
  /** The session the user came with, when signed in here (for refreshing its idle clock). */
  session?: SessionPayload;
  /** Set when a trusted sign-on proxy vouched for the user (no session of ours). */
  via?: 'proxy';
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function principalFromToken(config: Config, token: string): Principal | null {
  // Every configured token is compared, in constant time, so timing tells nothing about which prefix matched.
  const given = digest(token);
  let found: Principal | null = null;
  for (const t of config.auth.apiTokens) {
    if (timingSafeEqual(given, digest(t.token))) found = { kind: 'token', name: t.name, role: t.role };
  }
  return found;
}

function principalFromSession(
  config: Config,
  cookie: string | undefined,
  nowSeconds: number,
): Principal | null {
  const session = decodeSession(
    cookie,
    config.auth.sessionSecret,
    { maxAgeSeconds: config.auth.sessionMaxAgeSeconds, idleSeconds: config.auth.sessionIdleSeconds },
    nowSeconds,
  );
  if (!session || isRevoked(session.sub, session.iat)) return null;
  const user = config.auth.users.find((u) => u.username === session.sub);
  return user ? { kind: 'user', name: user.username, role: user.role, session } : null;
}

export function cookieValue(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The principal behind a request. A bearer token, when present, decides alone (a wrong token is not rescued by a
 * cookie); then a trusted sign-on proxy's headers (when that is on); otherwise the session cookie.
 */
export function identify(
  config: Config,
  headers: Headers,
  nowSeconds = Math.floor(Date.now() / 1000),
): Principal | null {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? principalFromToken(config, match[1]!) : null;
  }
  return (
    principalFromProxy(config, headers) ??
    principalFromSession(config, cookieValue(headers.get('cookie'), SESSION_COOKIE), nowSeconds)
  );
}

/** The user behind a page request: a trusted sign-on proxy's user, or the session cookie (no API tokens). */
export function pagePrincipal(
  config: Config,
  headers: Headers,
  nowSeconds = Math.floor(Date.now() / 1000),
): Principal | null {
  return (
    principalFromProxy(config, headers) ??
    principalFromSession(config, cookieValue(headers.get('cookie'), SESSION_COOKIE), nowSeconds)
  );
}
