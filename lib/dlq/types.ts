import 'server-only';

/*
 * A DlqRecord is plain JSON data: JSON.parse(JSON.stringify(record)) equals the record. The index
 * stores it and the API returns it as is, so bytes are never Buffers (JSON.stringify turns a Buffer
 * into {type, data: [...]}, four to five times its size, which does not parse back into a Buffer).
 * Bytes are kept exactly once: as `text` when they are valid UTF-8 without control characters
 * (re-encoding the text gives back the same bytes), otherwise as `base64`.
 */

export const DLQ_FORMATS = [
  'kafka-connect',
  'spring-kafka',
  'spring-cloud-stream',
  'smallrye',
  'karafka',
  'json-envelope',
  'unknown',
] as const;
export type DlqFormat = (typeof DLQ_FORMATS)[number];

export const PAYLOAD_KINDS = ['null', 'empty', 'json', 'text', 'schema-registry', 'binary'] as const;
export type PayloadKind = (typeof PAYLOAD_KINDS)[number];

export interface Payload {
  /** `null` is a tombstone value or an absent key. */
  kind: PayloadKind;
  /** Full size in bytes, also when only a prefix is kept. */
  size: number;
  /** Only the first MAX_STORED_BYTES were kept; the full value must be fetched from Kafka. */
  truncated: boolean;
  text: string | null;
  base64: string | null;
  /** Confluent Schema Registry wire format: magic byte 0, then this 4-byte big-endian schema id. */
  schemaId: number | null;
}

export type HeaderEncoding =
  | 'utf8'
  | 'decimal-int'
  | 'decimal-long'
  | 'int32-be'
  | 'int64-be'
  | 'int32-be-or-byte'
  | 'bigint-be'
  | 'bytes';

export interface DlqHeader {
  key: string;
  /** Both null for a null header value. */
  text: string | null;
  base64: string | null;
  /** Set when a detected DLQ convention defines this header (replay strips these). */
  convention?: Exclude<DlqFormat, 'unknown'>;
  /** How the convention encodes the value. */
  decodedAs?: HeaderEncoding;
  /** The typed value of a numeric convention header (int64 as a decimal string); null when malformed. */
  decoded?: string | number | null;
  /** Present only when the value was longer than MAX_STORED_BYTES and cut. */
  size?: number;
  truncated?: true;
}

export interface DlqCoordinates {
  topic: string;
  partition: number;
  offset: string;
  /** Milliseconds since the epoch; null when the broker reported none. */
  timestamp: number | null;
}

export interface DlqOrigin {
  topic: string | null;
  partition: number | null;
  /** int64 as a decimal string. */
  offset: string | null;
  timestamp: number | null;
  timestampType: string | null;
  /** Only when the convention carries the original key apart from the record's own key. */
  key: Payload | null;
  /** Only when the convention wraps the original value (JSON envelopes). */
  value: Payload | null;
  consumerGroup: string | null;
  attempts: number | null;
}

export interface DlqKeyError {
  class: string | null;
  message: string | null;
  stackTrace: string | null;
}

export interface DlqError {
  class: string | null;
  message: string | null;
  /** The immediate cause (from a header, or from the "Caused by:" line of the stack trace). */
  causeClass: string | null;
  cause: string | null;
  stackTrace: string | null;
  /** Kafka Connect: the stage that failed (VALUE_CONVERTER, TRANSFORMATION, TASK_PUT, ...). */
  stage: string | null;
  /** Kafka Connect: the class executing that stage, e.g. the converter. */
  executingClass: string | null;
  connector: string | null;
  task: number | null;
  /** Spring Kafka: a key deserialization failure, reported apart from the value's. */
  keyError: DlqKeyError | null;
}

export type WarningCode =
  | 'unknown-format'
  | 'adapter-failed'
  | 'several-conventions'
  | 'header-malformed'
  | 'header-not-utf8'
  | 'header-repeated'
  | 'envelope-field-invalid'
  | 'key-truncated'
  | 'value-truncated'
  | 'header-truncated'
  | 'timestamp-invalid'
  | 'record-malformed';

export interface DlqWarning {
  code: WarningCode;
  message: string;
}

export interface ErrorGroup {
  /** Short stable hash of the normalised error: equal ids mean the same problem. */
  id: string;
  title: string;
}

export interface DlqRecord {
  dlq: DlqCoordinates;
  format: DlqFormat;
  origin: DlqOrigin;
  error: DlqError;
  errorGroup: ErrorGroup;
  /** The DLQ record's own key and value, as they are in the DLQ topic. */
  key: Payload;
  value: Payload;
  /** Every header in wire order, repeats kept. */
  headers: DlqHeader[];
  warnings: DlqWarning[];
}
