import 'server-only';
import { registerSecrets } from '../log';
import { loadConfig, secretsOf } from './load';
import type { Config } from './schema';

export type { Config, Role } from './schema';
export { ConfigError, KafkaNotConfiguredError } from './load';

const globalForConfig = globalThis as typeof globalThis & { __dlqdeskConfig?: Config };

/** The configuration, parsed once per process (start-up already proved it valid, see instrumentation.ts). */
export function getConfig(): Config {
  if (!globalForConfig.__dlqdeskConfig) {
    const config = loadConfig();
    registerSecrets(secretsOf(config));
    globalForConfig.__dlqdeskConfig = config;
  }
  return globalForConfig.__dlqdeskConfig;
}
