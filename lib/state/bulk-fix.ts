import 'server-only';
import { InvalidInputError } from '../api/errors';
import { selectedIdPages } from '../api/selection';
import type { JsonPatchOperation } from '../fix/json-patch';
import { patchValue } from '../fix/patch-value';
import type { SelectionBody } from '../schemas/selection';
import type { DlqIndex } from '../store';
import { fixDraftBytes, MAX_FIX_DRAFT_BYTES, type FixDraftInput } from './fix-draft';
import type { TriageState } from './triage-state';

// Bulk fix save: the patch applied to each selected record's value as it is in the DLQ (as the preview shows
// it), saved as that record's fix draft. Other fields of an existing draft (key, headers, target topic) stay.

export const MAX_BULK_FIX_RECORDS = 20_000;
export const MAX_REPORTED_ERRORS = 100;
const SAVE_CHUNK = 500;

export interface BulkFixResult {
  saved: number;
  /** The first MAX_REPORTED_ERRORS records the patch does not apply to. */
  errors: { id: string; error: string }[];
  failed: number;
}

export async function saveBulkFix(
  state: TriageState,
  index: DlqIndex,
  selection: SelectionBody,
  patch: readonly JsonPatchOperation[],
  actor: string,
): Promise<BulkFixResult> {
  const ids: string[] = [];
  for (const page of selectedIdPages(selection)) {
    ids.push(...page);
    if (ids.length > MAX_BULK_FIX_RECORDS) {
      throw new InvalidInputError([
        {
          field: 'body.selection',
          message: `more than ${MAX_BULK_FIX_RECORDS} records: narrow the filter, or save in parts`,
        },
      ]);
    }
  }

  const result: BulkFixResult = { saved: 0, errors: [], failed: 0 };
  const fail = (id: string, error: string) => {
    result.failed++;
    if (result.errors.length < MAX_REPORTED_ERRORS) result.errors.push({ id, error });
  };
  let batch: { id: string; input: FixDraftInput }[] = [];
  const save = async () => {
    if (batch.length === 0) return;
    result.saved += (await state.saveFixDrafts(batch, actor)).length;
    batch = [];
  };
  for (const id of ids) {
    const stored = index.getRecord(id);
    if (!stored) {
      fail(id, 'no such record (expired from the DLQ?)');
      continue;
    }
    const patched = patchValue(stored.record.value, patch);
    if (!patched.ok) {
      fail(id, patched.error);
      continue;
    }
    const existing = state.getFixDraft(id);
    const rest: FixDraftInput = {};
    if (existing) {
      if (existing.key !== undefined) rest.key = existing.key;
      if (existing.headers !== undefined) rest.headers = existing.headers;
      if (existing.targetTopic !== undefined) rest.targetTopic = existing.targetTopic;
    }
    // The preview pretty-prints; the draft keeps the value compact, as producers usually send it.
    const input: FixDraftInput = { ...rest, value: { text: JSON.stringify(JSON.parse(patched.after)) } };
    const bytes = fixDraftBytes({ ...input, savedBy: actor, savedAt: Date.now() });
    if (bytes > MAX_FIX_DRAFT_BYTES) {
      fail(id, `the patched draft is ${bytes} bytes, over the limit of ${MAX_FIX_DRAFT_BYTES}`);
      continue;
    }
    batch.push({ id, input });
    if (batch.length >= SAVE_CHUNK) await save();
  }
  await save();
  return result;
}
