// One partition: its replicas' logs, leader, ISR and high watermark, and the simulated replication
// that copies the leader's batches to live followers after a small lag.
import { ErrorCode } from '../protocol/error-codes';
import { stampBatch, type BatchHeader } from '../protocol/record-batch';
import { ReplicaLog, type LogEntry } from './replica-log';
import type { TopicConfig } from './topic-config';

/** What a partition needs to know about the cluster around it. */
export interface PartitionHost {
  isAlive(brokerId: number): boolean;
  replicationLagMs(): number;
}

export type AppendResult = { code: number } | { code: 0; entry: LogEntry };

export class Partition {
  leader: number;
  leaderEpoch = 0;
  isr: number[];
  highWatermark = 0;
  deleted = false;
  readonly logs = new Map<number, ReplicaLog>();
  private readonly listeners = new Set<() => void>();
  private replicationTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly replicas: number[],
    readonly config: TopicConfig,
    private readonly host: PartitionHost,
  ) {
    for (const id of replicas) this.logs.set(id, new ReplicaLog());
    this.isr = replicas.filter((id) => host.isAlive(id));
    this.leader = this.isr[0] ?? -1;
  }

  /** The authoritative log: the leader's, or during an election the log of the first ISR member. */
  get log(): ReplicaLog {
    const id = this.leader >= 0 ? this.leader : (this.isr[0] ?? this.replicas[0]!);
    return this.logs.get(id)!;
  }

  get minInsyncReplicas(): number {
    return this.config.number('min.insync.replicas');
  }

  offlineReplicas(): number[] {
    return this.replicas.filter((id) => !this.host.isAlive(id));
  }

  /** Calls `listener` whenever the high watermark, leader or existence of the partition changes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const l of [...this.listeners]) l();
  }

  /** Appends a produced batch on the leader, applying the idempotent producer's sequence rules. */
  append(header: BatchHeader, bytes: Buffer): AppendResult {
    const log = this.log;
    const check = log.producers.check(header);
    if (check.kind === 'error') return { code: check.code };
    if (check.kind === 'duplicate') {
      const original = log.entries[log.indexFor(check.baseOffset)];
      if (original && original.baseOffset === check.baseOffset) return { code: 0, entry: original };
      return { code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const baseOffset = log.endOffset;
    const entry: LogEntry = {
      baseOffset,
      lastOffset: baseOffset + header.lastOffsetDelta,
      maxTimestamp: header.maxTimestamp,
      recordCount: header.recordCount,
      producerId: header.producerId,
      producerEpoch: header.producerEpoch,
      baseSequence: header.baseSequence,
      lastOffsetDelta: header.lastOffsetDelta,
      bytes: stampBatch(bytes, baseOffset, this.leaderEpoch),
    };
    log.append(entry);
    this.updateHighWatermark();
    this.scheduleReplication();
    return { code: 0, entry };
  }

  /**
   * Resolves with the acks=all outcome for an appended entry: NONE once the ISR holds it,
   * NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below min.insync.replicas meanwhile,
   * NOT_LEADER_OR_FOLLOWER if leadership moved without it, REQUEST_TIMED_OUT after `timeoutMs`.
   */
  awaitCommitted(entry: LogEntry, appendedBy: number, timeoutMs: number): Promise<number> {
    const evaluate = (): number | null => {
      if (this.deleted) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      const log = this.log;
      const present = log.entries[log.indexFor(entry.baseOffset)] === entry;
      if (present && this.highWatermark > entry.lastOffset) {
        return this.isr.length < this.minInsyncReplicas
          ? ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND
          : ErrorCode.NONE;
      }
      if (this.leader !== appendedBy) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
      return null;
    };
    const now = evaluate();
    if (now !== null) return Promise.resolve(now);
    return new Promise((resolve) => {
      const finish = (code: number): void => {
        clearTimeout(timer);
        unsubscribe();
        resolve(code);
      };
      const timer = setTimeout(() => finish(ErrorCode.REQUEST_TIMED_OUT), Math.max(0, timeoutMs));
      const unsubscribe = this.subscribe(() => {
        const code = evaluate();
        if (code !== null) finish(code);
      });
    });
  }

  scheduleReplication(): void {
    if (this.replicationTimer || this.deleted) return;
    this.replicationTimer = setTimeout(() => {
      this.replicationTimer = null;
      this.replicateNow();
    }, this.host.replicationLagMs());
    this.replicationTimer.unref();
  }

  /** Re-arms a pending replication with the current lag (after the lag setting changed). */
  rescheduleReplication(): void {
    if (!this.replicationTimer) return;
    clearTimeout(this.replicationTimer);
    this.replicationTimer = null;
    this.scheduleReplication();
  }

  /** Live followers copy everything the leader has; caught-up followers (re)join the ISR. */
  replicateNow(): void {
    if (this.replicationTimer) {
      clearTimeout(this.replicationTimer);
      this.replicationTimer = null;
    }
    if (this.leader < 0 || this.deleted) return;
    const leaderLog = this.log;
    for (const id of this.replicas) {
      if (id === this.leader || !this.host.isAlive(id)) continue;
      const follower = this.logs.get(id)!;
      follower.advanceStart(leaderLog.logStartOffset);
      for (let i = leaderLog.indexFor(follower.endOffset); i < leaderLog.entries.length; i++) {
        follower.append(leaderLog.entries[i]!);
      }
      if (!this.isr.includes(id)) this.isr = this.replicas.filter((r) => r === id || this.isr.includes(r));
    }
    this.updateHighWatermark();
  }

  updateHighWatermark(): void {
    const leaderLog = this.log;
    let hw = leaderLog.endOffset;
    for (const id of this.isr) hw = Math.min(hw, this.logs.get(id)!.endOffset);
    const next = Math.min(Math.max(this.highWatermark, hw), leaderLog.endOffset);
    if (next !== this.highWatermark) {
      this.highWatermark = next;
      this.notify();
    }
  }

  /** Drops a stopped broker from the ISR; Kafka never empties the ISR, so the last member stays. */
  shrinkIsr(brokerId: number): void {
    if (!this.isr.includes(brokerId) || this.isr.length === 1) return;
    this.isr = this.isr.filter((id) => id !== brokerId);
    this.updateHighWatermark();
    this.notify();
  }

  /** Withdraws leadership while an election runs: no leader, produce and fetch get NOT_LEADER_OR_FOLLOWER. */
  withdrawLeader(): void {
    if (this.leader < 0) return;
    this.leader = -1;
    this.notify();
  }

  /** Elects the first live ISR member (in replica order) other than `exclude`; returns false if none. */
  electLeader(exclude?: number): boolean {
    const candidate = this.replicas.find(
      (id) => id !== exclude && this.isr.includes(id) && this.host.isAlive(id),
    );
    if (candidate === undefined) return false;
    this.makeLeader(candidate);
    return true;
  }

  makeLeader(brokerId: number): void {
    const previous = this.leader;
    this.leader = brokerId;
    this.leaderEpoch++;
    if (previous !== brokerId) {
      // The new leader's log is the truth; other replicas drop whatever it lacks when they next copy.
      for (const [id, log] of this.logs) if (id !== brokerId) this.truncateToLeader(log);
    }
    this.updateHighWatermark();
    this.notify();
    this.scheduleReplication();
  }

  /** A restarted replica keeps the prefix it shares with the leader, then catches up by replication. */
  rejoin(brokerId: number): void {
    if (this.leader < 0) {
      if (this.isr.includes(brokerId)) this.makeLeader(brokerId);
      return;
    }
    this.truncateToLeader(this.logs.get(brokerId)!);
    this.scheduleReplication();
  }

  private truncateToLeader(follower: ReplicaLog): void {
    const leaderLog = this.log;
    if (follower === leaderLog) return;
    follower.advanceStart(leaderLog.logStartOffset);
    for (const e of follower.entries) {
      if (leaderLog.entries[leaderLog.indexFor(e.baseOffset)] !== e) {
        follower.truncateTo(e.baseOffset);
        break;
      }
    }
    if (follower.endOffset > leaderLog.endOffset) follower.truncateTo(leaderLog.endOffset);
  }

  close(): void {
    this.deleted = true;
    if (this.replicationTimer) clearTimeout(this.replicationTimer);
    this.replicationTimer = null;
    this.notify();
    this.listeners.clear();
  }
}
