import 'server-only';
import { epochMillis } from '../header-codecs';
import { causeFromStackTrace } from '../stack-trace';
import type { DlqWarning } from '../types';
import { hasAnyHeader, readNumber, readText, type DlqAdapter, type HeaderField } from './adapter';

// spring-cloud-stream KafkaMessageChannelBinder: numbers are Java big-endian binary.
const H = {
  topic: { name: 'x-original-topic', encoding: 'utf8' },
  partition: { name: 'x-original-partition', encoding: 'int32-be' },
  offset: { name: 'x-original-offset', encoding: 'int64-be' },
  timestamp: { name: 'x-original-timestamp', encoding: 'int64-be' },
  timestampType: { name: 'x-original-timestamp-type', encoding: 'utf8' },
  exceptionClass: { name: 'x-exception-fqcn', encoding: 'utf8' },
  message: { name: 'x-exception-message', encoding: 'utf8' },
  stackTrace: { name: 'x-exception-stacktrace', encoding: 'utf8' },
} satisfies Record<string, HeaderField>;
const FIELDS: readonly HeaderField[] = Object.values(H);

export const springCloudStream: DlqAdapter = {
  format: 'spring-cloud-stream',
  headerFields: FIELDS,
  detect: (record) => hasAnyHeader(record, FIELDS),
  decode(record) {
    const warnings: DlqWarning[] = [];
    const stackTrace = readText(record, H.stackTrace, warnings);
    const cause = stackTrace === null ? null : causeFromStackTrace(stackTrace);
    return {
      origin: {
        topic: readText(record, H.topic, warnings),
        partition: readNumber(record, H.partition, warnings),
        offset: readText(record, H.offset, warnings),
        timestamp: epochMillis(readText(record, H.timestamp, warnings)),
        timestampType: readText(record, H.timestampType, warnings),
      },
      error: {
        class: readText(record, H.exceptionClass, warnings),
        message: readText(record, H.message, warnings),
        causeClass: cause?.class ?? null,
        cause: cause?.message ?? null,
        stackTrace,
      },
      warnings,
    };
  },
};
