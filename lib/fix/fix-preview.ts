import 'server-only';
import { z } from 'zod';
import { selectedIdPages } from '../api/selection';
import { selectionBody } from '../schemas/selection';
import { getIndex } from '../services';
import { jsonPatchOperations } from './json-patch';
import { patchValue } from './patch-value';

// The bulk fix preview: the patch applied to the current values of the selected records, nothing saved. Five
// samples show what the patch does; every other record is checked too so per-record errors ("path missing", "not
// JSON") are listed before anyone saves drafts or replays. A selection of a million records is checked up to a
// bound, and the answer says how many were.

export const fixPreviewBody = z.object({ selection: selectionBody, patch: jsonPatchOperations }).strict();

export const SAMPLES = 5;
export const MAX_ERRORS = 100;
const MAX_CHECKED = 20_000;
const MAX_MILLIS = 5_000;

export interface FixPreviewSample {
  id: string;
  /** The value as it is, pretty-printed when it is JSON. */
  before: string | null;
  after: string | null;
  error?: string;
}

export interface FixPreview {
  samples: FixPreviewSample[];
  errors: { id: string; error: string }[];
  /** Records the patch applies to, of those checked. */
  applicable: number;
  /** Records in the selection. */
  total: number;
  /** Records checked; less than total only for a very large selection. */
  checked: number;
}

export function previewFix(body: z.infer<typeof fixPreviewBody>): FixPreview {
  const index = getIndex();
  const started = Date.now();
  const out: FixPreview = { samples: [], errors: [], applicable: 0, total: 0, checked: 0 };
  let stopped = false;
  for (const page of selectedIdPages(body.selection)) {
    out.total += page.length;
    if (stopped) continue;
    for (const id of page) {
      if (out.checked >= MAX_CHECKED || Date.now() - started > MAX_MILLIS) {
        stopped = true;
        break;
      }
      out.checked++;
      const stored = index.getRecord(id);
      const result = stored
        ? patchValue(stored.record.value, body.patch)
        : { ok: false as const, before: null, error: 'no such record (expired from the DLQ?)' };
      if (result.ok) out.applicable++;
      else if (out.errors.length < MAX_ERRORS) out.errors.push({ id, error: result.error });
      if (out.samples.length < SAMPLES) {
        out.samples.push(
          result.ok
            ? { id, before: result.before, after: result.after }
            : { id, before: result.before, after: null, error: result.error },
        );
      }
    }
  }
  return out;
}
