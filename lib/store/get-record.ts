import 'server-only';
import type { DlqRecord } from '../dlq/types';
import { statusName } from './codes';
import type { StoreContext } from './context';
import { unpackDocs } from './doc-blocks';
import { parseRecordId } from './record-id';
import type { StatusBook } from './status';
import type { RecordWithoutHistory, StoredRecord } from './types';

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
  return { ...fromDocBlock(id, docs(ctx, row.docId), row), history: statuses.history(id) };
}

/** The record in its slot of a doc block, with its status from the records row. */
export function fromDocBlock(
  id: string,
  block: readonly string[] | undefined,
  row: { slot: number; status: number; replayCount: number },
): RecordWithoutHistory {
  const json = block?.[row.slot];
  if (json === undefined) throw new Error(`record ${id} is missing from its doc block`);
  return {
    id,
    record: JSON.parse(json) as DlqRecord,
    status: statusName(row.status),
    replayCount: row.replayCount,
  };
}

function docs(ctx: StoreContext, docId: number): string[] {
  if (ctx.lastDocs?.docId !== docId) {
    const row = ctx
      .statement<[number], { body: Buffer }>('SELECT body FROM docs WHERE doc_id = ?')
      .get(docId);
    if (row === undefined) throw new Error(`doc block ${docId} is missing`);
    ctx.lastDocs = { docId, docs: unpackDocs(row.body) };
  }
  return ctx.lastDocs.docs;
}
