import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { envSettings, EnvValueError, parseEnvValue } from './env';
import { webhookUrlSecrets } from './webhook-url';
import { configSchema, type Config } from './schema';

/** A configuration problem, said in one line that names the setting and what is expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** No Kafka cluster at all: not a typo but a first start, so the message explains how to begin. */
export class KafkaNotConfiguredError extends ConfigError {
  constructor() {
    super(
      [
        'DLQ Desk has no Kafka cluster configured.',
        '  Point it at your brokers:  DLQDESK_KAFKA_BROKERS=broker1:9092,broker2:9092 (or kafka.brokers in the',
        '  file named by DLQDESK_CONFIG); see "Configuration" in README.md for users, secrets, TLS and SASL.',
        '  Or try it first on an embedded cluster with demo data:  npm run demo',
      ].join('\n'),
    );
  }
}

type Env = Record<string, string | undefined>;

function setPath(target: Record<string, unknown>, keys: readonly string[], value: unknown): void {
  let node = target;
  keys.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[keys[keys.length - 1]!] = value;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(
      `DLQDESK_CONFIG: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let parsed: unknown;
  try {
    parsed = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(
      `DLQDESK_CONFIG: ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`DLQDESK_CONFIG: ${file} must hold an object of settings`);
  }
  return parsed as Record<string, unknown>;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const dotted = issue.path.map(String).join('.');
  const env = envSettings.find(
    (s) => s.path.join('.') === issue.path.slice(0, s.path.length).map(String).join('.'),
  );
  const name = env ? `${dotted} (${env.env})` : dotted || 'configuration';
  let message = issue.message;
  if (issue.code === 'unrecognized_keys')
    message = `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) message = 'is required';
  return `Invalid configuration: ${name}: ${message}`;
}

/** The directory relative paths are resolved against (the standalone server changes its working directory). */
function baseDir(env: Env): string {
  return env.DLQDESK_BASE_DIR ?? process.cwd();
}

/**
 * Reads the optional config file (DLQDESK_CONFIG, JSON or YAML) and the environment (which wins), and validates
 * the result. Throws ConfigError with one line naming the first bad setting.
 */
export function loadConfig(env: Env = process.env): Config {
  const raw: Record<string, unknown> = {};
  let fileDir = baseDir(env);
  if (env.DLQDESK_CONFIG) {
    const file = path.resolve(baseDir(env), env.DLQDESK_CONFIG);
    fileDir = path.dirname(file);
    Object.assign(raw, readConfigFile(file));
  }
  for (const setting of envSettings) {
    const value = env[setting.env];
    if (value === undefined || value === '') continue;
    try {
      setPath(raw, setting.path, parseEnvValue(setting, value));
    } catch (err) {
      if (err instanceof EnvValueError) throw new ConfigError(`Invalid configuration: ${err.message}`);
      throw err;
    }
  }

  const kafka = raw.kafka as Record<string, unknown> | undefined;
  if (kafka === undefined || kafka.brokers === undefined) throw new KafkaNotConfiguredError();

  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssue(result.error.issues[0]!));
  const config = result.data;

  // Paths in the file are relative to the file; paths from the environment are relative to the start directory.
  const resolveFrom = (dir: string, p: string | undefined) =>
    p === undefined ? undefined : path.resolve(dir, p);
  const dirFor = (envName: string) => (env[envName] ? baseDir(env) : fileDir);
  const { tls } = config.kafka;
  tls.caFile = resolveFrom(dirFor('DLQDESK_KAFKA_TLS_CA_FILE'), tls.caFile);
  tls.certFile = resolveFrom(dirFor('DLQDESK_KAFKA_TLS_CERT_FILE'), tls.certFile);
  tls.keyFile = resolveFrom(dirFor('DLQDESK_KAFKA_TLS_KEY_FILE'), tls.keyFile);
  config.dataDir = path.resolve(dirFor('DLQDESK_DATA_DIR'), config.dataDir);
  for (const [setting, file] of [
    ['kafka.tls.caFile', tls.caFile],
    ['kafka.tls.certFile', tls.certFile],
    ['kafka.tls.keyFile', tls.keyFile],
  ] as const) {
    if (file !== undefined && !fs.existsSync(file)) {
      throw new ConfigError(`Invalid configuration: ${setting}: file ${file} does not exist`);
    }
  }
  return config;
}

/** Every secret value in the configuration, so logs can redact them wherever they appear. */
export function secretsOf(config: Config): string[] {
  return [
    config.auth.sessionSecret,
    config.kafka.sasl?.password,
    ...config.auth.apiTokens.map((t) => t.token),
    ...config.alerts.webhooks.flatMap((w) => webhookUrlSecrets(w.url)),
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
