import 'server-only';

// Counters since start plus per-second buckets over the last minute, for the Prometheus exposition
// and the replay job view.

const WINDOW_SECONDS = 60;

export interface ProducerMetricsSnapshot {
  totals: {
    /** Records acknowledged by the cluster. */
    recordsSent: number;
    /** Records reported failed (retriable or not). */
    recordsFailed: number;
    /** Produce attempts that were a resend after a retriable failure. */
    retries: number;
    /** Produce requests made (first attempts and retries). */
    requests: number;
    /** Producer id resets after an ambiguous or sequence failure. */
    producerResets: number;
    /** Reconnects of the kafkajs client, keeping the producer id, after it lost track of the brokers. */
    clientRepairs: number;
    failuresByError: Record<string, number>;
  };
  inFlight: { records: number; requests: number };
  /** Per second, averaged over the last minute (or since start when younger). */
  rates: { sendRate: number; errorRate: number; retryRate: number };
}

interface Bucket {
  second: number;
  sent: number;
  failed: number;
  retries: number;
}

export class ProducerMetrics {
  private readonly startedAt: number;
  private readonly buckets: Bucket[] = [];
  private recordsSent = 0;
  private recordsFailed = 0;
  private retries = 0;
  private requests = 0;
  private producerResets = 0;
  private clientRepairs = 0;
  private readonly failuresByError = new Map<string, number>();
  inFlightRecords = 0;
  inFlightRequests = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.startedAt = now();
  }

  private bucket(): Bucket {
    const second = Math.floor(this.now() / 1000);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.second === second) return last;
    const fresh = { second, sent: 0, failed: 0, retries: 0 };
    this.buckets.push(fresh);
    while (this.buckets.length > 0 && this.buckets[0]!.second <= second - WINDOW_SECONDS)
      this.buckets.shift();
    return fresh;
  }

  sent(records: number): void {
    this.recordsSent += records;
    this.bucket().sent += records;
  }

  failed(records: number, errorName: string): void {
    this.recordsFailed += records;
    this.bucket().failed += records;
    this.failuresByError.set(errorName, (this.failuresByError.get(errorName) ?? 0) + records);
  }

  retried(): void {
    this.retries += 1;
    this.bucket().retries += 1;
  }

  requested(): void {
    this.requests += 1;
  }

  reset(): void {
    this.producerResets += 1;
  }

  repaired(): void {
    this.clientRepairs += 1;
  }

  snapshot(): ProducerMetricsSnapshot {
    const now = this.now();
    const second = Math.floor(now / 1000);
    const recent = this.buckets.filter((b) => b.second > second - WINDOW_SECONDS);
    const seconds = Math.min(WINDOW_SECONDS, Math.max(1, (now - this.startedAt) / 1000));
    const rate = (pick: (b: Bucket) => number) => recent.reduce((n, b) => n + pick(b), 0) / seconds;
    return {
      totals: {
        recordsSent: this.recordsSent,
        recordsFailed: this.recordsFailed,
        retries: this.retries,
        requests: this.requests,
        producerResets: this.producerResets,
        clientRepairs: this.clientRepairs,
        failuresByError: Object.fromEntries(this.failuresByError),
      },
      inFlight: { records: this.inFlightRecords, requests: this.inFlightRequests },
      rates: {
        sendRate: rate((b) => b.sent),
        errorRate: rate((b) => b.failed),
        retryRate: rate((b) => b.retries),
      },
    };
  }
}
