import 'server-only';

// One logger for the server. Lines are plain text (level, message, key=value fields) and pass through redaction:
// every configured secret is replaced wherever it appears, so a secret echoed in a library's error never reaches
// the log.

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;

const globalForLog = globalThis as typeof globalThis & { __dlqdeskSecrets?: Set<string> };
const secrets = (globalForLog.__dlqdeskSecrets ??= new Set<string>());

export function registerSecrets(values: Iterable<string>): void {
  for (const v of values) if (v.length >= 4) secrets.add(v);
}

export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

function format(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /^[\w.:/@-]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

function write(level: Level, message: string, fields: Fields = {}): void {
  if (level === 'debug' && !process.env.DLQDESK_DEBUG) return;
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${format(v)}`);
  const line = redact(
    `${new Date().toISOString()} ${level.toUpperCase()} ${message}${parts.length ? ' ' + parts.join(' ') : ''}`,
  );
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export const log = {
  debug: (message: string, fields?: Fields) => write('debug', message, fields),
  info: (message: string, fields?: Fields) => write('info', message, fields),
  warn: (message: string, fields?: Fields) => write('warn', message, fields),
  error: (message: string, fields?: Fields) => write('error', message, fields),
};
