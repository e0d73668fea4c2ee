import 'server-only';
import { createHash } from 'node:crypto';
import type { DlqError, DlqFormat, ErrorGroup } from './types';

/*
 * Error groups: records whose errors differ only in variable parts (ids, numbers, quoted values,
 * timestamps, addresses) share a group. Only the first line of a message counts, capped, so a
 * message that dumps a payload after its first line does not split groups, and hostile messages
 * cost bounded work. Every pattern below is linear or has bounded repetition.
 */

const MAX_MESSAGE_CHARS = 1000;
const MAX_CLASS_CHARS = 300;
const MAX_TITLE_CHARS = 200;
// Failures come in few distinct groups, so their hashes and titles are worth keeping.
const MAX_CACHED_GROUPS = 10_000;
const groups = new Map<string, ErrorGroup>();

// The optional third element is a substring the text must contain for the rule to be worth running.
type Rule = [pattern: RegExp, replacement: string | ((...match: string[]) => string), needs?: string];

const OPEN = String.raw`(^|[\s(\[{=:,;])`;
const CLOSE = String.raw`(?=$|[\s)\]},.;:!?])`;
const RULES: readonly Rule[] = [
  // Quoted values, but not apostrophes inside words ("can't").
  [new RegExp(`${OPEN}'[^'\\n]{0,200}'${CLOSE}`, 'g'), "$1'<str>'", "'"],
  [new RegExp(`${OPEN}"(?:[^"\\\\\\n]|\\\\.){0,200}"${CLOSE}`, 'g'), '$1"<str>"', '"'],
  [
    /\b([a-z][a-z0-9+.-]{0,15}:\/\/[^\s?#'"<>]*)(\?[^\s#'"<>]*)?(#[^\s'"<>]*)?/gi,
    (_match, base = '', query) => (query ? `${base}?<query>` : base),
    '://',
  ],
  [/[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}/g, '<email>', '@'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>', '-'],
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w])/g,
    '<ts>',
    '-',
  ],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?\b/g, '<time>', ':'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>', '.'],
  [/(?<![\w:])(?=[0-9a-fA-F:]*\d)(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])/g, '<ip>', ':'],
  // A prefixed id (`pay_8tar7`, `order-1734`) is one shape whether its random part happens to hold letters or not.
  [/(?<=[A-Za-z][_-])(?=[A-Za-z0-9]*\d)[A-Za-z0-9]+/g, '<id>'],
  // Whatever is left with digits in it: an id when letters and digits mix, else a number. The
  // lookbehind starts matches only at the start of a run, which keeps the scan linear.
  [/(?<![A-Za-z0-9])(?:[A-Za-z]+\d|\d+[A-Za-z])[A-Za-z0-9]*/g, '<id>'],
  [/\d+/g, '<n>'],
  // Lists of ids of varying length are one shape.
  [/(<\w+>)(?:[\s,;|'"]*\1)+/g, '$1'],
  [/\s+/g, ' '],
];

/** The message with its variable parts replaced by placeholders such as <n>, <id>, <str>. */
export function normaliseMessage(message: string): string {
  const trimmed = message.trimStart();
  const lineEnd = trimmed.search(/[\r\n]/);
  let text = (lineEnd < 0 ? trimmed : trimmed.slice(0, lineEnd)).slice(0, MAX_MESSAGE_CHARS);
  for (const [pattern, replacement, needs] of RULES) {
    if (needs !== undefined && !text.includes(needs)) continue;
    text =
      typeof replacement === 'string'
        ? text.replace(pattern, replacement)
        : text.replace(pattern, replacement);
  }
  // Placeholders can be longer than what they replace.
  return text.trim().slice(0, MAX_MESSAGE_CHARS);
}

/** The group of an error class and message. A cause class, when given, keeps errors that differ
 * only in their cause apart. */
export function fingerprint(
  errorClass: string | null,
  message: string | null,
  causeClass?: string | null,
): ErrorGroup {
  const cls = clean(errorClass);
  const normalised = message === null ? '' : normaliseMessage(message);
  const cause = clean(causeClass ?? null);
  const key = ['error', cls ?? '', normalised, cause ?? ''].join('\u0000');
  let group = groups.get(key);
  if (!group) {
    const name = cls === null ? null : simpleName(cls);
    let title =
      normalised === '' ? `${name ?? 'Error'} (no message)` : name ? `${name}: ${normalised}` : normalised;
    if (cause !== null) title += ` (caused by ${simpleName(cause)})`;
    group = { id: hash(key), title: truncate(title) };
    if (groups.size >= MAX_CACHED_GROUPS) groups.clear();
    groups.set(key, group);
  }
  return { ...group };
}

// Frameworks wrap the listener's exception in these; the cause says what actually went wrong.
const WRAPPERS = new Set([
  'ListenerExecutionFailedException',
  'TimestampedException',
  'MessageHandlingException',
  'MessagingException',
  'CompletionException',
  'ExecutionException',
  'InvocationTargetException',
  'UndeclaredThrowableException',
]);

/** The group of a decoded record's error. */
export function fingerprintError(error: DlqError, format: DlqFormat): ErrorGroup {
  const cls = clean(error.class);
  const causeClass = clean(error.causeClass);
  if (cls !== null && causeClass !== null && WRAPPERS.has(simpleName(cls))) {
    return fingerprint(causeClass, error.cause);
  }
  if (cls !== null || clean(error.message) !== null) return fingerprint(cls, error.message, causeClass);
  const keyError = error.keyError;
  if (keyError && (clean(keyError.class) !== null || clean(keyError.message) !== null)) {
    const group = fingerprint(keyError.class, keyError.message);
    return { id: hash(['key', group.id].join('\u0000')), title: truncate(`Key: ${group.title}`) };
  }
  return { id: hash(['none', format].join('\u0000')), title: `No error information (${format})` };
}

function clean(value: string | null): string | null {
  const trimmed = value?.trim().slice(0, MAX_CLASS_CHARS);
  return trimmed ? trimmed : null;
}

function simpleName(cls: string): string {
  return cls.slice(cls.lastIndexOf('.') + 1) || cls;
}

function hash(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function truncate(title: string): string {
  return title.length <= MAX_TITLE_CHARS ? title : `${title.slice(0, MAX_TITLE_CHARS - 1)}…`;
}
