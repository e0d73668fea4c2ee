import 'server-only';
import { describePayload } from '../payload';
import type { DlqError, DlqOrigin, DlqWarning, Payload } from '../types';
import type { DlqAdapter } from './adapter';

/*
 * Hand-rolled envelopes have no standard: the value is a JSON object wrapping the failed record.
 * Field names are matched after lower-casing and dropping `_` and `-`, so `original_topic`,
 * `originalTopic` and `Original-Topic` are one name.
 */
const ORIGIN = {
  topic: ['originaltopic', 'sourcetopic', 'inputtopic'],
  partition: ['originalpartition', 'sourcepartition', 'inputpartition'],
  offset: ['originaloffset', 'sourceoffset', 'inputoffset'],
  timestamp: ['originaltimestamp', 'sourcetimestamp', 'inputtimestamp'],
  key: ['originalkey', 'sourcekey', 'inputkey'],
  value: [
    'originalvalue',
    'originalmessage',
    'originalpayload',
    'sourcevalue',
    'sourcemessage',
    'sourcepayload',
    'inputvalue',
    'inputmessage',
    'inputpayload',
  ],
  valueBase64: ['originalvaluebase64', 'sourcevaluebase64', 'inputvaluebase64'],
  valueEncoding: [
    'originalvalueencoding',
    'sourcevalueencoding',
    'inputvalueencoding',
    'valueencoding',
    'encoding',
  ],
  consumerGroup: ['originalconsumergroup', 'sourceconsumergroup', 'consumergroup', 'groupid'],
  attempts: ['attempts', 'originalattempts', 'sourceattempts', 'retries', 'retrycount', 'attempt'],
};
const ERROR = {
  message: ['error', 'errormessage', 'reason', 'description', 'exceptionmessage', 'failurereason', 'message'],
  class: ['errorclass', 'exceptionclass', 'errortype', 'exceptiontype', 'exception', 'errorcode', 'code'],
  stackTrace: ['stacktrace', 'errorstacktrace', 'exceptionstacktrace', 'stack'],
  stage: ['stage', 'step'],
};
const NESTED_ERROR = {
  message: ['message', 'errormessage', 'reason', 'description', 'detail'],
  class: [
    'errorclass',
    'exceptionclass',
    'class',
    'classname',
    'type',
    'name',
    'errortype',
    'code',
    'errorcode',
  ],
  stackTrace: ['stacktrace', 'stack', 'trace'],
};
const ERROR_SIGNS = new Set([...ERROR.message, ...ERROR.class, ...ERROR.stackTrace, 'cause']);
const ORIGIN_SIGNS = new Set([...ORIGIN.topic, ...ORIGIN.value, ...ORIGIN.valueBase64]);
const ALL_ORIGIN_FIELDS = new Set(Object.values(ORIGIN).flat());

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Normalised name to the field as written. */
type Fields = Map<string, { name: string; value: unknown }>;
type Found = { name: string; value: unknown } | null;

export const jsonEnvelope: DlqAdapter = {
  format: 'json-envelope',
  headerFields: [],
  detect(record) {
    const fields = valueFields(record.valueJson);
    if (!fields) return false;
    const keys = [...fields.keys()];
    if (!keys.some((k) => ORIGIN_SIGNS.has(k))) return false;
    return keys.some((k) => ERROR_SIGNS.has(k)) || keys.filter((k) => ALL_ORIGIN_FIELDS.has(k)).length >= 2;
  },
  decode(record) {
    const fields: Fields = valueFields(record.valueJson) ?? new Map();
    const warnings: DlqWarning[] = [];
    return { origin: origin(fields, warnings), error: error(fields), warnings };
  },
};

// detect() and decode() read the same value: normalise its field names once.
const fieldsOfValue = new WeakMap<object, Fields>();

function valueFields(json: unknown): Fields | null {
  if (!isObject(json)) return null;
  let fields = fieldsOfValue.get(json);
  if (!fields) {
    fields = envelopeFields(json) ?? new Map();
    fieldsOfValue.set(json, fields);
  }
  return fields;
}

function envelopeFields(json: unknown): Fields | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const fields: Fields = new Map();
  for (const [name, value] of Object.entries(json)) {
    const normalised = normaliseName(name);
    if (!fields.has(normalised)) fields.set(normalised, { name, value });
  }
  return fields;
}

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[_-]/g, '');
}

function pick(fields: Fields, names: readonly string[]): Found {
  for (const name of names) {
    const found = fields.get(name);
    if (found) return found;
  }
  return null;
}

