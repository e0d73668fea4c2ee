import { utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext } from '../demo-record';

type Envelope = (context: FailedRecordContext) => Record<string, unknown>;

const SNAKE_CASE: Envelope = ({ origin, value, failure, timestamp, prng }) => ({
  original_topic: origin.topic,
  original_partition: origin.partition,
  original_offset: origin.offset,
  original_key: origin.key,
  original_value: value.toString('utf8'),
  error: failure.message,
  error_code: failure.code,
  failed_at: new Date(timestamp).toISOString(),
  service: 'notification-dispatcher',
  attempt: prng.int(1, 5),
});

const NESTED_CAUSE: Envelope = ({ origin, event, failure, timestamp }) => ({
  source_topic: origin.topic,
  source_partition: origin.partition,
  source_offset: origin.offset,
  input_value: event.body,
  reason: failure.code,
  cause: {
    error_class: failure.errorClass,
    message: failure.message,
    stack_trace: `${failure.errorClass}: ${failure.message}\n    at dispatch (/app/src/dispatcher.ts:88:11)\n    at processTicksAndRejections (node:internal/process/task_queues:95:5)`,
  },
  failed_at: new Date(timestamp).toISOString(),
});

const CAMEL_CASE: Envelope = ({ origin, event, failure, timestamp, prng }) => ({
  sourceTopic: origin.topic,
  sourcePartition: origin.partition,
  sourceOffset: origin.offset,
  sourceKey: origin.key,
  originalValue: event.body,
  errorClass: failure.errorClass,
  errorMessage: failure.message,
  failedAt: timestamp,
  retryCount: prng.int(0, 3),
});

const BASE64_VALUE: Envelope = ({ origin, value, failure, timestamp }) => ({
  originalTopic: origin.topic,
  originalPartition: origin.partition,
  originalOffset: origin.offset,
  originalKey: origin.key,
  originalValue: value.toString('base64'),
  originalValueEncoding: 'base64',
  description: failure.message,
  errorCode: failure.code,
  timestamp: new Date(timestamp).toISOString(),
});

// Each DLQ is written by services of one team, which changed the envelope once.
const ENVELOPES: Record<string, ReadonlyArray<{ weight: number; envelope: Envelope }>> = {
  'notifications.DLQ': [
    { weight: 7, envelope: SNAKE_CASE },
    { weight: 3, envelope: NESTED_CAUSE },
  ],
  'invoices-dlq': [
    { weight: 6, envelope: CAMEL_CASE },
    { weight: 4, envelope: BASE64_VALUE },
  ],
};

/** A hand-rolled JSON envelope wrapping the failed record; no standard, several spellings. */
export function jsonEnvelopeRecord(context: FailedRecordContext): ConventionOutput {
  const variants = ENVELOPES[context.dlq.topic] ?? [{ weight: 1, envelope: SNAKE_CASE }];
  const body = context.prng.weighted(variants).envelope(context);
  return {
    key: context.origin.key === null ? null : utf8(context.origin.key),
    value: utf8(JSON.stringify(body)),
    headers: [...context.origin.headers, ['content-type', utf8('application/json')]],
  };
}
