import 'server-only';

// kafkajs wraps the Kafka error it gave up on (KafkaJSNumberOfRetriesExceeded, and also
// KafkaJSNonRetriableError when a metadata refresh ran out of retries during an election), so the top-level
// `retriable` flag is not the truth: classification looks at the innermost error of the `cause` chain.

/** Errors that a resend of the same record cannot fix. */
const NON_RETRIABLE = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'CORRUPT_MESSAGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
  'UNSUPPORTED_COMPRESSION_TYPE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'INVALID_TOPIC_EXCEPTION',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'SASL_AUTHENTICATION_FAILED',
  'POLICY_VIOLATION',
  'INVALID_REQUIRED_ACKS',
  'UNSUPPORTED_VERSION',
  // Idempotence state errors: the producer id is reset before the next send.
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** Errors about one record's content: a batch failing with one of them is split to find the record. */
const RECORD_SPECIFIC = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'CORRUPT_MESSAGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
]);

const SEQUENCE_STATE = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** Failures after which the batch may or may not have been appended. */
const MAYBE_WRITTEN = new Set([
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSConnectionError',
]);

export interface Classified {
  /** The Kafka error name (e.g. NOT_ENOUGH_REPLICAS) or, for client-side failures, the kafkajs error name. */
  errorName: string;
  message: string;
  retriable: boolean;
  /** Split the batch: the failure is about one record's content. */
  recordSpecific: boolean;
  /** The producer's sequence state may be off: reset the producer id before sending more. */
  resetProducer: boolean;
  /** The request may have been appended even though it failed. */
  maybeWritten: boolean;
  /** kafkajs's own view of the brokers may be broken: reconnect it before the resend. */
  repairClient: boolean;
}

interface ErrorLike {
  name?: string;
  type?: string;
  message?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/** The innermost error of kafkajs's wrapping (`cause`, or `originalError` on older wrappers). */
export function innermostError(err: unknown): ErrorLike {
  let current = (err ?? {}) as ErrorLike;
  const seen = new Set<unknown>();
  while (!seen.has(current)) {
    seen.add(current);
    const next = (current.cause ?? current.originalError) as ErrorLike | undefined;
    if (!next || typeof next !== 'object') break;
    current = next;
  }
  return current;
}

/**
 * Records are checked before kafkajs sees them (reliable-producer.ts), so an error that is neither a Kafka error
 * nor a known kafkajs one is the client failing in its own bookkeeping: kafkajs 2.2.4 throws a TypeError when
 * several sends reconnect a dropped cluster connection at once, after a request whose response was lost. Its
 * outcome is unknown, and a resend of the very same batch is the way to learn it.
 */
function isClientBookkeepingFailure(inner: ErrorLike, errorName: string): boolean {
  return !inner.type && !errorName.startsWith('KafkaJS');
}

export function classifyError(err: unknown): Classified {
  const inner = innermostError(err);
  const errorName = inner.type ?? inner.name ?? 'UnknownError';
  const message = inner.message ?? String(err);
  const bookkeeping = isClientBookkeepingFailure(inner, errorName);
  return {
    errorName,
    message,
    retriable: bookkeeping || (!NON_RETRIABLE.has(errorName) && inner.retriable !== false),
    recordSpecific: RECORD_SPECIFIC.has(errorName),
    resetProducer: SEQUENCE_STATE.has(errorName),
    maybeWritten: bookkeeping || MAYBE_WRITTEN.has(errorName),
    repairClient: bookkeeping,
  };
}
