import 'server-only';
import { ConfigError, getConfig } from './config';
import { log } from './log';

const globalForStart = globalThis as typeof globalThis & { __dlqdeskStarted?: boolean };

/** Runs once per server process (the guard survives dev reloads). */
export async function startServer(): Promise<void> {
  if (globalForStart.__dlqdeskStarted) return;
  globalForStart.__dlqdeskStarted = true;
  try {
    const config = getConfig();
    log.info('DLQ Desk starting', { brokers: config.kafka.brokers.length, users: config.auth.users.length });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
