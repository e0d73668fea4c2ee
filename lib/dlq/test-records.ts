import 'server-only';
import type { RawKafkaHeader, RawKafkaRecord } from './raw-record';

/** Builders for tests: records spelled out byte for byte, as a framework would have written them. */

export function bytes(...values: number[]): Buffer {
  return Buffer.from(values);
}

export function header(key: string, value: string | Buffer | null): RawKafkaHeader {
  return { key, value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value };
}

export function rawRecord(overrides: Partial<RawKafkaRecord> = {}): RawKafkaRecord {
  return {
    topic: 'dlq',
    partition: 0,
    offset: '0',
    timestamp: '1700000000000',
    key: null,
    value: null,
    headers: [],
    ...overrides,
  };
}

/** A deterministic pseudo-random generator (mulberry32), so property-style tests replay exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
