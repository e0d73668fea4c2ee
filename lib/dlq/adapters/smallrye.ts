import 'server-only';
import type { DlqWarning } from '../types';
import { hasAnyHeader, readNumber, readText, type DlqAdapter, type HeaderField } from './adapter';

// smallrye-reactive-messaging KafkaDeadLetterQueue: every header is UTF-8 text, numbers in decimal.
const H = {
  exceptionClass: { name: 'dead-letter-exception-class-name', encoding: 'utf8' },
  reason: { name: 'dead-letter-reason', encoding: 'utf8' },
  causeClass: { name: 'dead-letter-cause-class-name', encoding: 'utf8' },
  cause: { name: 'dead-letter-cause', encoding: 'utf8' },
  topic: { name: 'dead-letter-topic', encoding: 'utf8' },
  partition: { name: 'dead-letter-partition', encoding: 'decimal-int' },
  offset: { name: 'dead-letter-offset', encoding: 'decimal-long' },
} satisfies Record<string, HeaderField>;
const FIELDS: readonly HeaderField[] = Object.values(H);

export const smallrye: DlqAdapter = {
  format: 'smallrye',
  headerFields: FIELDS,
  detect: (record) => hasAnyHeader(record, FIELDS),
  decode(record) {
    const warnings: DlqWarning[] = [];
    return {
      origin: {
        topic: readText(record, H.topic, warnings),
        partition: readNumber(record, H.partition, warnings),
        offset: readText(record, H.offset, warnings),
      },
      error: {
        class: readText(record, H.exceptionClass, warnings),
        message: readText(record, H.reason, warnings),
        causeClass: readText(record, H.causeClass, warnings),
        cause: readText(record, H.cause, warnings),
      },
      warnings,
    };
  },
};
