import 'server-only';
import type { SelectionBody } from '../schemas/selection';
import { getIndex } from '../services';
import { InvalidQueryError, parseRecordId } from '../store';
import { toRecordFilter } from './dlq-topic';

const PAGE = 500;

/**
 * The ids a selection stands for, oldest first, a page at a time so a million-record filter never sits in memory at
 * once. A filter is read as the index has it now; callers that must not sweep in later arrivals (replay jobs) keep
 * the ids they were given.
 */
export function* selectedIdPages(selection: SelectionBody): Generator<string[]> {
  if (selection.ids) {
    for (const id of selection.ids) {
      if (parseRecordId(id).topic !== selection.topic) {
        throw new InvalidQueryError('ids', `${id} is not a record of ${selection.topic}`);
      }
    }
    for (let i = 0; i < selection.ids.length; i += PAGE) yield selection.ids.slice(i, i + PAGE);
    return;
  }
  yield* getIndex().idPages(selection.topic, toRecordFilter(selection.filter ?? {}));
}
