import 'server-only';
import type { Config } from '../config/schema';
import type { DlqHeader, DlqRecord, Payload } from '../dlq/types';
import type { RecordRow } from '../store/types';
import { parseJsonPath, replaceAtPath, type PathStep } from './json-path';
import { linearRegex } from './linear-regex';

// Masking happens on the server, on the way out of the API: what a rule covers never reaches the browser of
// someone who may not see it. Where a rule cannot be applied with certainty (a JSON value cut at 1 MiB, a
// binary value patterns cannot read, a document nested beyond the walk's depth) the whole value is withheld:
// masking fails closed.

export const MASK = '••••••';

const MAX_DEPTH = 200;

export interface Masker {
  /** Whether any rule is configured. */
  active: boolean;
  record(record: DlqRecord): { record: DlqRecord; masked: string[] };
  row(row: RecordRow): RecordRow;
  text(text: string): string;
}

interface Rules {
  paths: PathStep[][];
  headers: Set<string>;
  patterns: RegExp[];
}

class TooDeepError extends Error {}

function maskText(rules: Rules, text: string): string {
  let out = text;
  for (const pattern of rules.patterns) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, MASK);
  }
  return out;
}

function maskLeaves(rules: Rules, node: unknown, depth: number): { node: unknown; changed: boolean } {
  if (depth > MAX_DEPTH) throw new TooDeepError();
  if (typeof node === 'string' || typeof node === 'number') {
    const text = String(node);
    const masked = maskText(rules, text);
    return masked === text ? { node, changed: false } : { node: masked, changed: true };
  }
  if (typeof node !== 'object' || node === null) return { node, changed: false };
  let changed = false;
  const container = node as Record<string, unknown>;
  for (const key of Object.keys(container)) {
    const result = maskLeaves(rules, container[key], depth + 1);
    if (result.changed) {
      container[key] = result.node;
      changed = true;
    }
  }
  return { node, changed };
}

