// The e2e web server (Playwright's webServer): an embedded 3-broker cluster and the production build of DLQ Desk
// against it, with the e2e users. Runs until Playwright stops it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster } from '../../devcluster';
import { ensureBuilt, launchApp } from '../../scripts/launch-app';
import { users } from './users';

async function main(): Promise<void> {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-e2e-'));
  ensureBuilt();
  const cluster = await startCluster({ brokers: 3 });
  const app = await launchApp({
    brokers: cluster.bootstrap,
    users: Object.entries(users).map(([role, u]) => ({
      ...u,
      role: role as 'viewer' | 'operator' | 'admin',
    })),
    port,
    workDir,
    inheritOutput: true,
  });
  console.log(`e2e: DLQ Desk at ${app.url}, cluster at ${cluster.bootstrap.join(',')}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    await cluster.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  app.process.on('exit', (code) => {
    if (!stopping) {
      console.error(`e2e: DLQ Desk exited unexpectedly (status ${code})`);
      void cluster.stop().finally(() => process.exit(1));
    }
  });
}

main().catch((err: unknown) => {
  console.error('e2e server failed to start:', err);
  process.exit(1);
});
