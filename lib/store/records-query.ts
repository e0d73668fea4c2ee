import 'server-only';
import { formatName, kindName, statusName } from './codes';
import type { StoreContext } from './context';
import { tallyFilter, type Tally } from './counting';
import { BIN_MS, DIM_COUNT } from './cube';
import { decodeCursor, encodeCursor, filterHash } from './cursor';
import { InvalidQueryError } from './errors';
import { cellFilter, DIMS, resolveFilter, type ResolvedFilter } from './filter';
import { DEFAULT_PAGE_SIZE, KEY_PREVIEW_CHARS, MAX_PAGE_SIZE } from './limits';
import { recordId } from './record-id';
import { ridFloor, ridTime } from './rid';
import { cappedCount, matchSource, type DrivingIndex } from './sources';
import type { Count, PageOptions, RecordFilter, RecordPage, RecordRow, SortOrder } from './types';

interface DetailRow {
  ts: number;
  partition: number;
  offset: string;
  origin_id: number;
  origin_partition: number | null;
  origin_offset: string | null;
  key_kind: number;
  key: string | null;
  class_id: number;
  message: string | null;
  group_id: number;
  status: number;
  replay_count: number;
  format: number;
}

export function queryRecords(
  ctx: StoreContext,
  topic: string,
  filter: RecordFilter,
  options: PageOptions = {},
): RecordPage {
  const order = options.order ?? 'newest';
  if (order !== 'newest' && order !== 'oldest')
    throw new InvalidQueryError('order', 'must be newest or oldest');
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('limit', `must be 1 to ${MAX_PAGE_SIZE}`);
  }
  const hash = filterHash(topic, filter);
  const after = options.cursor === undefined ? null : decodeCursor(options.cursor, order, hash);
  const resolved = resolveFilter(ctx, topic, filter);
  if (resolved === null) return { rows: [], nextCursor: null, total: { value: 0, exact: true } };

  let total: Count;
  let plan: Plan = { index: 'time', bound: null };
  if (resolved.key !== null || resolved.fts !== null) {
    total = cappedCount(ctx, resolved);
  } else {
    const { tally } = tallyFilter(ctx, resolved);
    total = { value: tally.total, exact: true };
    plan = planWalk(ctx, resolved, tally, limit + 1, order, after);
  }
  if (total.value === 0) return { rows: [], nextCursor: null, total };

  const source = matchSource(ctx, resolved, { dims: true, index: plan.index });
  const newest = order === 'newest';
  const conditions: string[] = [];
  const params: unknown[] = [...source.params];
  if (after !== null) {
    conditions.push(`${source.rid} ${newest ? '<' : '>'} ?`);
    params.push(after);
  }
  if (plan.bound !== null) {
    conditions.push(`${source.rid} ${newest ? '>=' : '<'} ?`);
    params.push(plan.bound);
  }
  const rids = ctx
    .statement<unknown[], bigint>(
      `SELECT ${source.rid} ${source.sql}${conditions.map((c) => ` AND ${c}`).join('')}
       ORDER BY ${source.rid} ${newest ? 'DESC' : 'ASC'} LIMIT ?`,
    )
    .pluck()
    .safeIntegers()
    .all(...params, limit + 1);
  const page = rids.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map((rid) => detail(ctx, topic, rid)),
    nextCursor: rids.length > limit && last !== undefined ? encodeCursor(last, order, hash) : null,
    total,
  };
}

/** Below this many index entries to walk, working out a bound costs more than it saves. */
const BOUND_WORTH_ENTRIES = 2000;

interface Plan {
  index: DrivingIndex;
  /** A rid the wanted rows all lie beyond (at or above it newest first, below it oldest first). */
  bound: bigint | null;
}

/**
 * How to find a page of rows matching dimension and time filters. The index: walking time
 * order reads about wanted / (share matching) entries; the group index reads only that group's
 * entries (all of them when several groups must be merged by sorting). The bound: the cube
 * knows how many matches each 10-minute bin holds, so the walk can stop at the bin where
 * enough matches are certain, however rare they are.
 */
function planWalk(
  ctx: StoreContext,
  filter: ResolvedFilter,
  tally: Tally,
  wanted: number,
  order: SortOrder,
  after: bigint | null,
): Plan {
  const walk = (entries: number) => Math.min(entries, (wanted * entries) / Math.max(tally.total, 1));
  let index: DrivingIndex = 'time';
  const groups = filter.dims.group;
  if (groups !== undefined) {
    const entries = tally.single[DIMS.indexOf('group')] ?? 0;
    if ((groups.length === 1 ? walk(entries) : entries) < walk(tally.all)) index = 'group';
  }
  const cells = ctx.cube.binnedCells(filter.topicId);
  // Dense matches end the walk soon anyway. After a spill a record can lie beyond its bin's
  // rids, which would make the bound unsafe.
  const unbounded = index === 'time' ? walk(tally.all) : walk(tally.single[DIMS.indexOf('group')] ?? 0);
  if (cells === undefined || unbounded < BOUND_WORTH_ENTRIES || ctx.maxSpillMs > 0)
    return { index, bound: null };

  const newest = order === 'newest';
  let from = filter.time === null ? -Infinity : Math.ceil(filter.time.from / BIN_MS);
  let to = filter.time?.to == null ? Infinity : Math.floor(filter.time.to / BIN_MS);
  // The cursor's own bin is partly served already: count only bins wholly beyond it.
  if (after !== null) {
    const cursorBin = Math.floor(ridTime(after) / BIN_MS);
    if (newest) to = Math.min(to, cursorBin);
    else from = Math.max(from, cursorBin + 1);
  }
  const passes = cellFilter(filter.dims);
  const perBin = new Map<number, number>();
  for (let i = 0; i < cells.size; i += 1) {
    const n = cells.counts[i] ?? 0;
    const bin = cells.bins[i] ?? 0;
    if (n === 0 || bin < from || bin >= to || !passes(cells.values, i * DIM_COUNT)) continue;
    perBin.set(bin, (perBin.get(bin) ?? 0) + n);
  }
  const bins = [...perBin.keys()].sort((a, b) => (newest ? b - a : a - b));
  let found = 0;
  for (const bin of bins) {
    found += perBin.get(bin) ?? 0;
    if (found >= wanted) return { index, bound: ridFloor((newest ? bin : bin + 1) * BIN_MS) };
  }
  return { index, bound: null };
}

function detail(ctx: StoreContext, topic: string, rid: bigint): RecordRow {
  const row = ctx
    .statement<[bigint], DetailRow>(
      `SELECT ts, partition, CAST(offset AS TEXT) AS offset, origin_id, origin_partition,
         CAST(origin_offset AS TEXT) AS origin_offset, key_kind, substr(key, 1, ${KEY_PREVIEW_CHARS}) AS key,
         class_id, message, group_id, status, replay_count, format
       FROM records WHERE rid = ?`,
    )
    .get(rid);
  if (row === undefined) throw new Error(`index inconsistent: no record ${rid}`);
  const { dict } = ctx;
  return {
    id: recordId(topic, row.partition, row.offset),
    time: row.ts < 0 ? null : row.ts,
    partition: row.partition,
    offset: row.offset,
    originTopic: dict.originName(row.origin_id),
    originPartition: row.origin_partition,
    originOffset: row.origin_offset,
    keyPreview: row.key,
    keyKind: kindName(row.key_kind),
    errorClass: dict.className(row.class_id),
    messagePreview: row.message,
    groupId: dict.group(row.group_id).extId,
    status: statusName(row.status),
    replayCount: row.replay_count,
    format: formatName(row.format),
  };
}
