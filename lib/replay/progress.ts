import 'server-only';
import type { JobFailure, JobTotals } from './types';

const WINDOW_MS = 5_000;
const MAX_FAILURES = 200;

/** A job's counters, rebuilt from its journal after a restart and updated as batches settle. */
export class JobProgress {
  readonly totals: JobTotals;
  readonly failedByReason: Record<string, number> = {};
  readonly skippedByReason: Record<string, number> = {};
  readonly failures: JobFailure[] = [];
  /** Records with a final outcome. */
  readonly done = new Set<string>();
  droppedNullHeaders = 0;
  partitionFallbacks = 0;
  patchErrors: string[] = [];
  private readonly recent: { at: number; count: number }[] = [];

  constructor(selected: number) {
    this.totals = { selected, sent: 0, succeeded: 0, failed: 0, skipped: 0 };
  }

  replayed(id: string): void {
    if (!this.settle(id)) return;
    this.totals.sent++;
    this.totals.succeeded++;
  }

  failed(failure: JobFailure, errorName: string, sent: boolean): void {
    if (!this.settle(failure.id)) return;
    if (sent) this.totals.sent++;
    this.totals.failed++;
    this.failedByReason[errorName] = (this.failedByReason[errorName] ?? 0) + 1;
    if (this.failures.length < MAX_FAILURES) this.failures.push(failure);
  }

  skipped(id: string, reason: string, detail?: string): void {
    if (!this.settle(id)) return;
    this.totals.skipped++;
    this.skippedByReason[reason] = (this.skippedByReason[reason] ?? 0) + 1;
    if (reason === 'patch-not-applicable' && detail && this.patchErrors.length < 3)
      this.patchErrors.push(detail);
  }

  /** Counts records towards the current rate. */
  tick(count: number, now = Date.now()): void {
    this.recent.push({ at: now, count });
    while (this.recent.length > 0 && this.recent[0]!.at < now - WINDOW_MS) this.recent.shift();
  }

  rate(now = Date.now()): number {
    const inWindow = this.recent.filter((r) => r.at >= now - WINDOW_MS);
    if (inWindow.length === 0) return 0;
    const count = inWindow.reduce((n, r) => n + r.count, 0);
    const span = Math.max(1000, now - inWindow[0]!.at);
    return Math.round((count / span) * 1000 * 10) / 10;
  }

  remaining(): number {
    return this.totals.selected - this.done.size;
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.droppedNullHeaders > 0)
      notes.push(
        `${this.droppedNullHeaders} null-valued header(s) were left out: the Kafka client cannot send null header values`,
      );
    if (this.partitionFallbacks > 0)
      notes.push(
        `${this.partitionFallbacks} record(s) went by key: their original partition is unknown or the target has fewer partitions`,
      );
    for (const error of this.patchErrors) notes.push(`patch not applicable: ${error}`);
    return notes;
  }

  private settle(id: string): boolean {
    if (this.done.has(id)) return false;
    this.done.add(id);
    return true;
  }
}
