// The security model end to end: the production build behind `npm start` (scripts/start.mjs) against an
// embedded cluster, over real HTTP. Login auditing, the audit API and CSV, logout everywhere, proxy sign-on
// by TCP peer address, masking with audited reveal, and no secret in any log line, response or page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { ensureBuilt, launchApp, type LaunchedApp } from '../../scripts/launch-app';
import { eventually, USERS } from './harness';
import { freePort, requester } from './security-support';

const TOPIC = 'payments.DLT';
const CARD = '4111-1111-1111-1111';
const API_TOKEN = 'tok_admin_secret_0123456789abcdefXYZ';
const PROXY_ADDRESS = '127.0.0.2';
const WEBHOOK_URL = 'http://127.0.0.1:9/services/T0SECRET/B0SECRET/webhookSecretPath123';

let cluster: DevCluster;
let app: LaunchedApp;
let workDir: string;
let sessionSecret: string;
/** Every response body this file saw, for the secrets check at the end. */
const seen: string[] = [];

const request = requester(
  () => app.url,
  (text) => seen.push(text),
);

async function login(username: string, password: string): Promise<{ status: number; cookie: string }> {
  const res = await request('POST', '/api/auth/login', { body: JSON.stringify({ username, password }) });
  const setCookie = res.headers['set-cookie']?.[0] ?? '';
  return { status: res.status, cookie: setCookie.split(';')[0]! };
}

const password = (role: string) => USERS.find((u) => u.role === role)!.password;
const userOf = (role: string) => USERS.find((u) => u.role === role)!.username;
const cookies: Record<string, string> = {};
const as = (role: string) => ({ cookie: cookies[role]! });

beforeAll(async () => {
  await ensureBuilt();
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-security-'));
  cluster = await startCluster({ brokers: 1 });
  cluster.admin.createTopic({ name: TOPIC, partitions: 1, replicationFactor: 1 });
  const kafka = new Kafka({
    clientId: 'security-test',
    brokers: cluster.bootstrap,
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: TOPIC,
    messages: [
      {
        key: 'order-1',
        value: JSON.stringify({ card: { number: CARD, holder: 'Ann' }, amount: 12 }),
        headers: {
          'kafka_dlt-exception-fqcn': 'java.lang.IllegalStateException',
          'kafka_dlt-exception-message': `card ${CARD} declined for Project Bluebird`,
          'kafka_dlt-original-topic': 'payments',
          'x-customer-email': 'ann@example.com',
        },
      },
    ],
  });
  await producer.disconnect();

  app = await launchApp({
    brokers: cluster.bootstrap,
    users: USERS,
    port: await freePort(),
    workDir,
    apiTokens: [{ name: 'ci', role: 'admin', token: API_TOKEN }],
    extraEnv: {
      DLQDESK_DLQ_SYNC_INTERVAL_SECONDS: '1',
      DLQDESK_ALERTS_WEBHOOKS: JSON.stringify([{ name: 'pager', url: WEBHOOK_URL, maxAttempts: 1 }]),
      DLQDESK_MASK_JSON_PATHS: '$.card.number',
      DLQDESK_MASK_HEADERS: 'x-customer-email',
      DLQDESK_MASK_PATTERNS: '\\d{4}-\\d{4}-\\d{4}-\\d{4},Project Bluebird',
      DLQDESK_AUTH_PROXY: 'true',
      DLQDESK_AUTH_PROXY_TRUSTED_ADDRESSES: PROXY_ADDRESS,
      DLQDESK_AUTH_PROXY_VIEWER_GROUPS: 'staff',
      DLQDESK_AUTH_PROXY_OPERATOR_GROUPS: 'sre',
    },
  });
  sessionSecret = (
    JSON.parse(fs.readFileSync(path.join(workDir, 'config.json'), 'utf8')) as {
      auth: { sessionSecret: string };
    }
  ).auth.sessionSecret;
  for (const role of ['viewer', 'operator', 'admin']) {
    const { status, cookie } = await login(userOf(role), password(role));
    expect(status).toBe(200);
    cookies[role] = cookie;
  }
  await eventually(
    async () => {
      const res = await request('GET', `/api/dlqs/${TOPIC}/records`, { headers: as('viewer') });
      return res.status === 200 && res.json<{ rows: unknown[] }>().rows.length === 1 ? true : undefined;
    },
    60_000,
    'the DLQ record indexed',
  );
}, 240_000);

