import 'server-only';

// "Log out everywhere": sessions are signed cookies the server keeps no list of, so a user's sessions are ended
// by a time instead: every session of that user issued at or before it is refused. This module holds the times
// in memory (it is on every request's path); session-revocation-store.ts keeps them durable in Kafka.

const globalForRevocation = globalThis as typeof globalThis & {
  __dlqdeskRevocations?: Map<string, number>;
};
const revocations = (globalForRevocation.__dlqdeskRevocations ??= new Map<string, number>());

/** Records that sessions of `user` issued at or before `through` (seconds since the epoch) are refused. */
export function rememberRevocation(user: string, through: number): void {
  revocations.set(user, Math.max(through, revocations.get(user) ?? 0));
}

export function revokedThrough(user: string): number | undefined {
  return revocations.get(user);
}

export function revokedUserCount(): number {
  return revocations.size;
}

/** Whether a session of this user issued at `issuedAt` has been revoked. */
export function isRevoked(user: string, issuedAt: number): boolean {
  const through = revocations.get(user);
  return through !== undefined && issuedAt <= through;
}

/**
 * The issue time for a new session of this user: now, or just after the last revocation when that is in the same
 * second (a login right after "log out everywhere" must not be refused by it).
 */
export function sessionIssueTime(user: string, nowSeconds = Math.floor(Date.now() / 1000)): number {
  return Math.max(nowSeconds, (revocations.get(user) ?? 0) + 1);
}
