import 'server-only';
import { epochMillis } from '../header-codecs';
import { causeFromStackTrace } from '../stack-trace';
import type { DlqWarning } from '../types';
import { hasAnyHeader, readNumber, readText, type DlqAdapter, type HeaderField } from './adapter';

// apache/kafka DeadLetterQueueReporter, with errors.deadletterqueue.context.headers.enable=true.
const PREFIX = '__connect.errors.';
const H = {
  topic: { name: `${PREFIX}topic`, encoding: 'utf8' },
  partition: { name: `${PREFIX}partition`, encoding: 'decimal-int' },
  offset: { name: `${PREFIX}offset`, encoding: 'decimal-long' },
  connector: { name: `${PREFIX}connector.name`, encoding: 'utf8' },
  task: { name: `${PREFIX}task.id`, encoding: 'decimal-int' },
  stage: { name: `${PREFIX}stage`, encoding: 'utf8' },
  executingClass: { name: `${PREFIX}class.name`, encoding: 'utf8' },
  exceptionClass: { name: `${PREFIX}exception.class.name`, encoding: 'utf8' },
  message: { name: `${PREFIX}exception.message`, encoding: 'utf8', nullable: true },
  stackTrace: { name: `${PREFIX}exception.stacktrace`, encoding: 'utf8' },
} satisfies Record<string, HeaderField>;
const FIELDS: readonly HeaderField[] = Object.values(H);

export const kafkaConnect: DlqAdapter = {
  format: 'kafka-connect',
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
        // The reporter sends the DLQ record with the original record's timestamp.
        timestamp: epochMillis(record.raw.timestamp),
      },
      error: {
        class: readText(record, H.exceptionClass, warnings),
        message: readText(record, H.message, warnings),
        causeClass: cause?.class ?? null,
        cause: cause?.message ?? null,
        stackTrace,
        stage: readText(record, H.stage, warnings),
        executingClass: readText(record, H.executingClass, warnings),
        connector: readText(record, H.connector, warnings),
        task: readNumber(record, H.task, warnings),
      },
      warnings,
    };
  },
};
