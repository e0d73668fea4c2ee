import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRoutes } from './api-routes';
import { startHarness, USERS, type Harness } from './harness';

const RANK = { public: 0, viewer: 1, operator: 2, admin: 3 } as const;
type Access = keyof typeof RANK;

interface Route {
  method: string;
  path: string;
  access: Access;
}

async function handlersInCode(): Promise<Route[]> {
  const routes: Route[] = [];
  for (const { method, path, handler } of await apiRoutes()) {
    const urlPath = path.replace(/\[(\w+)\]/g, '{$1}');
    // Every handler must come from the one wrapper, which records its minimum role.
    expect(handler.access, `${method} ${urlPath} is not built with route()`).toBeDefined();
    routes.push({ method, path: urlPath, access: handler.access });
  }
  return routes.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

function routesInReadme(): Route[] {
  const readme = fs.readFileSync('README.md', 'utf8');
  return [
    ...readme.matchAll(
      /^\| `(GET|POST|PUT|PATCH|DELETE) (\/api\/\S*)` +\| (public|viewer|operator|admin) +\|$/gm,
    ),
  ]
    .map((m) => ({ method: m[1]!, path: m[2]!, access: m[3] as Access }))
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

const SAMPLE_PARAMS: Record<string, string> = { topic: 'orders.DLT', id: 'orders.DLT~0~0' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
}, 180_000);
afterAll(async () => {
  await h?.stop();
});

describe('role matrix', () => {
  it('the README lists every route handler with the role it really needs, and nothing else', async () => {
    const inCode = await handlersInCode();
    expect(inCode.length).toBeGreaterThan(5);
    expect(routesInReadme()).toEqual(inCode);
  });

  it('every route refuses a missing session (401) and a lower role (403), and lets the right roles in', async () => {
    for (const route of await handlersInCode()) {
      const url = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(SAMPLE_PARAMS[name] ?? 'x'),
      );
      const anonymous = await fetch(`${h.url}${url}`, {
        method: route.method,
        headers: { origin: h.url, 'content-type': 'application/json' },
        body: route.method === 'GET' ? undefined : '{}',
      });
      const label = `${route.method} ${route.path}`;
      if (route.access === 'public') expect(anonymous.status, label).not.toBe(401);
      else expect(anonymous.status, label).toBe(401);

      for (const user of USERS) {
        // Logging out would end the session the next calls need: it is checked as the last role below.
        if (route.path === '/api/auth/logout') continue;
        const { status } = await h.api(url, {
          role: user.role,
          method: route.method,
          body: route.method === 'GET' ? undefined : {},
        });
        if (RANK[user.role] < RANK[route.access]) expect(status, `${label} as ${user.role}`).toBe(403);
        else expect([401, 403], `${label} as ${user.role} got ${status}`).not.toContain(status);
      }
    }
  });
});
