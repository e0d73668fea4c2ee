import 'server-only';
import type { StoreContext } from './context';
import { statusName } from './codes';
import { joinDoc, parseCore, slotOf, unpackDocs } from './doc-blocks';
import { parseRecordId } from './record-id';
import type { RecordCore, ReplayRecord } from './types';

// Offsets and doc ids per statement: one statement text per size keeps the statement cache small, and the last
// value repeated fills the list (a repeated IN value matches once).
const CHUNK = 64;

interface Row {
  offset: bigint;
  docId: number;
  slot: number;
  status: number;
  replayCount: number;
}

/**
 * Many records at once, as a replay reads them, in input order, null for an id the index does not have (or that
 * is not a record id): one query per 64 records of a partition, and each doc block read and inflated once however
 * many of its records are asked for and in whatever order. Only the records' cores are read unless
 * `withConventionHeaders` (the headers their convention defines are then read too).
 */
export function getReplayRecords(
  ctx: StoreContext,
  ids: readonly string[],
  withConventionHeaders: boolean,
): (ReplayRecord | null)[] {
  const rows = new Map<string, Row>();
  const byPartition = new Map<string, { topicId: number; partition: number; offsets: bigint[] }>();
  const positions = ids.map((id) => {
    try {
      return parseRecordId(id);
    } catch {
      return null;
    }
  });
  for (const position of positions) {
    if (position === null) continue;
    const topicId = ctx.dict.findTopic(position.topic);
    if (topicId === null) continue;
    const key = `${topicId}/${position.partition}`;
    let group = byPartition.get(key);
    if (!group) {
      group = { topicId, partition: position.partition, offsets: [] };
      byPartition.set(key, group);
    }
    group.offsets.push(BigInt(position.offset));
  }
  const recordsIn = ctx
    .statement<[number, number, ...bigint[]], Row>(
      `SELECT offset, doc_id AS docId, doc_slot AS slot, status, replay_count AS replayCount FROM records
       WHERE topic_id = ? AND partition = ? AND offset IN (${Array(CHUNK).fill('?').join(',')})`,
    )
    .safeIntegers(true);
  for (const [key, { topicId, partition, offsets }] of byPartition) {
    for (let i = 0; i < offsets.length; i += CHUNK) {
      const chunk = padded(offsets.slice(i, i + CHUNK));
      for (const row of recordsIn.all(topicId, partition, ...chunk)) {
        rows.set(`${key}/${row.offset}`, {
          offset: row.offset,
          docId: Number(row.docId),
          slot: Number(row.slot),
          status: Number(row.status),
          replayCount: Number(row.replayCount),
        });
      }
    }
  }

  const docs = readDocs(ctx, new Set([...rows.values()].map((r) => r.docId)), withConventionHeaders);
  return ids.map((id, i) => {
    const position = positions[i];
    if (!position) return null;
    const topicId = ctx.dict.findTopic(position.topic);
    const row =
      topicId === null ? undefined : rows.get(`${topicId}/${position.partition}/${position.offset}`);
    if (row === undefined) return null;
    const block = docs.get(row.docId);
    const { core, conventionHeaderKeys } = parseCore(slotOf(block?.cores, id, row.slot));
    let record: RecordCore = core;
    if (block?.details) {
      const { dlq, format, origin, key, value, headers } = joinDoc(core, slotOf(block.details, id, row.slot));
      record = { dlq, format, origin, key, value, headers };
    }
    return { id, record, conventionHeaderKeys, status: statusName(row.status), replayCount: row.replayCount };
  });
}

function readDocs(
  ctx: StoreContext,
  docIds: Set<number>,
  withDetails: boolean,
): Map<number, { cores: string[]; details: string[] | null }> {
  const bodiesIn = ctx.statement<number[], { docId: number; core: Buffer; detail?: Buffer }>(
    `SELECT doc_id AS docId, core${withDetails ? ', detail' : ''} FROM docs
     WHERE doc_id IN (${Array(CHUNK).fill('?').join(',')})`,
  );
  const all = [...docIds];
  const docs = new Map<number, { cores: string[]; details: string[] | null }>();
  for (let i = 0; i < all.length; i += CHUNK) {
    for (const { docId, core, detail } of bodiesIn.all(...padded(all.slice(i, i + CHUNK))))
      docs.set(docId, { cores: unpackDocs(core), details: detail ? unpackDocs(detail) : null });
  }
  return docs;
}

function padded<T>(values: T[]): T[] {
  const out = values.slice();
  while (out.length < CHUNK) out.push(values[values.length - 1]!);
  return out;
}
