import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hashPassword } from '../auth/password';
import { encodeSession, SESSION_COOKIE } from '../auth/session-token';
import { TEST_SECRET, useTestConfig } from '@/test/config';
import { NotFoundError } from './errors';
import { route, type RouteHandler } from './route';

const ORIGIN = 'http://desk.test';
const TOKEN = 'tok_viewer_0123456789abcdefgh';

beforeAll(async () => {
  const hash = await hashPassword('irrelevant');
  useTestConfig({
    DLQDESK_KAFKA_BROKERS: 'localhost:9092',
    DLQDESK_SESSION_SECRET: TEST_SECRET,
    DLQDESK_SESSION_IDLE_SECONDS: '600',
    DLQDESK_USERS: `vera:viewer:${hash},otto:operator:${hash},ada:admin:${hash}`,
    DLQDESK_API_TOKENS: `prom:viewer:${TOKEN}`,
  });
});

const now = () => Math.floor(Date.now() / 1000);
const cookieFor = (user: string, iat = now(), seen = iat) =>
  `${SESSION_COOKIE}=${encodeSession({ sub: user, iat, seen }, TEST_SECRET)}`;

function call(
  handler: RouteHandler,
  {
    method = 'GET',
    path = '/api/x',
    headers = {},
    body,
    params = {},
  }: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    params?: Record<string, string>;
  } = {},
) {
  const request = new NextRequest(`${ORIGIN}${path}`, {
    method,
    headers: { host: 'desk.test', ...headers },
    body,
  });
  return handler(request, { params: Promise.resolve(params) });
}

const readRoute = route(
  { access: 'viewer', query: z.object({ limit: z.coerce.number().int().max(500).optional() }).strict() },
  ({ principal, query }) => ({ who: principal!.name, limit: query.limit ?? null }),
);
const replayRoute = route(
  {
    access: 'operator',
    params: z.object({ topic: z.string().regex(/^[\w.-]+$/) }),
    body: z.object({ rate: z.number().int().positive() }).strict(),
  },
  ({ params, body }) => ({ topic: params.topic, rate: body.rate }),
);
const failingRoute = route({ access: 'viewer' }, () => {
  throw new Error('database password is hunter2');
});
const missingRoute = route({ access: 'viewer' }, () => {
  throw new NotFoundError('no such record');
});

describe('route wrapper', () => {
  it('answers 401 without a session or token', async () => {
    const res = await call(readRoute);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'login required' });
  });

  it('answers 401 for a tampered, expired or idle session, an unknown user and a wrong token', async () => {
    const good = cookieFor('vera');
    const tampered = good.slice(0, -3) + (good.endsWith('AAA') ? 'BBB' : 'AAA');
    for (const cookie of [
      tampered,
      cookieFor('vera', now() - 13 * 3600),
      cookieFor('vera', now() - 700, now() - 700),
      cookieFor('mallory'),
    ]) {
      expect((await call(readRoute, { headers: { cookie } })).status).toBe(401);
    }
    expect((await call(readRoute, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    // A wrong token is not rescued by a valid cookie.
    expect((await call(readRoute, { headers: { authorization: 'Bearer nope', cookie: good } })).status).toBe(
      401,
    );
  });

  it('lets a session or an API token through with its role', async () => {
    const bySession = await call(readRoute, { headers: { cookie: cookieFor('vera') } });
    expect(await bySession.json()).toEqual({ who: 'vera', limit: null });
    const byToken = await call(readRoute, {
      headers: { authorization: `Bearer ${TOKEN}` },
      path: '/api/x?limit=5',
    });
    expect(await byToken.json()).toEqual({ who: 'prom', limit: 5 });
  });

  it('answers 403 when the role is too low', async () => {
    const res = await call(replayRoute, {
      method: 'POST',
      headers: { cookie: cookieFor('vera'), origin: ORIGIN, 'content-type': 'application/json' },
      body: '{"rate":10}',
      params: { topic: 'orders.DLT' },
    });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/operator role/);
  });

  it('refuses cookie-borne mutations from another origin or without one, but not bearer calls', async () => {
    const send = (headers: Record<string, string>) =>
      call(replayRoute, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"rate":10}',
        params: { topic: 'orders.DLT' },
      });
    expect((await send({ cookie: cookieFor('otto'), origin: 'http://evil.test' })).status).toBe(403);
    expect((await send({ cookie: cookieFor('otto') })).status).toBe(403);
    expect(
      (await send({ cookie: cookieFor('otto'), origin: ORIGIN, 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    expect((await send({ cookie: cookieFor('otto'), origin: ORIGIN })).status).toBe(200);
    expect((await send({ cookie: cookieFor('ada'), origin: ORIGIN })).status).toBe(200);
  });

  it('answers 422 naming the bad field in query, params and body', async () => {
    const q = await call(readRoute, { headers: { cookie: cookieFor('vera') }, path: '/api/x?limit=9999' });
    expect(q.status).toBe(422);
    expect((await q.json()).error).toMatch(/^query\.limit: /);
    const unknown = await call(readRoute, { headers: { cookie: cookieFor('vera') }, path: '/api/x?limt=1' });
    expect((await unknown.json()).error).toMatch(/unknown field\(s\) limt/);

    const post = (params: Record<string, string>, body: string) =>
      call(replayRoute, {
        method: 'POST',
        headers: { cookie: cookieFor('otto'), origin: ORIGIN, 'content-type': 'application/json' },
        body,
        params,
      });
    const badParam = await post({ topic: '../etc/passwd' }, '{"rate":1}');
    expect(badParam.status).toBe(422);
    expect((await badParam.json()).error).toMatch(/^params\.topic: /);
    const badBody = await post({ topic: 't' }, '{"rate":"fast"}');
    expect(badBody.status).toBe(422);
    expect(await badBody.json()).toMatchObject({
      error: expect.stringMatching(/^body\.rate: /),
      issues: [{ field: 'body.rate' }],
    });
    const missing = await post({ topic: 't' }, '{}');
    expect((await missing.json()).error).toBe('body.rate: required');
  });

  it('answers 400 for malformed JSON, 415 for other content, 413 for a huge body', async () => {
    const headers = { cookie: cookieFor('otto'), origin: ORIGIN };
    const malformed = await call(replayRoute, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"rate":',
      params: { topic: 't' },
    });
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('body: malformed JSON');
    const text = await call(replayRoute, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body: 'rate=1',
      params: { topic: 't' },
    });
    expect(text.status).toBe(415);
    const huge = await call(replayRoute, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ rate: 1, pad: 'x'.repeat(2 * 1024 * 1024) }),
      params: { topic: 't' },
    });
    expect(huge.status).toBe(413);
  });

  it('maps deliberate errors to their status and hides the internals of unexpected ones', async () => {
    const notFound = await call(missingRoute, { headers: { cookie: cookieFor('vera') } });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: 'no such record' });
    const res = await call(failingRoute, { headers: { cookie: cookieFor('vera') } });
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toEqual({ error: 'internal error', id: expect.any(String) });
    expect(JSON.stringify(body)).not.toContain('hunter2');
  });

  it('refreshes the idle clock of an active session at most once a minute', async () => {
    const fresh = await call(readRoute, { headers: { cookie: cookieFor('vera') } });
    expect(fresh.headers.get('set-cookie')).toBeNull();
    const older = await call(readRoute, { headers: { cookie: cookieFor('vera', now() - 300, now() - 120) } });
    expect(older.headers.get('set-cookie')).toMatch(
      new RegExp(`^${SESSION_COOKIE}=v1\\..*; HttpOnly; SameSite=Lax`),
    );
  });
});
