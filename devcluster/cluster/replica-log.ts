// The log of one replica of a partition: whole record batches in offset order. Followers hold the very
// same LogEntry objects as the leader (batches are immutable once stamped), so replication copies
// references, and "same entry" means "same object".
import { ProducerStateTable, type ProducerBatchInfo } from './producer-state';

export interface LogEntry extends ProducerBatchInfo {
  /** Offset of the batch's last record. */
  lastOffset: number;
  maxTimestamp: number;
  recordCount: number;
  bytes: Buffer;
}

export interface ReadResult {
  batches: Buffer[];
  size: number;
}

export class ReplicaLog {
  entries: LogEntry[] = [];
  logStartOffset = 0;
  /** Log end offset: the offset the next appended record gets. */
  endOffset = 0;
  sizeBytes = 0;
  readonly producers = new ProducerStateTable();

  append(entry: LogEntry): void {
    this.entries.push(entry);
    this.endOffset = entry.lastOffset + 1;
    this.sizeBytes += entry.bytes.length;
    this.producers.record(entry);
  }

  /** Index of the first entry holding `offset` or anything after it. */
  indexFor(offset: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes every batch at or after `offset` (a batch boundary). */
  truncateTo(offset: number): void {
    if (offset >= this.endOffset) return;
    const idx = this.indexFor(offset);
    const removed = this.entries.splice(idx);
    for (const e of removed) this.sizeBytes -= e.bytes.length;
    this.endOffset = Math.max(offset, this.logStartOffset);
    this.producers.truncate(offset, this.entries);
  }

  /** Moves the log start forward, dropping batches that lie wholly before it. */
  advanceStart(offset: number): void {
    if (offset <= this.logStartOffset) return;
    this.logStartOffset = offset;
    const idx = this.indexFor(offset);
    for (const e of this.entries.splice(0, idx)) this.sizeBytes -= e.bytes.length;
    if (this.endOffset < offset) this.endOffset = offset;
  }

  /** Replaces entries in place (compaction); a null replacement removes the entry. */
  replaceEntries(replacements: ReadonlyMap<LogEntry, LogEntry | null>): void {
    if (!this.entries.some((e) => replacements.has(e))) return;
    const next: LogEntry[] = [];
    for (const e of this.entries) {
      const r = replacements.has(e) ? replacements.get(e)! : e;
      if (r) next.push(r);
    }
    this.entries = next;
    this.sizeBytes = next.reduce((n, e) => n + e.bytes.length, 0);
  }

  /**
   * Whole batches from the one holding `from` up to (not including) `upTo`, within `maxBytes`; with
   * `minOne` the first batch is returned even when it alone exceeds the limit, so consumers progress.
   */
  read(from: number, upTo: number, maxBytes: number, minOne: boolean): ReadResult {
    const batches: Buffer[] = [];
    let size = 0;
    for (let i = this.indexFor(from); i < this.entries.length; i++) {
      const e = this.entries[i]!;
      if (e.baseOffset >= upTo) break;
      if (size + e.bytes.length > maxBytes && !(minOne && batches.length === 0)) break;
      batches.push(e.bytes);
      size += e.bytes.length;
    }
    return { batches, size };
  }
}
