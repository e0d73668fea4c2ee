// Runs the production build of DLQ Desk as a child process against a given Kafka cluster, with a generated
// configuration. Shared by `npm run demo` and the e2e web server.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { hashPassword } from '../lib/auth/password';

export interface AppUser {
  username: string;
  password: string;
  role: 'viewer' | 'operator' | 'admin';
}

export interface LaunchOptions {
  brokers: string[];
  users: AppUser[];
  port: number;
  host?: string;
  /** Directory for the generated config and the app's data. */
  workDir: string;
  apiTokens?: Array<{ name: string; role: AppUser['role']; token: string }>;
  extraEnv?: Record<string, string>;
  /** Pass the app's output through (true), or keep its last lines for `output()`. */
  inheritOutput?: boolean;
}

export interface LaunchedApp {
  url: string;
  process: ChildProcess;
  /** The last lines the app wrote (when its output is not passed through). */
  output(): string;
  stop(): Promise<void>;
}

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = [
  'next.config.js',
  'proxy.ts',
  'instrumentation.ts',
  'package.json',
  'postcss.config.mjs',
];

function newestSourceMtime(): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  [...SOURCE_DIRS, ...SOURCE_FILES].forEach(visit);
  return newest;
}

const BUILD_LOCK = '.next-build.lock';
const BUILD_MARKER = '.next/standalone/server.js';
const BUILD_STAMP = '.next/dlqdesk-built-from.json';

/** The newest source time the current build includes (0 without a build). */
function builtFrom(): number {
  if (!fs.existsSync(BUILD_MARKER)) return 0;
  const marker = fs.statSync(BUILD_MARKER).mtimeMs;
  try {
    return (JSON.parse(fs.readFileSync(BUILD_STAMP, 'utf8')) as { sources: number }).sources;
  } catch {
    return marker; // built by `npm run build` (next build empties .next, stamp included): as new as its output
  }
}
const STALE_LOCK_MS = 15 * 60_000;

/**
 * Builds the app when there is no build yet or the sources changed since the last one. Asynchronous, so a test
 * worker stays responsive during the build, and behind a lock directory, so test files started in parallel
 * build once instead of writing .next at the same time.
 */
export async function ensureBuilt(log: (line: string) => void = console.log): Promise<void> {
  await acquireBuildLock();
  try {
    const sources = newestSourceMtime();
    if (builtFrom() >= sources) return;
    log('Building DLQ Desk (next build, about a minute on a small machine)...');
    const child = spawn('npm', ['run', 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error('npm run build failed');
    // The sources as they were when the build began: a file saved during the build makes the next call build again.
    fs.writeFileSync(BUILD_STAMP, JSON.stringify({ sources }));
  } finally {
    fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

async function acquireBuildLock(): Promise<void> {
  for (;;) {
    try {
      fs.mkdirSync(BUILD_LOCK);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A build killed half-way leaves its lock behind; no build takes this long.
      const age = Date.now() - (fs.statSync(BUILD_LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > STALE_LOCK_MS) fs.rmSync(BUILD_LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const users = await Promise.all(
    options.users.map(async (u) => ({
      username: u.username,
      role: u.role,
      passwordHash: await hashPassword(u.password),
    })),
  );
  const configFile = path.resolve(options.workDir, 'config.json');
  const config = {
    kafka: { brokers: options.brokers, clientId: 'dlq-desk' },
    auth: {
      sessionSecret: randomBytes(32).toString('base64url'),
      users,
      apiTokens: options.apiTokens ?? [],
    },
    dataDir: path.resolve(options.workDir, 'data'),
  };
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

  const host = options.host ?? '127.0.0.1';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    stdio: options.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.extraEnv,
      DLQDESK_CONFIG: configFile,
      PORT: String(options.port),
      HOSTNAME: host,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  // Keep reading the app's output even when nobody shows it: a full pipe would block the app.
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 500) lines.splice(0, lines.length - 500);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = () => lines.join('\n');

  const url = `http://${host}:${options.port}`;
  await waitForHealth(url, child).catch((err: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${output()}`);
  });
  return {
    url,
    process: child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`DLQ Desk exited with status ${child.exitCode} during start-up`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`DLQ Desk did not answer at ${url} within 60 s`);
}
