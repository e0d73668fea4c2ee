import { filterQueryString } from './record-filter';
import type { SelectionRequest } from './replay-types';
import type { RecordSelection } from './selection';

/** The selection as the bulk APIs take it: the ids, or the filter's query string (never a million ids). */
export function selectionRequest(topic: string, selection: RecordSelection): SelectionRequest {
  if (selection.kind === 'records') return { topic, ids: selection.ids };
  return { topic: selection.topic, filter: filterQueryString(selection.filter) };
}

export const selectionCount = (selection: RecordSelection) =>
  selection.kind === 'records' ? selection.ids.length : selection.count;
