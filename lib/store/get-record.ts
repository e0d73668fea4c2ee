import 'server-only';
import type { DlqRecord } from '../dlq/types';
import { statusName } from './codes';
import type { StoreContext } from './context';
import { parseRecordId } from './record-id';
import type { StatusBook } from './status';
import type { StoredRecord } from './types';

/** One record in full; null when the index does not have it. Throws InvalidRecordIdError for a malformed id. */
export function getRecord(ctx: StoreContext, statuses: StatusBook, id: string): StoredRecord | null {
  const { topic, partition, offset } = parseRecordId(id);
  const topicId = ctx.dict.findTopic(topic);
  if (topicId === null) return null;
  const row = ctx
    .statement<[number, number, bigint], { json: string; status: number; replayCount: number }>(
      `SELECT d.json, r.status, r.replay_count AS replayCount FROM records r JOIN docs d ON d.doc_id = r.doc_id
       WHERE r.topic_id = ? AND r.partition = ? AND r.offset = ?`,
    )
    .get(topicId, partition, BigInt(offset));
  if (row === undefined) return null;
  return {
    id,
    record: JSON.parse(row.json) as DlqRecord,
    status: statusName(row.status),
    replayCount: row.replayCount,
    history: statuses.history(id),
  };
}