afterAll(async () => {
  await app?.stop();
  await cluster?.stop();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

interface AuditEntryJson {
  actor: string;
  action: string;
  target?: string;
  detail?: Record<string, unknown>;
}

async function auditEntries(query = ''): Promise<AuditEntryJson[]> {
  const res = await request('GET', `/api/audit${query}`, { headers: as('admin') });
  expect(res.status).toBe(200);
  return res.json<{ entries: AuditEntryJson[] }>().entries;
}

describe('audit trail', () => {
  it('records logins and failed logins, filters them, and exports CSV to admins only', async () => {
    expect((await login('ada', 'not-the-password')).status).toBe(401);
    const failed = await eventually(async () => {
      const entries = await auditEntries('?action=login-failed');
      return entries.length > 0 ? entries : undefined;
    });
    expect(failed[0]).toMatchObject({
      actor: 'ada',
      action: 'login-failed',
      detail: { address: '127.0.0.1' },
    });
    const logins = await eventually(
      async () => {
        const entries = await auditEntries('?action=login');
        return entries.length >= 3 ? entries : undefined;
      },
      30_000,
      `three logins in the audit trail; app log:\n${app
        .output()
        .split('\n')
        .filter((l) => /audit/i.test(l))
        .join('\n')}`,
    );
    expect(new Set(logins.map((e) => e.actor))).toEqual(new Set(['vera', 'otto', 'ada']));
    expect((await auditEntries('?user=otto&action=login')).map((e) => e.actor)).toEqual(['otto']);
    expect(await auditEntries(`?from=${Date.now() + 60_000}`)).toEqual([]);

    const csv = await request('GET', '/api/audit?format=csv&action=login-failed', { headers: as('admin') });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text.split('\r\n')[0]).toBe('time,actor,action,target,count,detail');
    expect(csv.text).toMatch(
      /\r\n\d{4}-\d\d-\d\dT[^,]+,ada,login-failed,,,"{""address"":""127\.0\.0\.1""}"\r\n/,
    );

    expect((await request('GET', '/api/audit', { headers: as('operator') })).status).toBe(403);
    const bad = await request('GET', '/api/audit?action=drop-tables', { headers: as('admin') });
    expect(bad.status).toBe(422);
    expect(bad.json<{ error: string }>().error).toMatch(/^query\.action: one of login/);

    const page = await request('GET', '/audit?action=login', { headers: as('admin') });
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="audit-table"');
  });
});

describe('masking', () => {
  it('never sends masked values to a viewer, and shows an operator the real ones only on an audited reveal', async () => {
    const list = await request('GET', `/api/dlqs/${TOPIC}/records`, { headers: as('viewer') });
    const id = list.json<{ rows: { id: string }[] }>().rows[0]!.id;
    expect(list.text).not.toContain(CARD);

    for (const role of ['viewer', 'operator']) {
      const detail = await request('GET', `/api/records/${encodeURIComponent(id)}`, { headers: as(role) });
      expect(detail.status).toBe(200);
      expect(detail.text).not.toContain(CARD);
      expect(detail.text).not.toContain('ann@example.com');
      expect(detail.json<{ masked: string[]; revealed: boolean }>()).toMatchObject({
        masked: expect.arrayContaining(['value', 'headers.x-customer-email', 'error.message']),
        revealed: false,
      });
    }

    const refused = await request('GET', `/api/records/${encodeURIComponent(id)}?reveal=1`, {
      headers: as('viewer'),
    });
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain(CARD);

    const revealed = await request('GET', `/api/records/${encodeURIComponent(id)}?reveal=1`, {
      headers: as('operator'),
    });
    expect(revealed.status).toBe(200);
    expect(revealed.text).toContain(CARD);
    expect(revealed.json<{ revealed: boolean }>().revealed).toBe(true);
    const views = await auditEntries('?action=masked-value-viewed');
    expect(views[0]).toMatchObject({ actor: 'otto', target: id });
  });

  it('masks error-group titles wherever they appear: overview, groups, facets and alerts', async () => {
    // /api/alerts lists DLQs only after the evaluator's first pass; the others show the group at once.
    for (const [url, showsGroup] of [
      ['/api/dlqs', true],
      [`/api/dlqs/${TOPIC}/groups`, true],
      [`/api/dlqs/${TOPIC}/facets`, true],
      [`/api/alerts/${TOPIC}`, true],
      ['/api/alerts', false],
    ] as const) {
      const res = await request('GET', url, { headers: as('viewer') });
      expect(res.status, url).toBe(200);
      if (showsGroup) expect(res.text, url).toContain('declined for');
      expect(res.text, url).not.toContain('Bluebird');
    }
  });
});

describe('proxy sign-on', () => {
  const sso = { 'x-forwarded-user': 'mia', 'x-forwarded-groups': 'staff,sre' };

  it('trusts the user and group headers only on connections from the proxy address', async () => {
    const viaProxy = await request('GET', '/api/auth/session', { headers: sso, from: PROXY_ADDRESS });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.json()).toEqual({ name: 'mia', kind: 'user', role: 'operator' });
    const page = await request('GET', '/', { headers: sso, from: PROXY_ADDRESS });
    expect(page.status).toBe(200);

    // The same headers from anywhere else, also with a forged peer header or X-Forwarded-For, count for nothing.
    const forgeries: Record<string, string>[] = [
      {},
      { 'x-dlqdesk-peer': PROXY_ADDRESS },
      { 'x-forwarded-for': PROXY_ADDRESS },
    ];
    for (const extra of forgeries) {
      const direct = await request('GET', '/api/auth/session', { headers: { ...sso, ...extra } });
      expect(direct.status).toBe(401);
      const redirected = await request('GET', '/', { headers: { ...sso, ...extra } });
      expect(redirected.status).toBe(307);
    }
    const noGroup = await request('GET', '/api/auth/session', {
      headers: { ...sso, 'x-forwarded-groups': 'visitors' },
      from: PROXY_ADDRESS,
    });
    expect(noGroup.status).toBe(401);
  });
});

