import { formatPointer, parsePointer, type JsonPatchOperation, type JsonValue } from './json-patch';

// The simple bulk-fix form: rows of "set <field> = <value>" and "remove <field>", turned into JSON Patch operations
// so every bulk fix, however it was written, is one patch that the preview, the saved drafts and replay all apply
// the same way.

export type SetRemoveRow =
  { action: 'set'; field: string; value: string } | { action: 'remove'; field: string };

export class SetRemoveError extends Error {
  constructor(
    readonly row: number,
    readonly reason: string,
  ) {
    super(`row ${row + 1}: ${reason}`);
    this.name = 'SetRemoveError';
  }
}

/**
 * A field is either a JSON Pointer (`/customer/first.name`) or a dotted path (`customer.address.zip`, `items.0.sku`)
 * where each dot separates a member name or an array index.
 */
export function fieldPointer(field: string): string {
  const trimmed = field.trim();
  if (trimmed === '') throw new Error('field is empty');
  if (trimmed.startsWith('/')) {
    parsePointer(trimmed);
    return trimmed;
  }
  const tokens = trimmed.split('.');
  if (tokens.some((t) => t === '')) throw new Error(`"${trimmed}" has an empty segment`);
  return formatPointer(tokens);
}

/** The value box holds JSON (`42`, `true`, `"x"`, `{"a":1}`); anything that does not parse is taken as a string. */
export function fieldValue(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/**
 * "set" adds the member or replaces it when present (JSON Patch "add" on an object member does both); a field ending
 * in an array index replaces that element instead of inserting before it. Parents must exist: setting `a.b.c` on a
 * record without `a.b` is that record's error ("path missing"), not a silent new branch.
 */
export function setRemoveToPatch(rows: readonly SetRemoveRow[]): JsonPatchOperation[] {
  return rows.map((row, i) => {
    let path: string;
    try {
      path = fieldPointer(row.field);
    } catch (e) {
      throw new SetRemoveError(i, (e as Error).message);
    }
    if (row.action === 'remove') return { op: 'remove', path };
    const last = parsePointer(path).at(-1);
    const value = fieldValue(row.value);
    return { op: last !== undefined && /^(0|[1-9][0-9]*)$/.test(last) ? 'replace' : 'add', path, value };
  });
}
