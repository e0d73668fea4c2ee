import 'server-only';
import { ConfigError, getConfig } from './config';
import { capHeapGrowth } from './heap-cap';
import { startRevocationLoading } from './auth/session-revocation-store';
import { log } from './log';
import { startReplayService, stopReplayService } from './replay/service';
import { startAlerting, startIngestion, startStateService, stopServices } from './services';

const globalForStart = globalThis as typeof globalThis & { __dlqdeskStarted?: boolean };

/** Runs once per server process (the guard survives dev reloads). */
export async function startServer(): Promise<void> {
  if (globalForStart.__dlqdeskStarted) return;
  globalForStart.__dlqdeskStarted = true;
  let config;
  try {
    config = getConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  capHeapGrowth();
  log.info('DLQ Desk starting', { brokers: config.kafka.brokers.length, users: config.auth.users.length });
  startIngestion();
  startStateService();
  startAlerting();
  startRevocationLoading();

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    stopReplayService()
      .then(stopServices)
      .catch((err: unknown) =>
        log.error('shutdown failed', { error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // After the triage state service: jobs journal into its state topic. Unfinished jobs resume here.
  // A failure is logged by the service itself and retried at the next use.
  void startReplayService().catch(() => undefined);
}