function origin(fields: Fields, warnings: DlqWarning[]): Partial<DlqOrigin> {
  const invalid = (name: string, expected: string) =>
    warnings.push({
      code: 'envelope-field-invalid',
      message: `envelope field ${name}: expected ${expected}`,
    });
  const text = (names: readonly string[]): string | null => {
    const found = pick(fields, names);
    if (!found || found.value === null) return null;
    if (typeof found.value === 'string') return found.value;
    invalid(found.name, 'a string');
    return null;
  };
  const integer = (names: readonly string[], what: string): string | null => {
    const found = pick(fields, names);
    if (!found || found.value === null) return null;
    const value = integerText(found.value);
    if (value === null) invalid(found.name, what);
    return value;
  };
  const topic = text(ORIGIN.topic);
  const partition = integer(ORIGIN.partition, 'a partition number');
  const attempts = integer(ORIGIN.attempts, 'a count');
  return {
    topic,
    partition: partition === null ? null : Number(partition),
    offset: integer(ORIGIN.offset, 'an offset'),
    timestamp: timestamp(pick(fields, ORIGIN.timestamp), invalid),
    key: embeddedPayload(pick(fields, ORIGIN.key), false, warnings),
    value: originalValue(fields, warnings),
    consumerGroup: text(ORIGIN.consumerGroup),
    attempts: attempts === null ? null : Number(attempts),
  };
}

function integerText(value: unknown): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : null;
  if (typeof value !== 'string' || !/^-?\d{1,19}$/.test(value.trim())) return null;
  const n = BigInt(value.trim());
  return n >= INT64_MIN && n <= INT64_MAX ? n.toString() : null;
}

function timestamp(found: Found, invalid: (name: string, expected: string) => void): number | null {
  if (!found || found.value === null) return null;
  const { value } = found;
  const millis =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? /^\d+$/.test(value)
          ? Number(value)
          : Date.parse(value)
        : NaN;
  if (Number.isSafeInteger(millis) && millis >= 0) return millis;
  invalid(found.name, 'epoch milliseconds or an ISO-8601 date');
  return null;
}

function originalValue(fields: Fields, warnings: DlqWarning[]): Payload | null {
  const explicit = pick(fields, ORIGIN.valueBase64);
  if (explicit) return embeddedPayload(explicit, true, warnings);
  const encoding = pick(fields, ORIGIN.valueEncoding)?.value;
  const isBase64 = typeof encoding === 'string' && encoding.toLowerCase() === 'base64';
  return embeddedPayload(pick(fields, ORIGIN.value), isBase64, warnings);
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// Shorter strings of letters and digits are too often plain words or ids to be read as base64.
const MIN_UNHINTED_BASE64 = 24;

/** A key or value embedded in the envelope: a string (plain, or base64 when hinted or unmistakable),
 * nested JSON (re-serialised), or null. */
function embeddedPayload(found: Found, base64Hint: boolean, warnings: DlqWarning[]): Payload | null {
  if (!found) return null;
  const { value } = found;
  if (value === null) return describePayload(null).payload;
  if (typeof value === 'string') {
    const bytes = base64Bytes(value, base64Hint);
    if (base64Hint && bytes === null) {
      warnings.push({
        code: 'envelope-field-invalid',
        message: `envelope field ${found.name}: not valid base64`,
      });
    }
    return describePayload(bytes ?? Buffer.from(value, 'utf8')).payload;
  }
  try {
    return describePayload(Buffer.from(JSON.stringify(value), 'utf8')).payload;
  } catch {
    // JSON.stringify recurses: a deeply nested original value cannot be re-serialised.
    warnings.push({
      code: 'envelope-field-invalid',
      message: `envelope field ${found.name}: nested too deeply to show apart from the envelope`,
    });
    return null;
  }
}

function base64Bytes(value: string, hinted: boolean): Buffer | null {
  if (!STRICT_BASE64.test(value)) return null;
  if (!hinted && value.length < MIN_UNHINTED_BASE64) return null;
  return Buffer.from(value, 'base64');
}

function error(fields: Fields): Partial<DlqError> {
  // `error: {class, message, stack_trace, cause}` or the same under `exception`.
  const nested = ['error', 'exception'].map((name) => fields.get(name)?.value).find(isObject);
  const result = nested ? nestedError(nested) : {};
  const cause = fields.get('cause')?.value;
  const topCause = isObject(cause) ? nestedError(cause) : null;
  return {
    class: pickText(fields, ERROR.class) ?? result.class ?? null,
    message: pickText(fields, ERROR.message) ?? result.message ?? null,
    causeClass: topCause?.class ?? result.causeClass ?? null,
    cause: topCause?.message ?? (typeof cause === 'string' ? cause : null) ?? result.cause ?? null,
    stackTrace: pickText(fields, ERROR.stackTrace) ?? result.stackTrace ?? topCause?.stackTrace ?? null,
    stage: pickText(fields, ERROR.stage),
  };
}

function nestedError(object: Record<string, unknown>): Partial<DlqError> {
  const fields: Fields = envelopeFields(object) ?? new Map();
  const cause = fields.get('cause')?.value;
  const causeFields = isObject(cause) ? envelopeFields(cause) : null;
  return {
    class: pickText(fields, NESTED_ERROR.class),
    message: pickText(fields, NESTED_ERROR.message),
    stackTrace: pickText(fields, NESTED_ERROR.stackTrace),
    causeClass: causeFields ? pickText(causeFields, NESTED_ERROR.class) : null,
    cause: causeFields
      ? pickText(causeFields, NESTED_ERROR.message)
      : typeof cause === 'string'
        ? cause
        : null,
  };
}

/** The first of the names whose value is text, a number or a boolean. */
function pickText(fields: Fields, names: readonly string[]): string | null {
  for (const name of names) {
    const value = fields.get(name)?.value;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
