import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { launchApp, type LaunchedApp } from '../scripts/launch-app';

/** High enough that the replay rate limit never binds: the bench measures the engine, not the limiter. */
export const UNLIMITED_RATE = 1_000_000;

export interface BenchApp {
  app: LaunchedApp;
  pid: number;
  /** Bearer tokens: viewer for the read APIs, admin for replays (may override loop protection). */
  viewer: AppClient;
  admin: AppClient;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    body: string,
  ) {
    super(`${path}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export class AppClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async json<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await this.fetch(path, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, path, text);
    return JSON.parse(text) as T;
  }

  /**
   * A GET whose connection fails (a kept-alive socket the busy server closed as it was reused) is sent again, up
   * to twice; other methods are sent once.
   */
  private async fetch(path: string, init: RequestInit): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetch(`${this.url}${path}`, init);
      } catch (error) {
        if ((init.method ?? 'GET') !== 'GET' || attempt >= 2) {
          const cause =
            error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
          throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}${cause}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  /** Milliseconds from sending the request to the last byte of a successful answer. */
  async timed(path: string): Promise<number> {
    const started = performance.now();
    const res = await this.fetch(path, { headers: { authorization: `Bearer ${this.token}` } });
    const body = await res.arrayBuffer();
    const ms = performance.now() - started;
    if (!res.ok) throw new HttpError(res.status, path, Buffer.from(body).toString('utf8'));
    return ms;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The production build on a fresh port and data directory (an empty index), configured for benchmarking. */
export async function startBenchApp(brokers: string[], workDir: string): Promise<BenchApp> {
  const viewerToken = randomBytes(24).toString('base64url');
  const adminToken = randomBytes(24).toString('base64url');
  const app = await launchApp({
    brokers,
    users: [{ username: 'bench', password: randomBytes(12).toString('base64url'), role: 'admin' }],
    apiTokens: [
      { name: 'bench-viewer', role: 'viewer', token: viewerToken },
      { name: 'bench-admin', role: 'admin', token: adminToken },
    ],
    port: await freePort(),
    workDir,
    extraEnv: { DLQDESK_REPLAY_MAX_RATE: String(UNLIMITED_RATE) },
  });
  const pid = app.process.pid;
  if (pid === undefined) throw new Error('DLQ Desk has no process id');
  return { app, pid, viewer: new AppClient(app.url, viewerToken), admin: new AppClient(app.url, adminToken) };
}
