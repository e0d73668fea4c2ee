import type { RecordFilter } from './record-filter';

/**
 * What a bulk action (replay, discard, bulk fix) works on: either the records ticked one by one, or every
 * record matching a filter. The second is the filter itself, never a list of a million ids in the browser.
 */
export type RecordSelection =
  | { kind: 'records'; ids: string[] }
  | { kind: 'filter'; topic: string; filter: RecordFilter; count: number; exact: boolean };
