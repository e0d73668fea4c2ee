// Retention and compaction, run periodically over every partition. Both act at batch granularity on
// committed data (below the high watermark) and apply the same change to every replica's log.
//   retention: batches older than retention.ms, or beyond retention.bytes, leave the log (log start
//   offset moves). Kafka deletes whole segments; deleting batches is finer, so retention bites sooner.
//   compaction (cleanup.policy=compact): only the latest record per key survives; tombstones go once
//   their batch is older than delete.retention.ms. Partly compacted batches are rebuilt uncompressed.
//   A batch whose records cannot be decoded is kept whole and its keys are ignored.
import { decodeRecords, rebuildBatch, type BatchRecord } from '../protocol/record-batch';
import type { Partition } from './partition';
import type { LogEntry } from './replica-log';

export class LogCleaner {
  /** Per partition, the high watermark at its last compaction (nothing new and no tombstones: skip). */
  private readonly compactedUpTo = new WeakMap<Partition, { hw: number; tombstones: boolean }>();
  private running: Promise<void> | null = null;

  constructor(private readonly partitions: () => Partition[]) {}

  run(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = Date.now();
    for (const p of this.partitions()) {
      if (p.deleted) continue;
      if (p.config.deletesOld) this.applyRetention(p, now);
      const last = this.compactedUpTo.get(p);
      if (p.config.compacted && (last?.hw !== p.highWatermark || last.tombstones)) await this.compact(p, now);
    }
  }

  private applyRetention(p: Partition, now: number): void {
    const log = p.log;
    const retentionMs = p.config.number('retention.ms');
    const retentionBytes = p.config.number('retention.bytes');
    let start = log.logStartOffset;
    let size = log.sizeBytes;
    for (const e of log.entries) {
      if (e.lastOffset >= p.highWatermark) break;
      const expired = retentionMs >= 0 && e.maxTimestamp < now - retentionMs;
      const oversized = retentionBytes >= 0 && size > retentionBytes;
      if (!expired && !oversized) break;
      start = e.lastOffset + 1;
      size -= e.bytes.length;
    }
    if (start > log.logStartOffset) {
      for (const replica of p.logs.values()) replica.advanceStart(start);
      p.notify();
    }
  }

  private async compact(p: Partition, now: number): Promise<void> {
    const hw = p.highWatermark;
    const entries = p.log.entries.filter((e) => e.lastOffset < hw);
    const decoded = new Map<LogEntry, BatchRecord[]>();
    const latest = new Map<string, number>();
    for (const e of entries) {
      let records: BatchRecord[];
      try {
        records = await decodeRecords(e.bytes);
      } catch {
        continue;
      }
      decoded.set(e, records);
      for (const r of records) if (r.key) latest.set(r.key.toString('latin1'), e.baseOffset + r.offsetDelta);
    }
    const tombstoneCutoff = now - p.config.number('delete.retention.ms');
    const replacements = new Map<LogEntry, LogEntry | null>();
    let tombstones = false;
    for (const [e, records] of decoded) {
      const kept = records.filter((r) => {
        if (!r.key) return true;
        if (latest.get(r.key.toString('latin1')) !== e.baseOffset + r.offsetDelta) return false;
        if (r.value !== null) return true;
        const keep = e.maxTimestamp >= tombstoneCutoff;
        tombstones ||= keep;
        return keep;
      });
      if (kept.length === records.length) continue;
      replacements.set(
        e,
        kept.length === 0 ? null : { ...e, bytes: rebuildBatch(e.bytes, kept), recordCount: kept.length },
      );
    }
    if (replacements.size > 0 && !p.deleted) {
      for (const replica of p.logs.values()) replica.replaceEntries(replacements);
    }
    this.compactedUpTo.set(p, { hw, tombstones });
  }
}
