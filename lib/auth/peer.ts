import 'server-only';
import type { Config } from '../config/schema';
import { addressMatcher, normaliseAddress } from './ip-address';

// Next.js gives route handlers and proxy.ts no socket, and it fills X-Forwarded-For only when the client did not
// send one, so that header proves nothing. `npm start` (scripts/start.mjs) therefore stamps every request with
// its TCP peer address in PEER_HEADER, replacing whatever a client sent under that name, and marks the process
// so. Started any other way (next dev, server.js directly), the peer is unknown: proxy sign-on then trusts no
// one, and the login throttle falls back to X-Forwarded-For.

export const PEER_HEADER = 'x-dlqdesk-peer';

const globalForPeer = globalThis as typeof globalThis & {
  __dlqdeskPeerHeader?: boolean;
  __dlqdeskTrustedProxy?: { entries: readonly string[]; matches: (address: string) => boolean };
};

/** The TCP peer of the request, when the server stamps it; otherwise null. */
export function peerAddress(headers: Headers): string | null {
  if (globalForPeer.__dlqdeskPeerHeader !== true) return null;
  const peer = headers.get(PEER_HEADER);
  return peer ? normaliseAddress(peer) : null;
}

/** Whether the request came straight from one of the configured sign-on proxies. */
export function fromTrustedProxy(config: Config, headers: Headers): boolean {
  const entries = config.auth.proxy.trustedAddresses;
  if (entries.length === 0) return false;
  const peer = peerAddress(headers);
  if (peer === null) return false;
  let cached = globalForPeer.__dlqdeskTrustedProxy;
  if (cached?.entries !== entries) {
    cached = { entries, matches: addressMatcher(entries) };
    globalForPeer.__dlqdeskTrustedProxy = cached;
  }
  return cached.matches(peer);
}

/**
 * The client's address for rate limits and the audit trail: the TCP peer, or, when that peer is a trusted proxy,
 * the address the proxy appended to X-Forwarded-For. Without a stamped peer, the last X-Forwarded-For entry.
 */
export function clientAddress(config: Config, headers: Headers): string {
  const peer = peerAddress(headers);
  const forwarded = headers.get('x-forwarded-for')?.split(',').pop()?.trim();
  if (peer !== null && !fromTrustedProxy(config, headers)) return peer;
  return forwarded || peer || headers.get('x-real-ip') || 'unknown';
}
