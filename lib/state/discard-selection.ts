import 'server-only';
import { selectedIdPages } from '../api/selection';
import type { SelectionBody } from '../schemas/selection';
import type { DlqIndex } from '../store';
import type { TriageState } from './triage-state';

/**
 * Discards every record of the selection, a page at a time. Ticked ids the index does not have (expired
 * from the DLQ, or never there) are counted as missing and written nowhere.
 */
export async function discardSelection(
  state: TriageState,
  index: DlqIndex,
  selection: SelectionBody,
  reason: string,
  actor: string,
): Promise<{ discarded: number; missing: number }> {
  let discarded = 0;
  let missing = 0;
  for (const page of selectedIdPages(selection)) {
    const ids = selection.ids ? page.filter((id) => index.getRecord(id) !== null) : page;
    missing += page.length - ids.length;
    if (ids.length > 0) discarded += await state.discard(ids, reason, actor);
  }
  return { discarded, missing };
}
