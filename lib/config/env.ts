import 'server-only';
// Environment variables and the setting each one fills. The README's configuration reference lists exactly these
// (a unit test keeps the two in step).

export type EnvKind = 'string' | 'list' | 'int' | 'bool' | 'users' | 'tokens' | 'json';

export interface EnvSetting {
  env: string;
  path: readonly string[];
  kind: EnvKind;
  secret?: boolean;
}

export const envSettings: readonly EnvSetting[] = [
  { env: 'DLQDESK_KAFKA_BROKERS', path: ['kafka', 'brokers'], kind: 'list' },
  { env: 'DLQDESK_KAFKA_CLIENT_ID', path: ['kafka', 'clientId'], kind: 'string' },
  { env: 'DLQDESK_KAFKA_CONNECTION_TIMEOUT_MS', path: ['kafka', 'connectionTimeoutMs'], kind: 'int' },
  { env: 'DLQDESK_KAFKA_REQUEST_TIMEOUT_MS', path: ['kafka', 'requestTimeoutMs'], kind: 'int' },
  { env: 'DLQDESK_KAFKA_TLS', path: ['kafka', 'tls', 'enabled'], kind: 'bool' },
  { env: 'DLQDESK_KAFKA_TLS_CA_FILE', path: ['kafka', 'tls', 'caFile'], kind: 'string' },
  { env: 'DLQDESK_KAFKA_TLS_CERT_FILE', path: ['kafka', 'tls', 'certFile'], kind: 'string' },
  { env: 'DLQDESK_KAFKA_TLS_KEY_FILE', path: ['kafka', 'tls', 'keyFile'], kind: 'string' },
  {
    env: 'DLQDESK_KAFKA_TLS_REJECT_UNAUTHORIZED',
    path: ['kafka', 'tls', 'rejectUnauthorized'],
    kind: 'bool',
  },
  { env: 'DLQDESK_KAFKA_SASL_MECHANISM', path: ['kafka', 'sasl', 'mechanism'], kind: 'string' },
  { env: 'DLQDESK_KAFKA_SASL_USERNAME', path: ['kafka', 'sasl', 'username'], kind: 'string' },
  { env: 'DLQDESK_KAFKA_SASL_PASSWORD', path: ['kafka', 'sasl', 'password'], kind: 'string', secret: true },
  { env: 'DLQDESK_DLQ_TOPICS', path: ['dlq', 'topics'], kind: 'list' },
  { env: 'DLQDESK_DLQ_PATTERNS', path: ['dlq', 'patterns'], kind: 'list' },
  { env: 'DLQDESK_DLQ_DEFAULT_PATTERN', path: ['dlq', 'defaultPattern'], kind: 'bool' },
  { env: 'DLQDESK_DLQ_SYNC_INTERVAL_SECONDS', path: ['dlq', 'syncIntervalSeconds'], kind: 'int' },
  { env: 'DLQDESK_SESSION_SECRET', path: ['auth', 'sessionSecret'], kind: 'string', secret: true },
  { env: 'DLQDESK_SESSION_MAX_AGE_SECONDS', path: ['auth', 'sessionMaxAgeSeconds'], kind: 'int' },
  { env: 'DLQDESK_SESSION_IDLE_SECONDS', path: ['auth', 'sessionIdleSeconds'], kind: 'int' },
  { env: 'DLQDESK_USERS', path: ['auth', 'users'], kind: 'users' },
  { env: 'DLQDESK_API_TOKENS', path: ['auth', 'apiTokens'], kind: 'tokens', secret: true },
  { env: 'DLQDESK_AUTH_PROXY', path: ['auth', 'proxy', 'enabled'], kind: 'bool' },
  { env: 'DLQDESK_AUTH_PROXY_TRUSTED_ADDRESSES', path: ['auth', 'proxy', 'trustedAddresses'], kind: 'list' },
  { env: 'DLQDESK_AUTH_PROXY_USER_HEADER', path: ['auth', 'proxy', 'userHeader'], kind: 'string' },
  { env: 'DLQDESK_AUTH_PROXY_GROUPS_HEADER', path: ['auth', 'proxy', 'groupsHeader'], kind: 'string' },
  { env: 'DLQDESK_AUTH_PROXY_VIEWER_GROUPS', path: ['auth', 'proxy', 'viewerGroups'], kind: 'list' },
  { env: 'DLQDESK_AUTH_PROXY_OPERATOR_GROUPS', path: ['auth', 'proxy', 'operatorGroups'], kind: 'list' },
  { env: 'DLQDESK_AUTH_PROXY_ADMIN_GROUPS', path: ['auth', 'proxy', 'adminGroups'], kind: 'list' },
  { env: 'DLQDESK_MASK_JSON_PATHS', path: ['masking', 'jsonPaths'], kind: 'list' },
  { env: 'DLQDESK_MASK_HEADERS', path: ['masking', 'headers'], kind: 'list' },
  { env: 'DLQDESK_MASK_PATTERNS', path: ['masking', 'patterns'], kind: 'list' },
  { env: 'DLQDESK_PUBLIC_URL', path: ['server', 'publicUrl'], kind: 'string' },
  { env: 'DLQDESK_DATA_DIR', path: ['dataDir'], kind: 'string' },
  { env: 'DLQDESK_REPLAY_ALLOWED_TARGETS', path: ['replay', 'allowedTargets'], kind: 'list' },
  { env: 'DLQDESK_REPLAY_DEFAULT_RATE', path: ['replay', 'defaultRatePerSecond'], kind: 'int' },
  { env: 'DLQDESK_REPLAY_MAX_RATE', path: ['replay', 'maxRatePerSecond'], kind: 'int' },
  { env: 'DLQDESK_REPLAY_MAX_REPLAYS', path: ['replay', 'maxReplays'], kind: 'int' },
  { env: 'DLQDESK_REPLAY_DELIVERY_TIMEOUT_MS', path: ['replay', 'deliveryTimeoutMs'], kind: 'int' },
  { env: 'DLQDESK_REPLAY_CONCURRENCY', path: ['replay', 'concurrency'], kind: 'int' },
  {
    env: 'DLQDESK_ALERTS_INTERVAL_SECONDS',
    path: ['alerts', 'intervalSeconds'],
    kind: 'int',
  },
  { env: 'DLQDESK_ALERTS_COOLDOWN_SECONDS', path: ['alerts', 'cooldownSeconds'], kind: 'int' },
  { env: 'DLQDESK_ALERTS_RULES', path: ['alerts', 'rules'], kind: 'json' },
  { env: 'DLQDESK_ALERTS_DEFAULT_RULE', path: ['alerts', 'defaultRule'], kind: 'json' },
  { env: 'DLQDESK_ALERTS_WEBHOOKS', path: ['alerts', 'webhooks'], kind: 'json', secret: true },
];

