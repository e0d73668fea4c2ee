// The CLI as a user runs it: a separate process that prints the bootstrap list and the control URL,
// serves Kafka clients, and exits cleanly on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { kafkaFor } from './test-support/kafkajs-helpers';

let child: ChildProcess | null = null;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

it('prints bootstrap and control URL, serves clients, and exits 0 on SIGTERM', async () => {
  const cli = join(typeof __dirname === 'string' ? __dirname : import.meta.dirname, 'cli.ts');
  const proc = spawn(process.execPath, ['--import', 'tsx', cli, '--brokers', '2', '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let out = '';
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 30_000;
  while (!/control: +(\S+)/.test(out)) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`CLI did not start: ${out}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const bootstrap = /bootstrap: (\S+)/.exec(out)![1]!.split(',');
  expect(bootstrap).toHaveLength(2);
  const controlUrl = /control: +(\S+)/.exec(out)![1]!;
  expect(
    ((await (await fetch(`${controlUrl}/state`)).json()) as { brokers: unknown[] }).brokers,
  ).toHaveLength(2);

  const admin = kafkaFor(bootstrap).admin();
  await admin.connect();
  expect((await admin.describeCluster()).brokers).toHaveLength(2);
  await admin.disconnect();

  proc.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(out).toContain('devcluster: stopped');
});
