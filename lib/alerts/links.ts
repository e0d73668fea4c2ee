import { EMPTY_FILTER, filterQueryString, type RecordFilter } from '../ui/record-filter';

/** The DLQ page showing the records of a filter: the link an alert row, a notification or a metric points to. */
export function dlqViewPath(topic: string, filter: Partial<RecordFilter> = {}): string {
  const query = filterQueryString({ ...EMPTY_FILTER, ...filter });
  return `/dlq/${encodeURIComponent(topic)}${query ? `?${query}` : ''}`;
}

/** An absolute link when the public URL is known (chat messages need one), else the path. */
export function absoluteLink(publicUrl: string | undefined, path: string): string {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}${path}` : path;
}
