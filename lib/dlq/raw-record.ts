import 'server-only';

export interface RawKafkaHeader {
  key: string;
  value: Buffer | null;
}

/** One record as fetched from a DLQ topic, independent of the Kafka client library. */
export interface RawKafkaRecord {
  topic: string;
  partition: number;
  /** int64 as a decimal string: JavaScript numbers lose precision past 2^53. */
  offset: string;
  /** Milliseconds since the epoch as a decimal string. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Wire order, repeated keys kept. */
  headers: RawKafkaHeader[];
}
