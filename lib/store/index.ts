import 'server-only';

export { DlqIndex } from './dlq-index';
export { INDEX_FILE } from './database';
export { InvalidCursorError, InvalidQueryError, InvalidRecordIdError, StoreError } from './errors';
export { MAX_QUERY_CHARS } from './fts-query';
export {
  COUNT_CAP,
  DEFAULT_PAGE_SIZE,
  KEY_CHARS,
  MAX_BUCKETS,
  MAX_FILTER_VALUES,
  MAX_PAGE_SIZE,
  VALUE_TEXT_CHARS,
} from './limits';
export { prepareBatch, type PreparedBatch, type PreparedRow } from './prepare';
export { parseRecordId, recordId, type RecordPosition } from './record-id';
export * from './types';