describe('logout everywhere', () => {
  it('ends every session of a user at once; a new login works; only admins end other users sessions', async () => {
    const first = (await login('otto', password('operator'))).cookie;
    const second = (await login('otto', password('operator'))).cookie;
    expect(first).not.toBe(second);
    const session = (cookie: string) => request('GET', '/api/auth/session', { headers: { cookie } });
    expect((await session(first)).status).toBe(200);

    const forbidden = await request('POST', '/api/auth/logout-everywhere', {
      headers: { cookie: first },
      body: JSON.stringify({ username: 'vera' }),
    });
    expect(forbidden.status).toBe(403);

    const done = await request('POST', '/api/auth/logout-everywhere', {
      headers: { cookie: first },
      body: JSON.stringify({ username: 'otto' }),
    });
    expect(done.status).toBe(200);
    expect(done.headers['set-cookie']?.[0]).toMatch(/Max-Age=0/);
    for (const cookie of [first, second, cookies.operator!]) expect((await session(cookie)).status).toBe(401);

    const again = await login('otto', password('operator'));
    expect((await session(again.cookie)).status).toBe(200);
    cookies.operator = again.cookie;

    const byAdmin = await request('POST', '/api/auth/logout-everywhere', {
      headers: { authorization: `Bearer ${API_TOKEN}` },
      body: JSON.stringify({ username: 'vera' }),
    });
    expect(byAdmin.status).toBe(200);
    expect((await session(cookies.viewer!)).status).toBe(401);
    cookies.viewer = (await login('vera', password('viewer'))).cookie;
    const audited = await auditEntries('?action=logout-everywhere');
    expect(audited.map((e) => [e.actor, e.target])).toEqual([
      ['ci', 'vera'],
      ['otto', 'otto'],
    ]);
  });
});

describe('secrets', () => {
  it('appear in no log line, API response or page: session secret, API token, webhook URL, passwords', async () => {
    for (const p of ['/', `/dlq/${TOPIC}`, '/audit']) {
      const page = await request('GET', p, { headers: as('admin') });
      expect(page.status, p).toBe(200);
    }
    expect((await request('GET', '/login')).status).toBe(200);
    await request('GET', '/api/health');
    for (const p of ['/api/alerts', '/api/metrics', `/api/alerts/${TOPIC}`, '/api/dlqs']) {
      await request('GET', p, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    }
    await request('GET', '/api/auth/session', { headers: { authorization: `Bearer ${API_TOKEN}` } });
    await request('GET', '/api/auth/session', { headers: { authorization: `Bearer ${API_TOKEN}x` } });
    await request('POST', '/api/auth/login', {
      body: JSON.stringify({ username: 'ada', password: API_TOKEN }),
    });
    const secrets = [
      sessionSecret,
      API_TOKEN,
      WEBHOOK_URL,
      '/services/T0SECRET/B0SECRET/webhookSecretPath123',
      ...USERS.map((u) => u.password),
    ];
    const everything = [...seen, app.output()].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of secrets) expect(everything.includes(secret), `a secret leaked`).toBe(false);
  });
});
