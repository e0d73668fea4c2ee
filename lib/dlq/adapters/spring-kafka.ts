import 'server-only';
import { epochMillis } from '../header-codecs';
import { causeFromStackTrace } from '../stack-trace';
import type { DlqKeyError, DlqWarning } from '../types';
import { hasAnyHeader, readNumber, readText, type DlqAdapter, type HeaderField } from './adapter';

// spring-kafka KafkaHeaders / DeadLetterPublishingRecoverer: numbers are Java big-endian binary.
const H = {
  topic: { name: 'kafka_dlt-original-topic', encoding: 'utf8' },
  partition: { name: 'kafka_dlt-original-partition', encoding: 'int32-be' },
  offset: { name: 'kafka_dlt-original-offset', encoding: 'int64-be' },
  timestamp: { name: 'kafka_dlt-original-timestamp', encoding: 'int64-be' },
  timestampType: { name: 'kafka_dlt-original-timestamp-type', encoding: 'utf8' },
  consumerGroup: { name: 'kafka_dlt-original-consumer-group', encoding: 'utf8' },
  exceptionClass: { name: 'kafka_dlt-exception-fqcn', encoding: 'utf8' },
  causeClass: { name: 'kafka_dlt-exception-cause-fqcn', encoding: 'utf8' },
  message: { name: 'kafka_dlt-exception-message', encoding: 'utf8' },
  stackTrace: { name: 'kafka_dlt-exception-stacktrace', encoding: 'utf8' },
  keyExceptionClass: { name: 'kafka_dlt-key-exception-fqcn', encoding: 'utf8' },
  keyMessage: { name: 'kafka_dlt-key-exception-message', encoding: 'utf8' },
  keyStackTrace: { name: 'kafka_dlt-key-exception-stacktrace', encoding: 'utf8' },
  // Retry topics; attempts was a single byte in old versions, the timestamps are BigInteger bytes.
  attempts: { name: 'retry_topic-attempts', encoding: 'int32-be-or-byte' },
  retryOriginalTimestamp: { name: 'retry_topic-original-timestamp', encoding: 'bigint-be' },
  retryBackoffTimestamp: { name: 'retry_topic-backoff-timestamp', encoding: 'bigint-be' },
} satisfies Record<string, HeaderField>;
const FIELDS: readonly HeaderField[] = Object.values(H);

export const springKafka: DlqAdapter = {
  format: 'spring-kafka',
  headerFields: FIELDS,
  detect: (record) => hasAnyHeader(record, FIELDS),
  decode(record) {
    const warnings: DlqWarning[] = [];
    const stackTrace = readText(record, H.stackTrace, warnings);
    const headerCause = readText(record, H.causeClass, warnings);
    // The cause's message is not a header of its own; its "Caused by:" line carries it.
    const cause = stackTrace === null ? null : causeFromStackTrace(stackTrace, headerCause);
    const timestamp =
      readText(record, H.timestamp, warnings) ?? readText(record, H.retryOriginalTimestamp, warnings);
    return {
      origin: {
        topic: readText(record, H.topic, warnings),
        partition: readNumber(record, H.partition, warnings),
        offset: readText(record, H.offset, warnings),
        timestamp: epochMillis(timestamp),
        timestampType: readText(record, H.timestampType, warnings),
        consumerGroup: readText(record, H.consumerGroup, warnings),
        attempts: readNumber(record, H.attempts, warnings),
      },
      error: {
        class: readText(record, H.exceptionClass, warnings),
        message: readText(record, H.message, warnings),
        causeClass: headerCause ?? cause?.class ?? null,
        cause: cause?.message ?? null,
        stackTrace,
        keyError: keyError(
          readText(record, H.keyExceptionClass, warnings),
          readText(record, H.keyMessage, warnings),
          readText(record, H.keyStackTrace, warnings),
        ),
      },
      warnings,
    };
  },
};

function keyError(cls: string | null, message: string | null, stackTrace: string | null): DlqKeyError | null {
  return cls === null && message === null && stackTrace === null ? null : { class: cls, message, stackTrace };
}