export class EnvValueError extends Error {
  constructor(
    readonly env: string,
    expected: string,
  ) {
    super(`${env}: expected ${expected}`);
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Turns one variable's text into the value its setting expects; the schema then checks the value itself. */
export function parseEnvValue(setting: EnvSetting, raw: string): unknown {
  switch (setting.kind) {
    case 'string':
      return raw.trim();
    case 'list':
      return splitList(raw);
    case 'int':
      if (!/^\d+$/.test(raw.trim())) throw new EnvValueError(setting.env, 'a whole number');
      return Number(raw.trim());
    case 'bool': {
      const v = raw.trim().toLowerCase();
      if (v === 'true' || v === '1') return true;
      if (v === 'false' || v === '0') return false;
      throw new EnvValueError(setting.env, 'true or false');
    }
    case 'users':
      return splitList(raw).map((entry) => {
        const [username, role, passwordHash, ...rest] = entry.split(':');
        if (!username || !role || !passwordHash || rest.length > 0) {
          throw new EnvValueError(setting.env, 'comma-separated username:role:scrypt-hash entries');
        }
        return { username, role, passwordHash };
      });
    case 'json':
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        throw new EnvValueError(setting.env, 'JSON');
      }
    case 'tokens':
      return splitList(raw).map((entry) => {
        const first = entry.indexOf(':');
        const second = entry.indexOf(':', first + 1);
        if (first <= 0 || second <= first + 1 || second === entry.length - 1) {
          throw new EnvValueError(setting.env, 'comma-separated name:role:token entries');
        }
        return {
          name: entry.slice(0, first),
          role: entry.slice(first + 1, second),
          token: entry.slice(second + 1),
        };
      });
  }
}
