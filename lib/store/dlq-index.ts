import 'server-only';
import type { DlqRecord } from '../dlq/types';
import { StoreContext } from './context';
import { openDatabase } from './database';
import { facets } from './facets';
import { getRecord } from './get-record';
import { getReplayRecords } from './get-records';
import { histogram } from './histogram';
import { MAX_PAGE_SIZE } from './limits';
import type { PreparedBatch } from './prepare';
import { errorGroups, listDlqs } from './overview';
import { queryRecords } from './records-query';
import { StatusBook } from './status';
import type {
  DlqSummary,
  ErrorGroupSummary,
  Facets,
  Histogram,
  HistogramOptions,
  HistoryEntry,
  PageOptions,
  PartitionProgress,
  RecordFilter,
  RecordPage,
  ReplayRecord,
  StatusChange,
  StatusOutcome,
  StoredRecord,
} from './types';
import { Writer } from './writer';

/**
 * The index of DLQ records: a cache derived from Kafka, deletable and rebuildable at any time.
 * One instance per process owns the file (better-sqlite3 is synchronous: calls are short and
 * never interleave).
 */
export class DlqIndex {
  private readonly ctx: StoreContext;
  private readonly writer: Writer;
  private readonly statuses: StatusBook;

  private constructor(ctx: StoreContext) {
    this.ctx = ctx;
    this.writer = new Writer(ctx);
    this.statuses = new StatusBook(ctx);
  }

  /** Opens `index.sqlite` under dataDir, deleting it first when it has another schema version or is damaged. */
  static open(dataDir: string): DlqIndex {
    return new DlqIndex(new StoreContext(openDatabase(dataDir)));
  }

  close(): void {
    if (this.ctx.db.open) this.ctx.db.close();
  }

  indexBatch(topic: string, partition: number, records: readonly DlqRecord[], nextOffset: string): number {
    return this.writer.indexBatch(topic, partition, records, nextOffset);
  }

  indexPrepared(topic: string, partition: number, batch: PreparedBatch, nextOffset: string): number {
    return this.writer.indexPrepared(topic, partition, batch, nextOffset);
  }

  nextOffset(topic: string, partition: number): string | null {
    return this.writer.nextOffset(topic, partition);
  }

  indexedTopics(): string[] {
    return this.writer.indexedTopics();
  }

  partitions(topic: string): PartitionProgress[] {
    return this.writer.partitions(topic);
  }

  removeBelow(topic: string, partition: number, logStartOffset: string): number {
    return this.writer.removeBelow(topic, partition, logStartOffset);
  }

  removeTopic(topic: string): number {
    return this.writer.removeTopic(topic);
  }

  setStatus(id: string, change: StatusChange): StatusOutcome {
    return this.statuses.setStatus(id, change);
  }

  setStatuses(changes: readonly { id: string; change: StatusChange }[]): StatusOutcome[] {
    return this.statuses.setStatuses(changes);
  }

  history(id: string): HistoryEntry[] {
    return this.statuses.history(id);
  }

  listDlqs(now: number): DlqSummary[] {
    return listDlqs(this.ctx, now);
  }

  errorGroups(topic: string): ErrorGroupSummary[] {
    return errorGroups(this.ctx, topic);
  }

  queryRecords(topic: string, filter: RecordFilter, options?: PageOptions): RecordPage {
    return queryRecords(this.ctx, topic, filter, options);
  }

  /** The ids of the records the filter matches, oldest first, a page at a time (each page read when asked for). */
  *idPages(topic: string, filter: RecordFilter): Generator<string[]> {
    let cursor: string | undefined;
    do {
      const page = queryRecords(this.ctx, topic, filter, { cursor, limit: MAX_PAGE_SIZE, order: 'oldest' });
      if (page.rows.length > 0) yield page.rows.map((row) => row.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  }

  facets(topic: string, filter: RecordFilter): Facets {
    return facets(this.ctx, topic, filter);
  }

  histogram(topic: string, filter: RecordFilter, options: HistogramOptions): Histogram {
    return histogram(this.ctx, topic, filter, options);
  }

  getRecord(id: string): StoredRecord | null {
    return getRecord(this.ctx, this.statuses, id);
  }

  /**
   * Many records in input order (null where missing), as a replay reads them: without their history and error
   * analysis, and without the headers their convention defines (only those headers' keys) unless
   * `withConventionHeaders`.
   */
  getReplayRecords(ids: readonly string[], withConventionHeaders: boolean): (ReplayRecord | null)[] {
    return getReplayRecords(this.ctx, ids, withConventionHeaders);
  }
}
