import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, KafkaNotConfiguredError, loadConfig, secretsOf } from './load';

const HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const SECRET = 'a-session-secret-that-is-long-enough-1234';
const base = { DLQDESK_KAFKA_BROKERS: 'b1:9092,b2:9093', DLQDESK_SESSION_SECRET: SECRET };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-config-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig({ DLQDESK_BASE_DIR: dir, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig from the environment', () => {
  it('parses every kind of variable and fills defaults', () => {
    const cfg = loadConfig({
      ...base,
      DLQDESK_BASE_DIR: dir,
      DLQDESK_KAFKA_CLIENT_ID: 'desk-1',
      DLQDESK_KAFKA_REQUEST_TIMEOUT_MS: '15000',
      DLQDESK_KAFKA_TLS: 'true',
      DLQDESK_KAFKA_TLS_REJECT_UNAUTHORIZED: 'false',
      DLQDESK_KAFKA_SASL_MECHANISM: 'scram-sha-512',
      DLQDESK_KAFKA_SASL_USERNAME: 'desk',
      DLQDESK_KAFKA_SASL_PASSWORD: 'sasl-pass',
      DLQDESK_DLQ_TOPICS: 'orders.DLT, payments-dlt',
      DLQDESK_DLQ_PATTERNS: '^team-a\\..*\\.dlq$',
      DLQDESK_DLQ_DEFAULT_PATTERN: '0',
      DLQDESK_USERS: `alice:admin:${HASH},bob:viewer:${HASH}`,
      DLQDESK_API_TOKENS: 'prometheus:viewer:tok_0123456789abcdefghijklmn',
      DLQDESK_PUBLIC_URL: 'https://dlq.example.com',
      DLQDESK_DATA_DIR: 'state',
    });
    expect(cfg.kafka).toMatchObject({
      brokers: ['b1:9092', 'b2:9093'],
      clientId: 'desk-1',
      requestTimeoutMs: 15000,
      connectionTimeoutMs: 10000,
      tls: { enabled: true, rejectUnauthorized: false },
      sasl: { mechanism: 'scram-sha-512', username: 'desk', password: 'sasl-pass' },
    });
    expect(cfg.dlq).toEqual({
      topics: ['orders.DLT', 'payments-dlt'],
      patterns: ['^team-a\\..*\\.dlq$'],
      defaultPattern: false,
      syncIntervalSeconds: 30,
    });
    expect(cfg.auth.users.map((u) => `${u.username}:${u.role}`)).toEqual(['alice:admin', 'bob:viewer']);
    expect(cfg.auth.apiTokens).toEqual([
      { name: 'prometheus', role: 'viewer', token: 'tok_0123456789abcdefghijklmn' },
    ]);
    expect(cfg.auth.sessionMaxAgeSeconds).toBe(12 * 3600);
    expect(cfg.server.publicUrl).toBe('https://dlq.example.com');
    expect(cfg.dataDir).toBe(path.join(dir, 'state'));
    expect(secretsOf(cfg).sort()).toEqual([SECRET, 'sasl-pass', 'tok_0123456789abcdefghijklmn'].sort());
  });

  it('without any Kafka brokers explains how to configure them or run the demo', () => {
    expect(() => loadConfig({ DLQDESK_SESSION_SECRET: SECRET })).toThrow(KafkaNotConfiguredError);
    expect(errorOf({ DLQDESK_SESSION_SECRET: SECRET })).toMatch(/DLQDESK_KAFKA_BROKERS[\s\S]*npm run demo/);
  });

  it.each([
    [{ DLQDESK_KAFKA_BROKERS: 'no-port' }, /kafka\.brokers\.0 \(DLQDESK_KAFKA_BROKERS\): host:port/],
    [
      { DLQDESK_SESSION_SECRET: 'short' },
      /auth\.sessionSecret \(DLQDESK_SESSION_SECRET\): at least 32 characters/,
    ],
    [{ DLQDESK_KAFKA_TLS: 'yes please' }, /DLQDESK_KAFKA_TLS: expected true or false/],
    [
      { DLQDESK_KAFKA_REQUEST_TIMEOUT_MS: '10s' },
      /DLQDESK_KAFKA_REQUEST_TIMEOUT_MS: expected a whole number/,
    ],
    [{ DLQDESK_USERS: 'alice-admin' }, /DLQDESK_USERS: expected comma-separated username:role:scrypt-hash/],
    [{ DLQDESK_USERS: `alice:root:${HASH}` }, /auth\.users\.0\.role \(DLQDESK_USERS\)/],
    [
      { DLQDESK_USERS: 'alice:admin:plaintext' },
      /auth\.users\.0\.passwordHash \(DLQDESK_USERS\): an scrypt hash/,
    ],
    [{ DLQDESK_USERS: `a:admin:${HASH},a:viewer:${HASH}` }, /duplicate user "a"/],
    [
      { DLQDESK_API_TOKENS: 'ci:admin:short' },
      /auth\.apiTokens\.0\.token \(DLQDESK_API_TOKENS\): at least 24 characters/,
    ],
    [
      { DLQDESK_DLQ_PATTERNS: '(unclosed' },
      /dlq\.patterns\.0 \(DLQDESK_DLQ_PATTERNS\): a valid regular expression/,
    ],
    [{ DLQDESK_DLQ_TOPICS: 'bad topic!' }, /dlq\.topics\.0 \(DLQDESK_DLQ_TOPICS\): a Kafka topic name/],
    [
      {
        DLQDESK_KAFKA_SASL_MECHANISM: 'gssapi',
        DLQDESK_KAFKA_SASL_USERNAME: 'u',
        DLQDESK_KAFKA_SASL_PASSWORD: 'p',
      },
      /kafka\.sasl\.mechanism/,
    ],
    [
      { DLQDESK_KAFKA_SASL_MECHANISM: 'plain' },
      /kafka\.sasl\.username \(DLQDESK_KAFKA_SASL_USERNAME\): is required|kafka\.sasl\.username.*required/,
    ],
    [
      { DLQDESK_KAFKA_TLS_CERT_FILE: 'client.pem' },
      /kafka\.tls\.keyFile \(DLQDESK_KAFKA_TLS_KEY_FILE\): certFile and keyFile go together/,
    ],
    [
      { DLQDESK_KAFKA_TLS_CA_FILE: 'missing-ca.pem' },
      /kafka\.tls\.caFile: file .*missing-ca\.pem does not exist/,
    ],
    [{ DLQDESK_PUBLIC_URL: 'not a url' }, /server\.publicUrl \(DLQDESK_PUBLIC_URL\)/],
  ])('rejects %o with one line naming the setting', (env, expected) => {
    const message = errorOf({ ...base, ...env });
    expect(message).toMatch(expected);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('never echoes a secret value in its error', () => {
    const message = errorOf({ ...base, DLQDESK_SESSION_SECRET: 'hunter2-secret' });
    expect(message).not.toContain('hunter2');
  });
});

describe('loadConfig from a file', () => {
  it('reads YAML, resolves paths against the file, and lets the environment win', () => {
    const sub = path.join(dir, 'etc');
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, 'ca.pem'), 'not really a cert');
    const file = path.join(sub, 'dlqdesk.yaml');
    fs.writeFileSync(
      file,
      [
        'kafka:',
        '  brokers: ["k1:9092"]',
        '  tls: { enabled: true, caFile: ca.pem }',
        'dlq:',
        '  patterns: ["^x{1,3}\\\\.dlq$"]',
        'auth:',
        `  sessionSecret: ${SECRET}`,
        '  users:',
        `    - { username: carol, role: operator, passwordHash: "${HASH}" }`,
        'dataDir: ./var',
      ].join('\n'),
    );
    const cfg = loadConfig({ DLQDESK_CONFIG: file, DLQDESK_KAFKA_CLIENT_ID: 'from-env' });
    expect(cfg.kafka.brokers).toEqual(['k1:9092']);
    expect(cfg.kafka.clientId).toBe('from-env');
    expect(cfg.kafka.tls.caFile).toBe(path.join(sub, 'ca.pem'));
    expect(cfg.dlq.patterns).toEqual(['^x{1,3}\\.dlq$']);
    expect(cfg.auth.users[0]).toMatchObject({ username: 'carol', role: 'operator' });
    expect(cfg.dataDir).toBe(path.join(sub, 'var'));
  });

  it('reads JSON', () => {
    const file = writeFile(
      'c.json',
      JSON.stringify({ kafka: { brokers: ['k:1'] }, auth: { sessionSecret: SECRET } }),
    );
    expect(loadConfig({ DLQDESK_CONFIG: file }).kafka.brokers).toEqual(['k:1']);
  });

  it('names unknown settings, bad syntax and missing files', () => {
    const unknown = writeFile(
      'u.json',
      JSON.stringify({ kafka: { brokers: ['k:1'], acks: 1 }, auth: { sessionSecret: SECRET } }),
    );
    expect(errorOf({ DLQDESK_CONFIG: unknown })).toMatch(/kafka: unknown setting "acks"/);
    const broken = writeFile('b.json', '{ "kafka": ');
    expect(errorOf({ DLQDESK_CONFIG: broken })).toMatch(/DLQDESK_CONFIG: .*b\.json is not valid JSON/);
    expect(errorOf({ DLQDESK_CONFIG: 'nope.yaml' })).toMatch(
      /DLQDESK_CONFIG: cannot read .*nope\.yaml \(ENOENT\)/,
    );
    const list = writeFile('l.yaml', '- 1\n- 2\n');
    expect(errorOf({ DLQDESK_CONFIG: list })).toMatch(/must hold an object of settings/);
  });
});
