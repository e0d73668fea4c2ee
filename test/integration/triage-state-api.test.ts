// Discards and fix drafts over real HTTP against the production build and the embedded cluster, and the
// triage state coming back from the state topic after the index was deleted.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordPage, StoredRecord } from '@/lib/store/types';
import type { FixDraft } from '@/lib/state/fix-draft';
import { consumeAll } from '../../devcluster/test-support/kafkajs-helpers';
import { eventually, startHarness, type Harness } from './harness';

type RecordView = StoredRecord & { fix: FixDraft | null };
interface Issues {
  error: string;
  issues: { field: string; message: string }[];
}

const ORDERS = 'orders.DLT';
const PAYMENTS = 'payments.DLT';
const id = (topic: string, offset: number) => `${topic}~0~${offset}`;

let h: Harness;

async function produce(topic: string, values: (string | Buffer)[]): Promise<void> {
  const admin = h.kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const producer = h.kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value, i) => ({ key: `k-${i}`, value })) });
  await producer.disconnect();
}

async function waitForCount(topic: string, count: number, query = ''): Promise<void> {
  await eventually(
    async () => {
      const { status, body } = await h.api<RecordPage>(`/api/dlqs/${topic}/records?limit=1${query}`);
      return status === 200 && body.total.value === count ? true : undefined;
    },
    90_000,
    `${count} records in ${topic}${query}`,
  );
}

async function record(recordId: string, role: 'viewer' | 'operator' = 'operator'): Promise<RecordView> {
  const { status, body } = await h.api<RecordView>(`/api/records/${encodeURIComponent(recordId)}`, { role });
  expect(status).toBe(200);
  return body;
}

const post = (path: string, body: unknown, role: 'viewer' | 'operator' = 'operator') =>
  h.api<Record<string, unknown>>(path, { method: 'POST', body, role });
const putFix = (recordId: string, body: unknown, role: 'viewer' | 'operator' = 'operator') =>
  h.api<{ fix: FixDraft } & Issues>(`/api/records/${encodeURIComponent(recordId)}/fix`, {
    method: 'PUT',
    body,
    role,
  });
const deleteFix = (recordId: string, role: 'viewer' | 'operator' = 'operator') =>
  h.api<{ deleted: boolean }>(`/api/records/${encodeURIComponent(recordId)}/fix`, { method: 'DELETE', role });

beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
  await produce(ORDERS, [
    ...Array.from({ length: 6 }, (_, i) => JSON.stringify({ orderId: i, amount: 10 + i })),
    Buffer.from([0xff, 0x00, 0xfe, 0x01]),
    JSON.stringify({ orderId: 7 }),
  ]);
  await produce(PAYMENTS, ['{"p":1}', '{"p":2}', '{"p":3}']);
  await waitForCount(ORDERS, 8);
  await waitForCount(PAYMENTS, 3);
}, 240_000);

afterAll(async () => {
  await h?.stop();
});

