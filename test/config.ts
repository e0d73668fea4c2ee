import { loadConfig } from '@/lib/config/load';

/** Makes getConfig() return the configuration these variables describe (tests only). */
export function useTestConfig(env: Record<string, string>): void {
  (globalThis as { __dlqdeskConfig?: unknown }).__dlqdeskConfig = loadConfig(env);
}

export const TEST_SECRET = 'test-session-secret-0123456789abcdef';
