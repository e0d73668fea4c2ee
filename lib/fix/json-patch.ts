import { z } from 'zod';

// JSON Patch (RFC 6902) over JSON Pointers (RFC 6901). Used by the bulk fix preview, bulk fix saves and replay jobs,
// on the server and in the browser, so it has no dependency beyond zod for the wire schema. The input document is
// never mutated: the patch works on a copy, and values taken from operations are copied too, so a result never
// aliases the operations that produced it.

export const MAX_PATCH_OPERATIONS = 1000;

const pointer = z
  .string()
  .max(2000)
  .refine((p) => pointerProblem(p) === null, { message: 'a JSON Pointer such as /customer/id (RFC 6901)' });

const jsonValue = z.json();
export type JsonValue = z.infer<typeof jsonValue>;

const withValue = { path: pointer, value: jsonValue };

export const jsonPatchOperation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), ...withValue }),
  z.object({ op: z.literal('remove'), path: pointer }),
  z.object({ op: z.literal('replace'), ...withValue }),
  z.object({ op: z.literal('move'), from: pointer, path: pointer }),
  z.object({ op: z.literal('copy'), from: pointer, path: pointer }),
  z.object({ op: z.literal('test'), ...withValue }),
]);

export const jsonPatchOperations = z
  .array(jsonPatchOperation)
  .min(1, 'at least one operation')
  .max(MAX_PATCH_OPERATIONS, `at most ${MAX_PATCH_OPERATIONS} operations`);

export type JsonPatchOperation = z.infer<typeof jsonPatchOperation>;

export class JsonPatchError extends Error {
  /** `index` is the operation's position in the patch, or -1 when the document itself is the problem. */
  constructor(
    readonly index: number,
    readonly path: string,
    readonly reason: string,
  ) {
    super(index < 0 ? reason : `operation ${index} at "${path}": ${reason}`);
    this.name = 'JsonPatchError';
  }
}

type Container = Record<string, unknown> | unknown[];

function pointerProblem(p: string): string | null {
  if (p !== '' && !p.startsWith('/')) return 'a pointer starts with "/"';
  if (/~(?![01])/.test(p)) return '"~" must be followed by 0 or 1';
  return null;
}

