import 'server-only';
import type { Config } from '../config/schema';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isMutating(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * A mutating request that rides on a cookie must come from the app's own pages: its Origin must be the configured
 * public URL, or (without one) the host the request was sent to. A browser always sends Origin on cross-site
 * requests and on same-origin POST/PUT/PATCH/DELETE, so a missing Origin is refused too.
 */
export function isSameOrigin(config: Config, headers: Headers): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite !== null && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = headers.get('origin');
  if (origin === null || origin === 'null') return false;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return false;
  }
  if (config.server.publicUrl !== undefined)
    return originUrl.origin === new URL(config.server.publicUrl).origin;
  const host = headers.get('host');
  return host !== null && originUrl.host === host;
}

/** Whether the app is served over https (for the cookie's Secure flag). */
export function isHttps(config: Config, requestUrl: string, headers: Headers): boolean {
  if (config.server.publicUrl !== undefined) return config.server.publicUrl.startsWith('https:');
  return requestUrl.startsWith('https:') || headers.get('x-forwarded-proto') === 'https';
}
