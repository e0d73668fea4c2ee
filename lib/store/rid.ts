import 'server-only';

/*
 * rid = (ts + 1) * 2^20 + seq: ordering by rid orders by time, and ties (records of the same
 * millisecond) by arrival. ts -1 (no usable timestamp) sorts before every real time. Ids are
 * int64, beyond JavaScript's exact integers, so they are bigint here. When more than 2^20 records
 * share a millisecond the next ones spill into the following milliseconds' ranges; the widest
 * spill is kept in meta so that time bounds on rid stay conservative (the ts column decides).
 */

const SEQ_BITS = 20n;
const SEQ_SPAN = 1n << SEQ_BITS;

/** Times from 0 up to this (year 2248) are used as they are; anything else counts as no timestamp. */
const MAX_TS = 2 ** 43 - 2;

export function sortableTime(ts: number | null): number {
  return ts !== null && Number.isSafeInteger(ts) && ts >= 0 && ts <= MAX_TS ? ts : -1;
}

/** The smallest rid a record of time ts can have. */
export function ridFloor(ts: number): bigint {
  return BigInt(ts + 1) << SEQ_BITS;
}

/** The millisecond range a rid lies in (may be later than its record's ts after a spill). */
export function ridTime(rid: bigint): number {
  return Number(rid >> SEQ_BITS) - 1;
}

export function ridCeiling(ts: number): bigint {
  return ridFloor(ts) + SEQ_SPAN;
}