/** Splits a JSON Pointer into unescaped reference tokens; "" is the whole document. */
export function parsePointer(p: string): string[] {
  const problem = pointerProblem(p);
  if (problem) throw new Error(`invalid JSON Pointer "${p}": ${problem}`);
  if (p === '') return [];
  // ~1 before ~0, so "~01" becomes "~1" and not "/".
  return p
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a JSON Pointer from reference tokens, escaping "~" and "/". */
export function formatPointer(tokens: readonly string[]): string {
  return tokens.map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function hasOwn(o: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

// defineProperty rather than assignment: a member named "__proto__" (legal JSON) must become data, not a prototype.
function setOwn(o: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) setOwn(out, key, clone(v[key]));
    return out;
  }
  return v;
}

/** Deep equality of JSON values as RFC 6902 "test" defines it: member order ignored, array order significant. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

class Patcher {
  constructor(
    private doc: unknown,
    private readonly index: number,
    private readonly path: string,
  ) {}

  result() {
    return this.doc;
  }

  fail(reason: string): never {
    throw new JsonPatchError(this.index, this.path, reason);
  }

  /** The container holding the last token of `tokens`, which must exist. */
  parentOf(tokens: string[], what: string): Container {
    let node = this.doc;
    for (const token of tokens.slice(0, -1)) {
      node = this.child(node, token, what);
    }
    if (Array.isArray(node) || isObject(node)) return node;
    return this.fail(`${what} missing: "${formatPointer(tokens.slice(0, -1))}" is not an object or array`);
  }

  child(node: unknown, token: string, what: string): unknown {
    if (Array.isArray(node)) {
      if (!ARRAY_INDEX.test(token)) return this.fail(`${what} missing: "${token}" is not an array index`);
      const i = Number(token);
      if (i >= node.length)
        return this.fail(`${what} missing: index ${i} is past the end (length ${node.length})`);
      return node[i];
    }
    if (isObject(node) && hasOwn(node, token)) return node[token];
    if (isObject(node)) return this.fail(`${what} missing: no member "${token}"`);
    return this.fail(
      `${what} missing: cannot look up "${token}" in a ${node === null ? 'null' : typeof node}`,
    );
  }

  get(tokens: string[], what = 'path'): unknown {
    let node = this.doc;
    for (const token of tokens) node = this.child(node, token, what);
    return node;
  }

  add(tokens: string[], value: unknown) {
    const last = tokens.at(-1);
    if (last === undefined) {
      this.doc = value;
      return;
    }
    const parent = this.parentOf(tokens, 'path');
    if (Array.isArray(parent)) {
      if (last === '-') {
        parent.push(value);
        return;
      }
      if (!ARRAY_INDEX.test(last)) this.fail(`path missing: "${last}" is not an array index`);
      const i = Number(last);
      if (i > parent.length) this.fail(`path missing: index ${i} is past the end (length ${parent.length})`);
      parent.splice(i, 0, value);
      return;
    }
    setOwn(parent, last, value);
  }

  remove(tokens: string[], what = 'path'): unknown {
    const last = tokens.at(-1);
    if (last === undefined) return this.fail('cannot remove the whole document');
    const parent = this.parentOf(tokens, what);
    const removed = this.child(parent, last, what);
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
    return removed;
  }

  replace(tokens: string[], value: unknown) {
    const last = tokens.at(-1);
    if (last === undefined) {
      this.doc = value;
      return;
    }
    const parent = this.parentOf(tokens, 'path');
    this.child(parent, last, 'path');
    if (Array.isArray(parent)) parent[Number(last)] = value;
    else setOwn(parent, last, value);
  }
}

function startsWith(tokens: string[], prefix: string[]) {
  return prefix.length <= tokens.length && prefix.every((t, i) => tokens[i] === t);
}

/**
 * Applies `ops` to a copy of `doc` and returns the result; `doc` is left as it was. Throws JsonPatchError naming the
 * first failing operation (the patch is atomic: nothing of a failed patch is returned).
 */
export function applyJsonPatch(doc: unknown, ops: readonly JsonPatchOperation[]): unknown {
  let current = clone(doc);
  ops.forEach((op, index) => {
    let tokens: string[];
    try {
      tokens = parsePointer(op.path);
    } catch (e) {
      throw new JsonPatchError(index, op.path, (e as Error).message);
    }
    const p = new Patcher(current, index, op.path);
    switch (op.op) {
      case 'add':
        p.add(tokens, clone(op.value));
        break;
      case 'remove':
        p.remove(tokens);
        break;
      case 'replace':
        p.replace(tokens, clone(op.value));
        break;
      case 'test':
        if (!jsonEqual(p.get(tokens), op.value)) p.fail('test failed: the value differs');
        break;
      case 'copy':
      case 'move': {
        let from: string[];
        try {
          from = parsePointer(op.from);
        } catch (e) {
          return p.fail((e as Error).message);
        }
        if (op.op === 'move') {
          if (from.length < tokens.length && startsWith(tokens, from)) {
            p.fail(`cannot move "${op.from}" into its own child`);
          }
          p.add(tokens, from.length === 0 ? p.get(from, 'from path') : p.remove(from, 'from path'));
        } else {
          p.add(tokens, clone(p.get(from, 'from path')));
        }
        break;
      }
    }
    current = p.result();
  });
  return current;
}

/** Parses `text` as JSON and patches it; a value that is not JSON fails with reason "not JSON". */
export function applyJsonPatchToText(text: string, ops: readonly JsonPatchOperation[]): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new JsonPatchError(-1, '', 'not JSON: the value does not parse as JSON');
  }
  return applyJsonPatch(doc, ops);
}
