import 'server-only';
import { statusName } from './codes';
import type { StoreContext } from './context';
import { joinDoc, parseCore, slotOf, unpackDocs } from './doc-blocks';
import { parseRecordId } from './record-id';
import type { StatusBook } from './status';
import type { StoredRecord } from './types';

/** One record in full; null when the index does not have it. Throws InvalidRecordIdError for a malformed id. */
export function getRecord(ctx: StoreContext, statuses: StatusBook, id: string): StoredRecord | null {
  const { topic, partition, offset } = parseRecordId(id);
  const topicId = ctx.dict.findTopic(topic);
  if (topicId === null) return null;
  const row = ctx
    .statement<
      [number, number, bigint],
      { docId: number; slot: number; status: number; replayCount: number }
    >(
      `SELECT doc_id AS docId, doc_slot AS slot, status, replay_count AS replayCount FROM records
       WHERE topic_id = ? AND partition = ? AND offset = ?`,
    )
    .get(topicId, partition, BigInt(offset));
  if (row === undefined) return null;
  const { cores, details } = docs(ctx, row.docId);
  return {
    id,
    record: joinDoc(parseCore(slotOf(cores, id, row.slot)).core, slotOf(details, id, row.slot)),
    status: statusName(row.status),
    replayCount: row.replayCount,
    history: statuses.history(id),
  };
}

function docs(ctx: StoreContext, docId: number): { cores: string[]; details: string[] } {
  if (ctx.lastDocs?.docId !== docId) {
    const row = ctx
      .statement<[number], { core: Buffer; detail: Buffer }>('SELECT core, detail FROM docs WHERE doc_id = ?')
      .get(docId);
    if (row === undefined) throw new Error(`doc block ${docId} is missing`);
    ctx.lastDocs = { docId, cores: unpackDocs(row.core), details: unpackDocs(row.detail) };
  }
  return ctx.lastDocs;
}
