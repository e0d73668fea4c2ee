// "Log out everywhere" against the embedded cluster: a revocation refuses older sessions at once, survives a
// restart (read back from the state topic), and a login in the same second still gets a valid session.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { getConfig } from '../config';
import { TEST_SECRET, useTestConfig } from '@/test/config';
import { hashPassword } from './password';
import { identify } from './principal';
import { isRevoked, sessionIssueTime } from './session-revocation';
import { closeRevocations, loadRevocations, revokeSessions } from './session-revocation-store';
import { encodeSession, SESSION_COOKIE } from './session-token';

let dc: DevCluster;

beforeAll(async () => {
  dc = await startCluster({ brokers: 1 });
  const hash = await hashPassword('irrelevant');
  useTestConfig({
    DLQDESK_KAFKA_BROKERS: dc.bootstrap.join(','),
    DLQDESK_SESSION_SECRET: TEST_SECRET,
    DLQDESK_USERS: `vera:viewer:${hash},ada:admin:${hash}`,
  });
});

afterAll(async () => {
  await closeRevocations();
  await dc?.stop();
});

const sessionOf = (user: string, iat: number) =>
  new Headers({ cookie: `${SESSION_COOKIE}=${encodeSession({ sub: user, iat, seen: iat }, TEST_SECRET)}` });

it('refuses sessions issued up to the revocation, durably, and lets the next login in', async () => {
  const now = Math.floor(Date.now() / 1000);
  const config = getConfig();
  expect(identify(config, sessionOf('vera', now - 10), now)?.name).toBe('vera');

  const through = await revokeSessions('vera', 'ada', now);
  expect(through).toBe(now);
  expect(identify(config, sessionOf('vera', now - 10), now)).toBeNull();
  expect(identify(config, sessionOf('vera', now), now)).toBeNull();
  expect(identify(config, sessionOf('ada', now - 10), now)?.name).toBe('ada');

  // A login in the same second is issued just after the revocation, so it is valid.
  const issued = sessionIssueTime('vera', now);
  expect(issued).toBe(now + 1);
  expect(identify(config, sessionOf('vera', issued), now + 1)?.name).toBe('vera');
  // A second revocation in that second covers that session too.
  expect(await revokeSessions('vera', 'vera', now)).toBe(now + 1);
  expect(isRevoked('vera', now + 1)).toBe(true);

  // A fresh process knows nothing until it reads the state topic.
  (globalThis as { __dlqdeskRevocations?: Map<string, number> }).__dlqdeskRevocations!.clear();
  expect(isRevoked('vera', now)).toBe(false);
  await loadRevocations();
  expect(isRevoked('vera', now + 1)).toBe(true);
  expect(isRevoked('vera', now + 2)).toBe(false);
  expect(isRevoked('ada', now)).toBe(false);
});
