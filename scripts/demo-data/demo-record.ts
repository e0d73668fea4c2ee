import type { BusinessEvent } from './business-events';
import type { Failure } from './failures';
import type { Prng } from './prng';
import type { DemoDlq } from './topics';

export type HeaderList = Array<[string, Buffer | null]>;

/** A failed record as its framework wrote it to the DLQ. Headers keep their order and repeats. */
export interface DemoRecord {
  topic: string;
  partition?: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: HeaderList;
  timestamp: number;
}

/** Where the failed record came from. */
export interface Origin {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  headers: HeaderList;
}

/** Everything a convention needs to write one DLQ record. */
export interface FailedRecordContext {
  prng: Prng;
  dlq: DemoDlq;
  origin: Origin;
  event: BusinessEvent;
  /** The original value as the source topic held it. */
  value: Buffer;
  failure: Failure;
  timestamp: number;
}

export type ConventionOutput = Omit<DemoRecord, 'topic' | 'timestamp'>;