describe('triage state API', () => {
  it('refuses viewers (403) and names the field of a bad body (422)', async () => {
    const selection = { topic: ORDERS, ids: [id(ORDERS, 0)] };
    for (const [status] of [
      await post('/api/discards', { selection, reason: 'x' }, 'viewer'),
      await post('/api/fixes', { selection, patch: [{ op: 'remove', path: '/a' }] }, 'viewer'),
      await putFix(id(ORDERS, 0), {}, 'viewer'),
      await deleteFix(id(ORDERS, 0), 'viewer'),
    ].map((r) => [r.status])) {
      expect(status).toBe(403);
    }

    const bad: [string, string, unknown, string][] = [
      ['POST', '/api/discards', { selection }, 'body.reason'],
      ['POST', '/api/discards', { selection, reason: '' }, 'body.reason'],
      ['POST', '/api/discards', { selection, reason: 'x'.repeat(501) }, 'body.reason'],
      ['POST', '/api/discards', { selection: { topic: ORDERS }, reason: 'x' }, 'body.selection.ids'],
      [
        'POST',
        '/api/discards',
        { selection: { topic: 'a b', ids: ['x'] }, reason: 'x' },
        'body.selection.topic',
      ],
      ['POST', '/api/discards', { selection, reason: 'x', extra: 1 }, 'body'],
      ['POST', '/api/fixes', { selection, patch: [] }, 'body.patch'],
      ['POST', '/api/fixes', { selection, patch: [{ op: 'nope', path: '/a' }] }, 'body.patch.0.op'],
      ['PUT', `/api/records/${encodeURIComponent(id(ORDERS, 0))}/fix`, { value: { text: 1 } }, 'body.value'],
      [
        'PUT',
        `/api/records/${encodeURIComponent(id(ORDERS, 0))}/fix`,
        { targetTopic: 'no/such' },
        'body.targetTopic',
      ],
      [
        'PUT',
        `/api/records/${encodeURIComponent(id(ORDERS, 0))}/fix`,
        { headers: [{ key: '' }] },
        'body.headers.0.key',
      ],
      ['PUT', `/api/records/${encodeURIComponent(id(ORDERS, 0))}/fix`, { savedBy: 'me' }, 'body'],
    ];
    for (const [method, path, body, field] of bad) {
      const res = await h.api<Issues>(path, { method, body, role: 'operator' });
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(422);
      expect(
        res.body.issues.map((i) => i.field),
        JSON.stringify(res.body),
      ).toContain(field);
    }

    expect((await putFix(id(ORDERS, 99), {})).status).toBe(404);
    expect(
      (
        await post('/api/discards', {
          selection: { topic: 'nothing.DLT', ids: ['nothing.DLT~0~0'] },
          reason: 'x',
        })
      ).status,
    ).toBe(404);
  });

  it('discards ticked ids and a filter, with statuses and history in the API', async () => {
    const byIds = await post('/api/discards', {
      selection: { topic: ORDERS, ids: [id(ORDERS, 0), id(ORDERS, 1), id(ORDERS, 999)] },
      reason: 'duplicate orders',
    });
    expect(byIds).toEqual({ status: 200, body: { discarded: 2, missing: 1 } });
    const first = await record(id(ORDERS, 0));
    expect(first.status).toBe('discarded');
    expect(first.history).toEqual([
      expect.objectContaining({
        action: 'discard',
        actor: 'otto',
        detail: 'duplicate orders',
        status: 'discarded',
      }),
    ]);
    await waitForCount(ORDERS, 2, '&status=discarded');

    const byFilter = await post('/api/discards', {
      selection: { topic: PAYMENTS, filter: 'status=unresolved' },
      reason: 'test payments',
    });
    expect(byFilter).toEqual({ status: 200, body: { discarded: 3, missing: 0 } });
    await waitForCount(PAYMENTS, 3, '&status=discarded');
    await waitForCount(PAYMENTS, 0, '&status=unresolved');
  });

  it('saves, shows and deletes a fix draft; viewers do not see it', async () => {
    const draft = {
      value: { text: '{"orderId":2,"amount":99}' },
      key: { base64: 'AAEC' },
      headers: [
        { key: 'trace', value: 'abc' },
        { key: 'empty', value: null },
      ],
      targetTopic: 'orders',
    };
    const saved = await putFix(id(ORDERS, 2), draft);
    expect(saved.status).toBe(200);
    expect(saved.body.fix).toEqual({ ...draft, savedBy: 'otto', savedAt: expect.any(Number) });
    expect((await record(id(ORDERS, 2))).fix).toEqual(saved.body.fix);
    expect((await record(id(ORDERS, 2), 'viewer')).fix).toBeNull();

    expect(await deleteFix(id(ORDERS, 2))).toEqual({ status: 200, body: { deleted: true } });
    expect((await record(id(ORDERS, 2))).fix).toBeNull();
    expect(await deleteFix(id(ORDERS, 2))).toEqual({ status: 200, body: { deleted: false } });

    const kept = await putFix(id(ORDERS, 3), {
      headers: [{ key: 'h', value: 'kept' }],
      targetTopic: 'orders-retry',
    });
    expect(kept.status).toBe(200);
  });

  it('bulk-saves drafts where the patch applies and lists the records it does not apply to', async () => {
    const ids = [3, 4, 5, 6, 7].map((o) => id(ORDERS, o));
    const res = await post('/api/fixes', {
      selection: { topic: ORDERS, ids },
      patch: [{ op: 'replace', path: '/amount', value: 0 }],
    });
    expect(res.status).toBe(200);
    expect(res.body.saved).toBe(3);
    expect(res.body.failed).toBe(2);
    const errors = res.body.errors as { id: string; error: string }[];
    expect(errors.map((e) => e.id)).toEqual([id(ORDERS, 6), id(ORDERS, 7)]);
    expect(errors[0]!.error).toMatch(/not JSON/);
    expect(errors[1]!.error).toMatch(/amount/);

    expect((await record(id(ORDERS, 4))).fix).toMatchObject({
      value: { text: '{"orderId":4,"amount":0}' },
      savedBy: 'otto',
    });
    // The draft saved before keeps its other fields.
    expect((await record(id(ORDERS, 3))).fix).toMatchObject({
      value: { text: '{"orderId":3,"amount":0}' },
      headers: [{ key: 'h', value: 'kept' }],
      targetTopic: 'orders-retry',
    });
    expect((await record(id(ORDERS, 6))).fix).toBeNull();

    const byFilter = await post('/api/fixes', {
      selection: { topic: PAYMENTS, filter: '' },
      patch: [{ op: 'add', path: '/fixed', value: true }],
    });
    expect(byFilter.body).toMatchObject({ saved: 3, failed: 0, errors: [] });
  });

  it('audits every action in the audit topic', async () => {
    const actions = (await consumeAll(h.kafka, '_dlqdesk-audit')).map(
      (c) => JSON.parse(c.message.value!.toString()) as { action: string; actor: string; count?: number },
    );
    const mine = actions.filter((a) => a.actor === 'otto' && a.action !== 'login');
    expect(mine.map((a) => a.action)).toEqual([
      'discard',
      'discard',
      'fix-saved',
      'fix-deleted',
      'fix-saved',
      'bulk-fix-saved',
      'bulk-fix-saved',
    ]);
    expect(mine[0]).toMatchObject({ count: 2 });
  });

  it('brings statuses, history and fix drafts back from the state topic after the index was deleted', async () => {
    await h.restartApp(async () => {
      fs.rmSync(h.dataDir, { recursive: true, force: true });
    });
    await waitForCount(ORDERS, 8);
    await waitForCount(PAYMENTS, 3);
    await waitForCount(ORDERS, 2, '&status=discarded');
    await waitForCount(PAYMENTS, 3, '&status=discarded');

    const check = async () => {
      const first = await record(id(ORDERS, 0));
      expect(first.status).toBe('discarded');
      expect(first.history).toEqual([
        expect.objectContaining({
          action: 'discard',
          actor: 'otto',
          detail: 'duplicate orders',
          status: 'discarded',
        }),
      ]);
      expect((await record(id(ORDERS, 2))).status).toBe('unresolved');
      expect((await record(id(ORDERS, 2))).fix).toBeNull();
      expect((await record(id(ORDERS, 3))).fix).toMatchObject({
        value: { text: '{"orderId":3,"amount":0}' },
        headers: [{ key: 'h', value: 'kept' }],
      });
      expect((await record(id(ORDERS, 5))).fix).toMatchObject({
        value: { text: '{"orderId":5,"amount":0}' },
      });
      expect((await record(id(PAYMENTS, 1))).fix).toMatchObject({ value: { text: '{"p":2,"fixed":true}' } });
    };
    await eventually(
      async () => {
        const r = await record(id(ORDERS, 3));
        return r.fix ? true : undefined;
      },
      60_000,
      'fix drafts loaded',
    );
    await check();

    // A plain restart re-reads the same events into the kept index: nothing is applied twice.
    await h.restartApp();
    await eventually(
      async () => ((await record(id(ORDERS, 3))).fix ? true : undefined),
      60_000,
      'fix drafts loaded',
    );
    await check();
  });
});
