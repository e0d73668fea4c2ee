import 'server-only';
import type { DlqRecord } from '../dlq/types';
import { statusCode } from './codes';
import type { StoreContext } from './context';
import { DOC_BLOCK_RECORDS } from './doc-blocks';
import { InvalidQueryError } from './errors';
import { prepareBatch, type PreparedBatch } from './prepare';
import { ridCeiling, ridFloor } from './rid';
import type { PartitionProgress } from './types';

const OFFSET = /^(0|[1-9][0-9]{0,18})$/;
const MAX_INT64 = 2n ** 63n - 1n;
const DELETE_CHUNK = 5000;

/** The FTS5 token that stands for a topic in the topic column. */
export function topicToken(topicId: number): string {
  return `t${topicId}`;
}

export class Writer {
  private readonly stmt;

  constructor(private readonly ctx: StoreContext) {
    const db = ctx.db;
    this.stmt = {
      maxRid: db
        .prepare<[bigint, bigint], { m: bigint | null }>(
          'SELECT max(rid) AS m FROM records WHERE rid >= ? AND rid < ?',
        )
        .safeIntegers(),
      insertRecord: db.prepare(
        `INSERT INTO records (rid, topic_id, partition, offset, ts, group_id, class_id, origin_id, status, format,
           replay_count, origin_partition, origin_offset, key_kind, key, message, doc_id, doc_slot)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (topic_id, partition, offset) DO NOTHING`,
      ),
      lastDoc: db.prepare<[], { id: number | null }>('SELECT max(doc_id) AS id FROM docs'),
      insertDocs: db.prepare(
        'INSERT INTO docs (doc_id, topic_id, partition, last_offset, core, detail) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertFts: db.prepare('INSERT INTO fts (rowid, topic, key, message, value) VALUES (?, ?, ?, ?, ?)'),
      pending: db.prepare<[string, number, bigint, bigint], { offset: string; status: number }>(
        `SELECT CAST(offset AS TEXT) AS offset, status FROM history
         WHERE topic = ? AND partition = ? AND offset BETWEEN ? AND ? ORDER BY seq`,
      ),
      progress: db.prepare(
        `INSERT INTO partitions (topic_id, partition, next_offset) VALUES (?, ?, ?)
         ON CONFLICT DO UPDATE SET next_offset = max(next_offset, excluded.next_offset)`,
      ),
      raiseProgress: db.prepare(
        'UPDATE partitions SET next_offset = max(next_offset, ?) WHERE topic_id = ? AND partition = ?',
      ),
      nextOffset: db.prepare<[number, number], { next: string }>(
        'SELECT CAST(next_offset AS TEXT) AS next FROM partitions WHERE topic_id = ? AND partition = ?',
      ),
      indexedTopics: db.prepare<[], { name: string }>(
        'SELECT name FROM topics WHERE topic_id IN (SELECT topic_id FROM partitions) ORDER BY name',
      ),
      partitions: db.prepare<[number], { partition: number; nextOffset: string }>(
        `SELECT partition, CAST(next_offset AS TEXT) AS nextOffset FROM partitions WHERE topic_id = ? ORDER BY partition`,
      ),
      below: db
        .prepare<[number, number, bigint, number], BelowRow>(
          `SELECT rid, ts, group_id, class_id, origin_id, status, format FROM records
           WHERE topic_id = ? AND partition = ? AND offset < ? ORDER BY offset LIMIT ?`,
        )
        .safeIntegers(),
      topicRows: db
        .prepare<[number, number], { rid: bigint }>('SELECT rid FROM records WHERE topic_id = ? LIMIT ?')
        .safeIntegers(),
      deleteRecord: db.prepare('DELETE FROM records WHERE rid = ?'),
      deleteDocsBelow: db.prepare(
        'DELETE FROM docs WHERE topic_id = ? AND partition = ? AND last_offset < ?',
      ),
      deleteTopicDocs: db.prepare('DELETE FROM docs WHERE topic_id = ?'),
      deleteFts: db.prepare('DELETE FROM fts WHERE rowid = ?'),
      deleteHistoryBelow: db.prepare('DELETE FROM history WHERE topic = ? AND partition = ? AND offset < ?'),
      deleteEmptyGroups: db.prepare(
        `DELETE FROM groups WHERE topic_id = ? AND NOT EXISTS
           (SELECT 1 FROM records r WHERE r.topic_id = groups.topic_id AND r.group_id = groups.group_id)`,
      ),
    };
  }

  /**
   * Indexes one fetched batch of a partition and records where to resume, in one transaction.
   * Records already indexed are skipped. Returns the number of records added.
   */
  indexBatch(topic: string, partition: number, records: readonly DlqRecord[], nextOffset: string): number {
    return this.indexPrepared(topic, partition, prepareBatch(records), nextOffset);
  }

  /** indexBatch for a batch prepared beforehand (prepare.ts), e.g. on another thread. */
  indexPrepared(topic: string, partition: number, batch: PreparedBatch, nextOffset: string): number {
    checkPartition(partition);
    const next = parseOffset(nextOffset, 'nextOffset');
    const { rows, blocks } = batch;
    if (blocks.length !== Math.ceil(rows.length / DOC_BLOCK_RECORDS)) {
      throw new Error(`a prepared batch of ${rows.length} records with ${blocks.length} doc blocks`);
    }
    return this.ctx.write((changes) => {
      const { dict } = this.ctx;
      const topicId = dict.topicId(topic);
      const offsets = rows.map((row) => parseOffset(row.offset, 'offset'));
      const pending = this.pendingStatuses(topic, partition, offsets);
      const rids = new Map<number, bigint>();
      let docId = (this.stmt.lastDoc.get()?.id ?? 0) + 1;
      let added = 0;
      for (let first = 0; first < rows.length; first += DOC_BLOCK_RECORDS) {
        // A block is stored when any of its records is new; the slots of skipped ones are never read.
        let blockLast = -1n;
        const end = Math.min(first + DOC_BLOCK_RECORDS, rows.length);
        for (let i = first; i < end; i += 1) {
          const row = rows[i]!;
          if (row.topic !== topic || row.partition !== partition) {
            throw new Error(`record ${row.topic}/${row.partition} in a batch of ${topic}/${partition}`);
          }
          const offset = offsets[i] ?? 0n;
          const history = pending.get(row.offset);
          // In DIMS order (filter.ts).
          const values = [
            dict.groupId(topicId, row.errorGroup, row.errorClass),
            dict.classId(row.errorClass),
            dict.originId(row.originTopic),
            partition,
            history?.status ?? 0,
            row.format,
          ];
          const rid = this.allocateRid(row.ts, rids);
          const inserted = this.stmt.insertRecord.run(
            rid,
            topicId,
            partition,
            offset,
            row.ts,
            values[0],
            values[1],
            values[2],
            values[4],
            values[5],
            history?.replayCount ?? 0,
            row.originPartition,
            originOffset(row.originOffset),
            row.keyKind,
            row.key,
            row.message,
            docId,
            i - first,
          );
          if (inserted.changes === 0) continue;
          added += 1;
          if (offset > blockLast) blockLast = offset;
          this.stmt.insertFts.run(rid, topicToken(topicId), row.ftsKey, row.ftsMessage, row.ftsValue);
          changes.add(topicId, row.ts, values, 1);
        }
        if (blockLast >= 0n) {
          const { core, detail } = blocks[first / DOC_BLOCK_RECORDS]!;
          this.stmt.insertDocs.run(docId, topicId, partition, blockLast, asBuffer(core), asBuffer(detail));
          docId += 1;
        }
      }
      this.stmt.progress.run(topicId, partition, next);
      return added;
    });
  }

  /** Where to resume consuming a partition; null when it was never indexed. */
  nextOffset(topic: string, partition: number): string | null {
    const topicId = this.ctx.dict.findTopic(topic);
    if (topicId === null) return null;
    return this.stmt.nextOffset.get(topicId, partition)?.next ?? null;
  }

  /** The topics with indexing progress, i.e. every DLQ the index holds. */
  indexedTopics(): string[] {
    return this.stmt.indexedTopics.all().map((row) => row.name);
  }

  partitions(topic: string): PartitionProgress[] {
    const topicId = this.ctx.dict.findTopic(topic);
    return topicId === null ? [] : this.stmt.partitions.all(topicId);
  }

  /**
   * Retention moved the partition's log start: records below it leave the index, and the resume
   * offset is raised to it (what lay below is gone from Kafka). Returns the number removed.
   */
  removeBelow(topic: string, partition: number, logStartOffset: string): number {
    checkPartition(partition);
    const logStart = parseOffset(logStartOffset, 'logStartOffset');
    return this.ctx.write((changes) => {
      const topicId = this.ctx.dict.findTopic(topic);
      if (topicId === null) return 0;
      let removed = 0;
      for (;;) {
        const rows = this.stmt.below.all(topicId, partition, logStart, DELETE_CHUNK);
        for (const row of rows) {
          this.deleteRow(row.rid);
          const values = [
            row.group_id,
            row.class_id,
            row.origin_id,
            BigInt(partition),
            row.status,
            row.format,
          ];
          changes.add(topicId, Number(row.ts), values.map(Number), -1);
        }
        removed += rows.length;
        if (rows.length < DELETE_CHUNK) break;
      }
      this.stmt.deleteDocsBelow.run(topicId, partition, logStart);
      this.stmt.deleteHistoryBelow.run(topic, partition, logStart);
      this.stmt.raiseProgress.run(logStart, topicId, partition);
      if (removed > 0 && this.stmt.deleteEmptyGroups.run(topicId).changes > 0) this.ctx.dict.reset();
      return removed;
    });
  }

  /** The topic is no longer a DLQ (or was deleted): everything about it leaves. Returns the records removed. */
  removeTopic(topic: string): number {
    return this.ctx.write((changes) => {
      const topicId = this.ctx.dict.findTopic(topic);
      const db = this.ctx.db;
      db.prepare('DELETE FROM history WHERE topic = ?').run(topic);
      if (topicId === null) return 0;
      let removed = 0;
      for (;;) {
        const rows = this.stmt.topicRows.all(topicId, DELETE_CHUNK);
        for (const row of rows) this.deleteRow(row.rid);
        removed += rows.length;
        if (rows.length < DELETE_CHUNK) break;
      }
      this.stmt.deleteTopicDocs.run(topicId);
      for (const table of ['groups', 'partitions', 'topics']) {
        db.prepare(`DELETE FROM ${table} WHERE topic_id = ?`).run(topicId);
      }
      changes.droppedTopics.push(topicId);
      this.ctx.dict.reset();
      return removed;
    });
  }

  private deleteRow(rid: bigint): void {
    this.stmt.deleteFts.run(rid);
    this.stmt.deleteRecord.run(rid);
  }

  /** Statuses from the durable state that arrived before their records (see status.ts). */
  private pendingStatuses(
    topic: string,
    partition: number,
    offsets: readonly bigint[],
  ): Map<string, { status: number; replayCount: number }> {
    const found = new Map<string, { status: number; replayCount: number }>();
    if (offsets.length === 0) return found;
    let low = MAX_INT64;
    let high = 0n;
    for (const offset of offsets) {
      if (offset < low) low = offset;
      if (offset > high) high = offset;
    }
    const replayed = statusCode('replayed');
    for (const row of this.stmt.pending.all(topic, partition, low, high)) {
      const entry = found.get(row.offset) ?? { status: 0, replayCount: 0 };
      entry.status = row.status;
      if (row.status === replayed) entry.replayCount += 1;
      found.set(row.offset, entry);
    }
    return found;
  }

  /** The next free rid for ts; `next` remembers the batch's allocations per millisecond. */
  private allocateRid(ts: number, next: Map<number, bigint>): bigint {
    let rid = next.get(ts) ?? this.firstFree(ts);
    if (rid >= ridCeiling(ts)) {
      // More than 2^20 records in this millisecond: take room in the following ones.
      let ms = ts;
      while (rid >= ridCeiling(ms)) {
        ms += 1;
        rid = this.firstFree(ms);
      }
      this.ctx.recordSpill(ms - ts);
      // Other milliseconds' cached positions may now be taken.
      next.clear();
    }
    next.set(ts, rid + 1n);
    return rid;
  }

  private firstFree(ms: number): bigint {
    const max = this.stmt.maxRid.get(ridFloor(ms), ridCeiling(ms))?.m ?? null;
    return max === null ? ridFloor(ms) : max + 1n;
  }
}

interface BelowRow {
  rid: bigint;
  ts: bigint;
  group_id: bigint;
  class_id: bigint;
  origin_id: bigint;
  status: bigint;
  format: bigint;
}

// A block that crossed threads arrives as a plain Uint8Array.
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function originOffset(offset: string | null): bigint | null {
  return offset !== null && OFFSET.test(offset) && BigInt(offset) <= MAX_INT64 ? BigInt(offset) : null;
}

function parseOffset(value: string, field: string): bigint {
  if (!OFFSET.test(value) || BigInt(value) > MAX_INT64) {
    throw new InvalidQueryError(field, `not an offset: ${JSON.stringify(value).slice(0, 40)}`);
  }
  return BigInt(value);
}

function checkPartition(partition: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition > 2 ** 31 - 1) {
    throw new InvalidQueryError('partition', 'not a partition number');
  }
}
