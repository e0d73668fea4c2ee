// Test support: every route handler under app/api, found on disk, as `METHOD /api/path` with Next's `[param]`
// segments kept. Shared by the role-matrix test (which checks them against the README) and the hostile-input fuzz.
import fs from 'node:fs';
import path from 'node:path';
import type { RouteHandler } from '@/lib/api/route';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface ApiRoute {
  method: (typeof METHODS)[number];
  /** e.g. `/api/dlqs/[topic]/records`. */
  path: string;
  /** Its `access` is undefined when the handler was not built with lib/api/route.ts's route(). */
  handler: RouteHandler;
}

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

export async function apiRoutes(): Promise<ApiRoute[]> {
  const found: ApiRoute[] = [];
  for (const file of routeFiles('app/api')) {
    const urlPath =
      '/' +
      path
        .dirname(file)
        .split(path.sep)
        .join('/')
        .replace(/^app\//, '');
    const mod = (await import(path.resolve(file))) as Record<string, RouteHandler | undefined>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (handler) found.push({ method, path: urlPath, handler });
    }
  }
  return found;
}
