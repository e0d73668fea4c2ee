import 'server-only';
import { HOUR_MS } from './codes';
import type { StoreContext } from './context';
import { tallyFilter, timeBounds } from './counting';
import { facetOf } from './facets';
import type { ResolvedFilter } from './filter';
import { recordId } from './record-id';
import { ridFloor, ridTime } from './rid';
import type { DlqSummary, ErrorGroupSummary } from './types';

const TOP_GROUPS = 5;

/** Every DLQ topic the index knows, by name. */
export function listDlqs(ctx: StoreContext, now: number): DlqSummary[] {
  const topics = ctx
    .statement<[], { topicId: number; name: string }>(
      'SELECT topic_id AS topicId, name FROM topics ORDER BY name',
    )
    .all();
  return topics.map(({ topicId, name }) => {
    const { tally } = tallyFilter(ctx, unfiltered(topicId), true);
    const lastHour = tallyFilter(ctx, {
      ...unfiltered(topicId),
      time: { from: Math.max(now - HOUR_MS, 0), to: null },
    });
    const unresolved = facetOf(tally, 'status', (code) => code).find(({ value }) => value === 0);
    return {
      topic: name,
      records: tally.all,
      unresolved: unresolved?.count ?? 0,
      newestRecordTime: newestTime(ctx, topicId),
      lastHour: lastHour.tally.all,
      topGroups: facetOf(tally, 'group', (id) => ctx.dict.group(id))
        .slice(0, TOP_GROUPS)
        .map(({ value, count }) => ({ id: value.extId, title: value.title, count })),
    };
  });
}

/** The error groups of a topic, biggest first. */
export function errorGroups(ctx: StoreContext, topic: string): ErrorGroupSummary[] {
  const topicId = ctx.dict.findTopic(topic);
  if (topicId === null) return [];
  const { tally } = tallyFilter(ctx, unfiltered(topicId), true);
  const first = ctx.statement<[number, number, bigint], { ts: number }>(
    'SELECT ts FROM records INDEXED BY records_group WHERE topic_id = ? AND group_id = ? AND rid >= ? ORDER BY rid LIMIT 1',
  );
  const newest = ctx
    .statement<[number, number], { rid: bigint; partition: bigint; offset: string }>(
      `SELECT rid, partition, CAST(offset AS TEXT) AS offset FROM records INDEXED BY records_group
       WHERE topic_id = ? AND group_id = ? ORDER BY rid DESC LIMIT 1`,
    )
    .safeIntegers();
  const latest = ctx.statement<[number, number, bigint], { ts: number | null }>(
    'SELECT max(ts) AS ts FROM records INDEXED BY records_group WHERE topic_id = ? AND group_id = ? AND rid >= ?',
  );
  return facetOf(tally, 'group', (id) => id).map(({ value: groupId, count }) => {
    const group = ctx.dict.group(groupId);
    const sample = newest.get(topicId, groupId);
    if (sample === undefined) throw new Error(`index inconsistent: error group ${groupId} has no records`);
    const lastSeen = latest.get(topicId, groupId, spillFloor(ctx, sample.rid))?.ts ?? null;
    return {
      id: group.extId,
      title: group.title,
      errorClass: group.errorClass,
      count,
      firstSeen: first.get(topicId, groupId, ridFloor(0))?.ts ?? null,
      lastSeen: lastSeen !== null && lastSeen >= 0 ? lastSeen : null,
      sampleId: recordId(topic, Number(sample.partition), sample.offset),
    };
  });
}

function newestTime(ctx: StoreContext, topicId: number): number | null {
  const bounds = timeBounds(ctx, topicId);
  if (bounds === null) return null;
  const row = ctx
    .statement<[number, bigint], { ts: number | null }>(
      'SELECT max(ts) AS ts FROM records INDEXED BY records_time WHERE topic_id = ? AND rid >= ?',
    )
    .get(topicId, ridFloor(Math.max(bounds.last - ctx.maxSpillMs, 0)));
  return row?.ts ?? null;
}

/** Records of a later time than the one at rid lie at or after this rid (see rid.ts). */
function spillFloor(ctx: StoreContext, rid: bigint): bigint {
  return ridFloor(Math.max(ridTime(rid) - ctx.maxSpillMs, 0));
}

function unfiltered(topicId: number): ResolvedFilter {
  return { topicId, dims: {}, time: null, key: null, fts: null };
}
