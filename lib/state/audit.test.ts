// The audit trail against the embedded cluster over TCP: the topic is created as specified, events are written
// with acks=all and read back filtered, newest first, bounded by the limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';
import { TEST_SECRET, useTestConfig } from '@/test/config';
import { appendAudit, AUDIT_TOPIC, closeAudit, readAudit } from './audit';

let dc: DevCluster;

beforeAll(async () => {
  dc = await startCluster({ brokers: 3 });
  useTestConfig({ DLQDESK_KAFKA_BROKERS: dc.bootstrap.join(','), DLQDESK_SESSION_SECRET: TEST_SECRET });
});

afterAll(async () => {
  await closeAudit();
  await dc?.stop();
});

it('reads nothing before the first event, then creates the topic: one partition, RF 3, delete, a year', async () => {
  expect(await readAudit()).toEqual({ entries: [], truncated: false, incomplete: false });
  await appendAudit({ actor: 'ada', action: 'login', detail: { address: '10.0.0.1' } });

  const admin = kafkaFor(dc.bootstrap).admin();
  await admin.connect();
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: [AUDIT_TOPIC] });
    expect(topics[0]?.partitions).toHaveLength(1);
    expect(topics[0]?.partitions[0]?.replicas).toHaveLength(3);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: 2, name: AUDIT_TOPIC, configNames: ['cleanup.policy', 'retention.ms'] }],
    });
    const entries = Object.fromEntries(
      (described.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
    );
    expect(entries).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': String(365 * 24 * 3600 * 1000) });
  } finally {
    await admin.disconnect();
  }
});

it('filters by user, action and time, newest first, keeping the newest within the limit', async () => {
  const before = Date.now();
  await appendAudit({ actor: 'otto', action: 'discard', target: 'orders.DLT', count: 3 });
  await appendAudit({ actor: 'otto', action: 'replay-created', target: 'job-1', count: 10 });
  await appendAudit({ actor: 'vera', action: 'login-failed' });
  for (let i = 0; i < 5; i++) await appendAudit({ actor: 'otto', action: 'fix-saved', target: `r${i}` });

  const all = await readAudit();
  expect(all.entries).toHaveLength(9);
  expect(all.entries[0]).toMatchObject({ actor: 'otto', action: 'fix-saved', target: 'r4' });
  expect(all.entries.at(-1)).toMatchObject({
    actor: 'ada',
    action: 'login',
    detail: { address: '10.0.0.1' },
  });
  expect(all.entries.every((e) => typeof e.at === 'number' && /^0~\d+$/.test(e.id))).toBe(true);

  const otto = await readAudit({ user: 'otto' });
  expect(otto.entries.map((e) => e.action)).toEqual([
    ...Array<string>(5).fill('fix-saved'),
    'replay-created',
    'discard',
  ]);
  expect((await readAudit({ action: 'discard' })).entries).toMatchObject([
    { actor: 'otto', target: 'orders.DLT', count: 3 },
  ]);
  expect((await readAudit({ from: before })).entries).toHaveLength(8);
  expect((await readAudit({ to: before - 1 })).entries.map((e) => e.action)).toEqual(['login']);

  const limited = await readAudit({ user: 'otto', limit: 2 });
  expect(limited.truncated).toBe(true);
  expect(limited.entries.map((e) => e.target)).toEqual(['r4', 'r3']);
});
