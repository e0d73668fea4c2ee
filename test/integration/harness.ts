// Runs the real thing for integration tests: an embedded cluster and the production build of DLQ Desk against it,
// over HTTP, with a logged-in session per role.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startCluster, type DevCluster, type StartClusterOptions } from '../../devcluster';
import { ensureBuilt, launchApp, type AppUser, type LaunchedApp } from '../../scripts/launch-app';

export const USERS: AppUser[] = [
  { username: 'vera', password: 'viewer-password-1', role: 'viewer' },
  { username: 'otto', password: 'operator-password-1', role: 'operator' },
  { username: 'ada', password: 'admin-password-1', role: 'admin' },
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Harness {
  cluster: DevCluster;
  kafka: Kafka;
  url: string;
  /** The app's data directory (the index); delete it between restarts to rebuild from Kafka. */
  dataDir: string;
  /** GET (or other method) as the viewer by default; returns status and parsed JSON body. */
  api<T = unknown>(
    path: string,
    init?: { role?: AppUser['role']; method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
  /** The app's recent log lines. */
  appOutput(): string;
  /** Stops the app (SIGTERM, or SIGKILL with `kill`) and starts it again on the same data directory. */
  restartApp(between?: () => Promise<void>, options?: { kill?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(
  clusterOptions: StartClusterOptions = { brokers: 1 },
  appEnv: Record<string, string> = {},
): Promise<Harness> {
  await ensureBuilt();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-it-'));
  const cluster = await startCluster(clusterOptions);
  const kafka = new Kafka({
    clientId: 'integration-test',
    brokers: cluster.bootstrap,
    logLevel: logLevel.NOTHING,
  });
  const port = await freePort();
  const launch = () =>
    launchApp({
      brokers: cluster.bootstrap,
      users: USERS,
      port,
      workDir,
      extraEnv: { DLQDESK_DLQ_SYNC_INTERVAL_SECONDS: '1', ...appEnv },
    });
  let app: LaunchedApp = await launch();
  const cookies = new Map<string, string>();

  async function cookieFor(role: AppUser['role']): Promise<string> {
    const cached = cookies.get(role);
    if (cached) return cached;
    const user = USERS.find((u) => u.role === role)!;
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: app.url },
      body: JSON.stringify({ username: user.username, password: user.password }),
    });
    if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    cookies.set(role, cookie);
    return cookie;
  }

  return {
    cluster,
    kafka,
    dataDir: path.join(workDir, 'data'),
    get url() {
      return app.url;
    },
    async api<T>(p: string, init: { role?: AppUser['role']; method?: string; body?: unknown } = {}) {
      const res = await fetch(`${app.url}${p}`, {
        method: init.method ?? 'GET',
        headers: {
          cookie: await cookieFor(init.role ?? 'viewer'),
          origin: app.url,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      // Not every route answers JSON (GET /api/metrics is Prometheus text): other bodies come back as text.
      const isJson = (res.headers.get('content-type') ?? '').includes('json');
      return { status: res.status, body: (text ? (isJson ? JSON.parse(text) : text) : null) as T };
    },
    appOutput: () => app.output(),
    async restartApp(between, options = {}) {
      if (options.kill) {
        const exited = new Promise((resolve) => app.process.once('exit', resolve));
        app.process.kill('SIGKILL');
        await exited;
      } else await app.stop();
      await between?.();
      app = await launch();
      // A new launch has a new session secret: log in again.
      cookies.clear();
    },
    async stop() {
      await app.stop();
      await cluster.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Polls until the check returns a value other than undefined, or fails after the timeout with the last value. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
