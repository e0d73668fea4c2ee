import 'server-only';
import { DLQ_FORMATS } from '../dlq/types';
import { formatCode, statusCode } from './codes';
import type { StoreContext } from './context';
import { InvalidQueryError } from './errors';
import { ftsQuery } from './fts-query';
import { KEY_CHARS, MAX_FILTER_VALUES } from './limits';
import { ridFloor } from './rid';
import { RECORD_STATUSES, type RecordFilter } from './types';
import { topicToken } from './writer';

/** The filter fields that are columns of both records and tally, and facets of the UI. */
export const DIMS = ['group', 'errorClass', 'originTopic', 'partition', 'status', 'format'] as const;
export type Dim = (typeof DIMS)[number];

const DIM_COLUMN: Record<Dim, string> = {
  group: 'group_id',
  errorClass: 'class_id',
  originTopic: 'origin_id',
  partition: 'partition',
  status: 'status',
  format: 'format',
};

export type KeyMatch = { exact: string } | { prefix: string };

/** A filter in stored terms. A dimension listing no ids matches nothing (all its names were unknown). */
export interface ResolvedFilter {
  topicId: number;
  dims: Partial<Record<Dim, number[]>>;
  /** Set whenever the filter has a time bound: records without a timestamp are then out. */
  time: { from: number; to: number | null } | null;
  key: KeyMatch | null;
  /** The FTS5 MATCH expression, topic included. */
  fts: string | null;
}

export interface Sql {
  sql: string;
  params: unknown[];
}

/** Null when nothing can match: the topic is unknown, or `q` has nothing searchable in it. */
export function resolveFilter(ctx: StoreContext, topic: string, filter: RecordFilter): ResolvedFilter | null {
  const { dict } = ctx;
  const checked = checkFilter(filter);
  const topicId = dict.findTopic(topic);
  if (topicId === null) return null;
  const dims: ResolvedFilter['dims'] = {};
  const known = (ids: (number | null)[]): number[] => ids.filter((id): id is number => id !== null);
  if (checked.group) dims.group = known(checked.group.map((id) => dict.findGroup(topicId, id)?.id ?? null));
  if (checked.errorClass) dims.errorClass = known(checked.errorClass.map((name) => dict.findClass(name)));
  if (checked.originTopic) dims.originTopic = known(checked.originTopic.map((name) => dict.findOrigin(name)));
  if (checked.partition) dims.partition = [...checked.partition];
  if (checked.status) dims.status = checked.status.map(statusCode);
  if (checked.format) dims.format = checked.format.map(formatCode);

  let fts: string | null = null;
  if (checked.q !== undefined && checked.q.trim() !== '') {
    const expression = ftsQuery(checked.q);
    if (expression === null) return null;
    fts = `topic : "${topicToken(topicId)}" AND {key message value} : (${expression})`;
  }
  let key: KeyMatch | null = null;
  if (checked.key !== undefined) {
    const value = checked.key.slice(0, KEY_CHARS);
    const prefix = value.replace(/\*+$/u, '');
    if (prefix.length === value.length) key = { exact: value };
    else if (prefix !== '') key = { prefix };
  }
  const timed = checked.from !== undefined || checked.to !== undefined;
  return {
    topicId,
    dims,
    time: timed ? { from: Math.max(checked.from ?? 0, 0), to: checked.to ?? null } : null,
    key,
    fts,
  };
}

export function dimsSql(dims: ResolvedFilter['dims'], alias = ''): Sql {
  let sql = '';
  const params: unknown[] = [];
  for (const dim of DIMS) {
    const ids = dims[dim];
    if (ids === undefined) continue;
    // No id is negative, so -1 matches nothing; a constant false would leave INDEXED BY without a plan.
    const list = ids.length === 0 ? [-1] : ids;
    sql += ` AND ${alias}${DIM_COLUMN[dim]} IN (${list.map(() => '?').join(', ')})`;
    params.push(...list);
  }
  return { sql, params };
}

/** Time bounds on a records scan: rid bounds for the index seek, ts for exactness (see rid.ts). */
export function timeSql(ctx: StoreContext, time: { from: number; to: number | null }, alias = ''): Sql {
  let sql = ` AND ${alias}rid >= ? AND ${alias}ts >= ?`;
  const params: unknown[] = [ridFloor(time.from), time.from];
  if (time.to !== null) {
    sql += ` AND ${alias}rid < ? AND ${alias}ts < ?`;
    params.push(ridFloor(time.to + ctx.maxSpillMs), time.to);
  }
  return { sql, params };
}

/** Spelled out with IS NOT NULL so that records_key (a partial index) is usable. */
export function keySql(key: KeyMatch, alias = ''): Sql {
  const sql = ` AND ${alias}key IS NOT NULL AND ${alias}key`;
  if ('exact' in key) return { sql: `${sql} = ?`, params: [key.exact] };
  return { sql: `${sql} >= ? AND ${alias}key < ?`, params: [key.prefix, `${key.prefix}\u{10FFFF}`] };
}

/** A test of stored values (values[at + d] for each dimension d in DIMS order) against the filter's dimensions. */
export function cellFilter(dims: ResolvedFilter['dims']): (values: ArrayLike<number>, at: number) => boolean {
  const filters = DIMS.map((dim, d) => [d, dims[dim]] as const).filter(
    (entry): entry is readonly [number, number[]] => entry[1] !== undefined,
  );
  return (values, at) => filters.every(([d, ids]) => ids.includes(values[at + d] ?? 0));
}

function checkFilter(filter: RecordFilter): RecordFilter {
  for (const field of ['group', 'errorClass', 'originTopic', 'partition', 'status', 'format'] as const) {
    const values = filter[field];
    if (values !== undefined && values.length > MAX_FILTER_VALUES) {
      throw new InvalidQueryError(field, `more than ${MAX_FILTER_VALUES} values`);
    }
  }
  for (const partition of filter.partition ?? []) {
    if (!Number.isInteger(partition) || partition < 0 || partition > 2 ** 31 - 1) {
      throw new InvalidQueryError('partition', 'not a partition number');
    }
  }
  for (const status of filter.status ?? []) {
    if (!RECORD_STATUSES.includes(status)) throw new InvalidQueryError('status', `unknown status ${status}`);
  }
  for (const format of filter.format ?? []) {
    if (!DLQ_FORMATS.includes(format)) throw new InvalidQueryError('format', `unknown format ${format}`);
  }
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (value !== undefined && !Number.isSafeInteger(value)) {
      throw new InvalidQueryError(field, 'not a time in ms since the epoch');
    }
  }
  // Empty lists mean "no filter", as an absent query parameter does.
  const compact = { ...filter };
  for (const field of ['group', 'errorClass', 'originTopic', 'partition', 'status', 'format'] as const) {
    if (compact[field]?.length === 0) delete compact[field];
  }
  return compact;
}