const looksLikeJson = (text: string) => /^\s*[[{]/.test(text);

function withheld(payload: Payload): Payload {
  return { ...payload, kind: 'text', text: MASK, base64: null };
}

/** The payload as a viewer may see it, and whether anything was masked. */
function maskPayload(rules: Rules, payload: Payload): { payload: Payload; changed: boolean } {
  const contentRules = rules.paths.length > 0 || rules.patterns.length > 0;
  if (!contentRules || payload.kind === 'null' || payload.kind === 'empty')
    return { payload, changed: false };
  if (payload.text === null) return { payload: withheld(payload), changed: true };
  const text = payload.text;
  if (rules.paths.length > 0 && looksLikeJson(text)) {
    let doc: unknown;
    try {
      doc = payload.truncated ? undefined : JSON.parse(text);
    } catch {
      doc = undefined;
    }
    if (typeof doc !== 'object' || doc === null) {
      // JSON that cannot be parsed (cut at the size limit, or malformed): its fields cannot be found.
      return { payload: withheld(payload), changed: true };
    }
    try {
      let changed = false;
      for (const steps of rules.paths) changed = replaceAtPath(doc, steps, MASK, MAX_DEPTH) > 0 || changed;
      changed = maskLeaves(rules, doc, 0).changed || changed;
      return changed
        ? { payload: { ...payload, text: JSON.stringify(doc, null, 2) }, changed: true }
        : { payload, changed: false };
    } catch {
      return { payload: withheld(payload), changed: true };
    }
  }
  const masked = maskText(rules, text);
  return masked === text
    ? { payload, changed: false }
    : { payload: { ...payload, text: masked }, changed: true };
}

function maskHeader(rules: Rules, header: DlqHeader): { header: DlqHeader; changed: boolean } {
  if (header.text === null && header.base64 === null) return { header, changed: false };
  if (rules.headers.has(header.key.toLowerCase())) {
    return {
      header: {
        ...header,
        text: MASK,
        base64: null,
        ...(header.decoded !== undefined ? { decoded: null } : {}),
      },
      changed: true,
    };
  }
  if (header.text !== null) {
    const text = maskText(rules, header.text);
    if (text === header.text) return { header, changed: false };
    return {
      header: { ...header, text, ...(header.decoded !== undefined ? { decoded: null } : {}) },
      changed: true,
    };
  }
  // Binary values of the DLQ conventions' own headers are numbers (offsets, partitions); others may hold
  // anything the patterns cannot read.
  if (header.convention === undefined && rules.patterns.length > 0) {
    return { header: { ...header, text: MASK, base64: null }, changed: true };
  }
  return { header, changed: false };
}

function compile(masking: Config['masking']): Rules {
  return {
    paths: masking.jsonPaths.map((p) => parseJsonPath(p)).filter((s): s is PathStep[] => s !== null),
    headers: new Set(masking.headers.map((h) => h.toLowerCase())),
    patterns: masking.patterns.map((p) => linearRegex(p)),
  };
}

function buildMasker(rules: Rules): Masker {
  const active = rules.paths.length > 0 || rules.headers.size > 0 || rules.patterns.length > 0;
  const text = (t: string) => maskText(rules, t);
  const nullableText = (t: string | null) => (t === null ? null : text(t));
  return {
    active,
    text,
    record(record) {
      if (!active) return { record, masked: [] };
      const masked: string[] = [];
      const payload = (name: string, p: Payload) => {
        const result = maskPayload(rules, p);
        if (result.changed) masked.push(name);
        return result.payload;
      };
      const texts = <T extends object>(prefix: string, obj: T, fields: (keyof T & string)[]): T => {
        const out = { ...obj };
        for (const field of fields) {
          const value = obj[field];
          if (typeof value !== 'string') continue;
          const m = text(value);
          if (m !== value) {
            out[field] = m as T[keyof T & string];
            masked.push(`${prefix}.${field}`);
          }
        }
        return out;
      };
      const headers = record.headers.map((h) => {
        const result = maskHeader(rules, h);
        if (result.changed) masked.push(`headers.${h.key}`);
        return result.header;
      });
      const error = texts('error', record.error, ['message', 'cause', 'stackTrace']);
      if (record.error.keyError)
        error.keyError = texts('error.keyError', record.error.keyError, ['message', 'stackTrace']);
      const out: DlqRecord = {
        ...record,
        key: payload('key', record.key),
        value: payload('value', record.value),
        origin: {
          ...record.origin,
          key: record.origin.key && payload('origin.key', record.origin.key),
          value: record.origin.value && payload('origin.value', record.origin.value),
        },
        error,
        errorGroup: { ...record.errorGroup, title: text(record.errorGroup.title) },
        headers,
        warnings: record.warnings.map((w) => ({ ...w, message: text(w.message) })),
      };
      return { record: out, masked: [...new Set(masked)] };
    },
    row(row) {
      if (!active) return row;
      let keyPreview = nullableText(row.keyPreview);
      const contentRules = rules.paths.length > 0 || rules.patterns.length > 0;
      const keyUnreadable = row.keyKind === 'binary' || row.keyKind === 'schema-registry';
      if (
        keyPreview !== null &&
        contentRules &&
        (keyUnreadable || (rules.paths.length > 0 && looksLikeJson(keyPreview)))
      )
        keyPreview = MASK;
      return { ...row, keyPreview, messagePreview: nullableText(row.messagePreview) };
    },
  };
}

const cache = new WeakMap<Config['masking'], Masker>();

/** The masker of the configured rules (compiled once per configuration). */
export function maskerFor(config: Config): Masker {
  let masker = cache.get(config.masking);
  if (!masker) {
    masker = buildMasker(compile(config.masking));
    cache.set(config.masking, masker);
  }
  return masker;
}

/** A masker for rules given directly (tests). */
export function maskerOf(masking: Config['masking']): Masker {
  return buildMasker(compile(masking));
}
