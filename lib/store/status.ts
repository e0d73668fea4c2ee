import 'server-only';
import { statusCode, statusName } from './codes';
import type { StoreContext } from './context';
import { InvalidQueryError } from './errors';
import { parseRecordId } from './record-id';
import { RECORD_STATUSES, type HistoryEntry, type StatusChange, type StatusOutcome } from './types';

const MAX_TEXT = 10_000;

interface RecordState {
  ts: number;
  group_id: number;
  class_id: number;
  origin_id: number;
  status: number;
  format: number;
}

/**
 * Statuses mirror the durable state kept in Kafka: every change is a history entry, the latest
 * one sets the status, and each change to `replayed` counts one replay.
 */
export class StatusBook {
  private readonly stmt;

  constructor(private readonly ctx: StoreContext) {
    const db = ctx.db;
    this.stmt = {
      addHistory: db.prepare(
        `INSERT INTO history (topic, partition, offset, at, action, actor, detail, status, event_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
      ),
      record: db.prepare<[number, number, bigint], RecordState>(
        `SELECT ts, group_id, class_id, origin_id, status, format FROM records
         WHERE topic_id = ? AND partition = ? AND offset = ?`,
      ),
      update: db.prepare(
        'UPDATE records SET status = ?, replay_count = replay_count + ? WHERE topic_id = ? AND partition = ? AND offset = ?',
      ),
      history: db.prepare<[string, number, bigint], HistoryRow>(
        `SELECT at, action, actor, detail, status FROM history
         WHERE topic = ? AND partition = ? AND offset = ? ORDER BY seq`,
      ),
    };
  }

  setStatus(id: string, change: StatusChange): StatusOutcome {
    return this.setStatuses([{ id, change }])[0] ?? 'duplicate';
  }

  /** Applies many changes in one transaction (a replay job's outcomes); in order, so the last change of a record wins. */
  setStatuses(changes: readonly { id: string; change: StatusChange }[]): StatusOutcome[] {
    const parsed = changes.map(({ id, change }) => ({
      position: parseRecordId(id),
      change: checkChange(change),
    }));
    const replayed = statusCode('replayed');
    return this.ctx.write((cube) =>
      parsed.map(({ position, change }): StatusOutcome => {
        const status = statusCode(change.status);
        const offset = BigInt(position.offset);
        const added = this.stmt.addHistory.run(
          position.topic,
          position.partition,
          offset,
          change.at,
          change.action,
          change.actor,
          change.detail,
          status,
          change.eventId ?? null,
        );
        if (added.changes === 0) return 'duplicate';
        const topicId = this.ctx.dict.findTopic(position.topic);
        const row = topicId === null ? undefined : this.stmt.record.get(topicId, position.partition, offset);
        if (topicId === null || row === undefined) return 'pending';
        this.stmt.update.run(status, status === replayed ? 1 : 0, topicId, position.partition, offset);
        if (row.status !== status) {
          const values = (code: number) => [
            row.group_id,
            row.class_id,
            row.origin_id,
            position.partition,
            code,
            row.format,
          ];
          cube.add(topicId, row.ts, values(row.status), -1);
          cube.add(topicId, row.ts, values(status), 1);
        }
        return 'applied';
      }),
    );
  }

  history(id: string): HistoryEntry[] {
    const { topic, partition, offset } = parseRecordId(id);
    return this.stmt.history
      .all(topic, partition, BigInt(offset))
      .map((row) => ({ ...row, status: statusName(row.status) }));
  }
}

interface HistoryRow {
  at: number;
  action: string;
  actor: string;
  detail: string | null;
  status: number;
}

function checkChange(change: StatusChange): StatusChange {
  if (!RECORD_STATUSES.includes(change.status)) throw new InvalidQueryError('status', 'unknown status');
  if (!Number.isSafeInteger(change.at) || change.at < 0)
    throw new InvalidQueryError('at', 'not a time in ms');
  for (const field of ['action', 'actor'] as const) {
    if (change[field].length === 0 || change[field].length > MAX_TEXT) {
      throw new InvalidQueryError(field, `must be 1 to ${MAX_TEXT} characters`);
    }
  }
  if (change.detail !== null && change.detail.length > MAX_TEXT) {
    throw new InvalidQueryError('detail', `longer than ${MAX_TEXT} characters`);
  }
  return change;
}
