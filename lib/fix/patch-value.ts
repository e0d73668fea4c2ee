import type { Payload } from '../dlq/types';
import { applyJsonPatchToText, JsonPatchError, type JsonPatchOperation } from './json-patch';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** The patched value of one record, or why the patch does not apply to it. */
export function patchValue(
  value: Payload,
  patch: readonly JsonPatchOperation[],
): { ok: true; before: string; after: string } | { ok: false; before: string | null; error: string } {
  if (value.truncated) {
    return {
      ok: false,
      before: null,
      error: `value is ${value.size} bytes, larger than the part DLQ Desk indexes; edit this record on its own`,
    };
  }
  if (value.text === null) {
    return {
      ok: false,
      before: null,
      error:
        value.kind === 'null' ? 'not JSON: the value is null (a tombstone)' : 'not JSON: the value is binary',
    };
  }
  let before = value.text;
  try {
    before = pretty(JSON.parse(value.text));
  } catch {
    // not JSON: applyJsonPatchToText says so
  }
  try {
    return { ok: true, before, after: pretty(applyJsonPatchToText(value.text, patch)) };
  } catch (e) {
    if (e instanceof JsonPatchError) return { ok: false, before, error: e.message };
    throw e;
  }
}
