import 'server-only';
import type { RecordFilterQuery } from '../schemas/records';
import { getIndex } from '../services';
import type { RecordFilter } from '../store';
import { NotFoundError } from './errors';

/** 404 unless the topic is an indexed DLQ. */
export function requireDlqTopic(topic: string): void {
  if (getIndex().partitions(topic).length === 0)
    throw new NotFoundError(`no DLQ topic ${JSON.stringify(topic)}`);
}

/** The API's filter parameters as the index's filter (absent parameters left out). */
export function toRecordFilter(query: RecordFilterQuery): RecordFilter {
  const filter: RecordFilter = {};
  if (query.group) filter.group = query.group;
  if (query.errorClass) filter.errorClass = query.errorClass;
  if (query.originTopic) filter.originTopic = query.originTopic;
  if (query.partition) filter.partition = query.partition;
  if (query.from !== undefined) filter.from = query.from;
  if (query.to !== undefined) filter.to = query.to;
  if (query.key !== undefined && query.key !== '') filter.key = query.key;
  if (query.q !== undefined && query.q.trim() !== '') filter.q = query.q;
  if (query.status) filter.status = query.status;
  if (query.format) filter.format = query.format;
  return filter;
}
