// Idempotent producer bookkeeping for one replica of a partition: per producer id, its epoch and the
// last five batches (Kafka keeps five, matching max.in.flight.requests.per.connection = 5). Derived from
// the log, so a follower that becomes leader knows the same producers, and a truncated log rebuilds it.
import { ErrorCode } from '../protocol/error-codes';

const CACHED_BATCHES = 5;
const MAX_SEQUENCE = 2147483647;

export interface ProducerBatchInfo {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  lastOffsetDelta: number;
  baseOffset: number;
}

interface CachedBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  batches: CachedBatch[];
}

export type SequenceCheck =
  { kind: 'append' } | { kind: 'duplicate'; baseOffset: number } | { kind: 'error'; code: number };

function incrementSequence(seq: number, by: number): number {
  return seq > MAX_SEQUENCE - by ? by - (MAX_SEQUENCE - seq) - 1 : seq + by;
}

export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  check(batch: Omit<ProducerBatchInfo, 'baseOffset'>): SequenceCheck {
    if (batch.producerId < 0) return { kind: 'append' };
    const entry = this.producers.get(batch.producerId);
    const firstSeq = batch.baseSequence;
    if (!entry)
      return firstSeq === 0
        ? { kind: 'append' }
        : { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    if (batch.producerEpoch < entry.epoch) return { kind: 'error', code: ErrorCode.INVALID_PRODUCER_EPOCH };
    if (batch.producerEpoch > entry.epoch) {
      return firstSeq === 0
        ? { kind: 'append' }
        : { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    const lastSeq = incrementSequence(firstSeq, batch.lastOffsetDelta);
    const dup = entry.batches.find((b) => b.firstSeq === firstSeq && b.lastSeq === lastSeq);
    if (dup) return { kind: 'duplicate', baseOffset: dup.baseOffset };
    const latest = entry.batches[entry.batches.length - 1];
    if (latest && firstSeq !== incrementSequence(latest.lastSeq, 1)) {
      return { kind: 'error', code: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER };
    }
    return { kind: 'append' };
  }

  record(batch: ProducerBatchInfo): void {
    if (batch.producerId < 0) return;
    let entry = this.producers.get(batch.producerId);
    if (!entry || batch.producerEpoch > entry.epoch) {
      entry = { epoch: batch.producerEpoch, batches: [] };
      this.producers.set(batch.producerId, entry);
    }
    entry.batches.push({
      firstSeq: batch.baseSequence,
      lastSeq: incrementSequence(batch.baseSequence, batch.lastOffsetDelta),
      baseOffset: batch.baseOffset,
    });
    if (entry.batches.length > CACHED_BATCHES) entry.batches.shift();
  }

  /**
   * Drops what a log truncation at `offset` removed: the state is rebuilt from the remaining batches
   * (oldest first); producers whose batches all left the log earlier (retention) keep what they had.
   */
  truncate(offset: number, remaining: Iterable<ProducerBatchInfo>): void {
    const before = new Map(this.producers);
    this.producers.clear();
    for (const b of remaining) this.record(b);
    for (const [id, entry] of before) {
      if (this.producers.has(id)) continue;
      const batches = entry.batches.filter((b) => b.baseOffset < offset);
      if (batches.length > 0) this.producers.set(id, { epoch: entry.epoch, batches });
    }
  }
}
