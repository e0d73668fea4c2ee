import 'server-only';
import type { StoreContext } from './context';
import { dimsSql, keySql, timeSql, type ResolvedFilter, type Sql } from './filter';
import { COUNT_CAP } from './limits';

export type DrivingIndex = 'time' | 'group';

/** FROM and WHERE for the records (alias r) that match a filter, and the expression of their rid. */
export interface Source extends Sql {
  rid: string;
}

/**
 * Where to read matching records from. Full text drives from fts, which yields rowids newest
 * first and intersects with the topic itself; a key drives from records_key unless a prefix has
 * too many candidates to sort; everything else walks the given index.
 */
export function matchSource(
  ctx: StoreContext,
  filter: ResolvedFilter,
  options: { dims: boolean; index?: DrivingIndex },
): Source {
  const parts: Sql[] = [];
  let from: string;
  let rid = 'r.rid';
  if (filter.fts !== null) {
    from = 'FROM fts CROSS JOIN records r ON r.rid = fts.rowid WHERE fts MATCH ? AND r.topic_id = ?';
    rid = 'fts.rowid';
    parts.push({ sql: '', params: [filter.fts, filter.topicId] });
  } else if (filter.key !== null && !('prefix' in filter.key && manyKeyCandidates(ctx, filter))) {
    from = 'FROM records r INDEXED BY records_key WHERE r.topic_id = ?';
    parts.push({ sql: '', params: [filter.topicId] });
  } else {
    from = `FROM records r INDEXED BY records_${options.index ?? 'time'} WHERE r.topic_id = ?`;
    parts.push({ sql: '', params: [filter.topicId] });
  }
  if (filter.key !== null) parts.push(keySql(filter.key, 'r.'));
  if (filter.time !== null) parts.push(timeSql(ctx, filter.time, 'r.'));
  if (options.dims) parts.push(dimsSql(filter.dims, 'r.'));
  return {
    sql: from + parts.map((part) => part.sql).join(''),
    params: parts.flatMap((part) => part.params),
    rid,
  };
}

/** How many records match, counting at most COUNT_CAP (then the count is not exact). */
export function cappedCount(ctx: StoreContext, filter: ResolvedFilter): { value: number; exact: boolean } {
  const source = matchSource(ctx, filter, { dims: true });
  const row = ctx
    .statement<unknown[], { n: number }>(`SELECT count(*) AS n FROM (SELECT 1 ${source.sql} LIMIT ?)`)
    .get(...source.params, COUNT_CAP);
  const value = row?.n ?? 0;
  return { value, exact: value < COUNT_CAP };
}

function manyKeyCandidates(ctx: StoreContext, filter: ResolvedFilter): boolean {
  if (filter.key === null) return false;
  const key = keySql(filter.key);
  const row = ctx
    .statement<unknown[], { n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM records INDEXED BY records_key WHERE topic_id = ?${key.sql} LIMIT ?)`,
    )
    .get(filter.topicId, ...key.params, COUNT_CAP);
  return (row?.n ?? 0) >= COUNT_CAP;
}
