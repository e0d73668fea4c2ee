import 'server-only';
import { getKafka } from '../kafka/client';
import { log } from '../log';
import { StateLog } from '../state/state-log';
import { rememberRevocation, revokedThrough, revokedUserCount } from './session-revocation';

// Revocation times are kept in the state topic (key `session-revocation/<user>`) and read at start-up; the
// instance that records one applies it at once, other instances when they next start.

const KEY_PREFIX = 'session-revocation/';

interface Revocation {
  /** Sessions issued at or before this time (seconds since the epoch) are refused. */
  through: number;
  by: string;
  at: number;
}

const globalForStore = globalThis as typeof globalThis & { __dlqdeskRevocationLog?: Promise<StateLog> };

function stateLog(): Promise<StateLog> {
  globalForStore.__dlqdeskRevocationLog ??= StateLog.open(getKafka()).catch((err: unknown) => {
    globalForStore.__dlqdeskRevocationLog = undefined;
    throw err;
  });
  return globalForStore.__dlqdeskRevocationLog;
}

/** Ends every session of `user` issued until now; resolves once that is durable. */
export async function revokeSessions(
  user: string,
  by: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<number> {
  // Sessions issued since an earlier revocation in this same second got its time + 1 (sessionIssueTime).
  const earlier = revokedThrough(user);
  const through = Math.max(nowSeconds, earlier === undefined ? 0 : earlier + 1);
  const value: Revocation = { through, by, at: Date.now() };
  await (await stateLog()).append([{ key: `${KEY_PREFIX}${user}`, value }]);
  rememberRevocation(user, through);
  return through;
}

/** Reads the revocations recorded so far (at start-up). */
export async function loadRevocations(): Promise<void> {
  await (
    await stateLog()
  ).readAll((key, value) => {
    if (!key.startsWith(KEY_PREFIX)) return;
    const through = (value as Partial<Revocation> | null)?.through;
    if (typeof through === 'number') rememberRevocation(key.slice(KEY_PREFIX.length), through);
  });
}

/** Loads the revocations in the background, retrying until Kafka answers. */
export function startRevocationLoading(retryMs = 5000): void {
  loadRevocations()
    .then(() => log.info('session revocations loaded', { users: revokedUserCount() }))
    .catch((err: unknown) => {
      log.warn('session revocations not loaded yet, retrying', {
        error: err instanceof Error ? err.message : String(err),
      });
      setTimeout(() => startRevocationLoading(retryMs), retryMs).unref();
    });
}

export async function closeRevocations(): Promise<void> {
  const pending = globalForStore.__dlqdeskRevocationLog;
  globalForStore.__dlqdeskRevocationLog = undefined;
  await (await pending?.catch(() => undefined))?.close();
}
