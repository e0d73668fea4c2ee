import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../decode';
import { header, rawRecord } from '../test-records';

const STACK_TRACE = [
  'org.apache.kafka.connect.errors.DataException: Converting byte[] to Kafka Connect data failed due to serialization error: ',
  '\tat org.apache.kafka.connect.json.JsonConverter.toConnectData(JsonConverter.java:333)',
  "Caused by: org.apache.kafka.common.errors.SerializationException: com.fasterxml.jackson.core.JsonParseException: Unexpected character ('o' (code 111))",
  ' at [Source: (byte[])"not json"; line: 1, column: 2]',
  '\tat org.apache.kafka.connect.json.JsonDeserializer.deserialize(JsonDeserializer.java:66)',
].join('\n');

// DeadLetterQueueReporter keeps the original key, value, headers and timestamp, then adds its own.
function connectRecord() {
  return rawRecord({
    topic: 'dlq-jdbc-sink',
    partition: 0,
    offset: '5',
    timestamp: '1699990000000',
    key: Buffer.from('customer-42'),
    value: Buffer.from('not json'),
    headers: [
      header('source-app', 'crm'),
      header('__connect.errors.topic', 'customers'),
      header('__connect.errors.partition', '3'),
      header('__connect.errors.offset', '9007199254740993'),
      header('__connect.errors.connector.name', 'jdbc-sink'),
      header('__connect.errors.task.id', '1'),
      header('__connect.errors.stage', 'VALUE_CONVERTER'),
      header('__connect.errors.class.name', 'org.apache.kafka.connect.json.JsonConverter'),
      header('__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'),
      header(
        '__connect.errors.exception.message',
        'Converting byte[] to Kafka Connect data failed due to serialization error: ',
      ),
      header('__connect.errors.exception.stacktrace', STACK_TRACE),
    ],
  });
}

describe('Kafka Connect dead letter queue records', () => {
  it('decodes every context header', () => {
    const record = decodeRecord(connectRecord());
    expect(record.format).toBe('kafka-connect');
    expect(record.origin).toEqual({
      topic: 'customers',
      partition: 3,
      // past 2^53: kept exact as a decimal string
      offset: '9007199254740993',
      // the reporter sends the DLQ record with the original's timestamp
      timestamp: 1699990000000,
      timestampType: null,
      key: null,
      value: null,
      consumerGroup: null,
      attempts: null,
    });
    expect(record.error).toEqual({
      class: 'org.apache.kafka.connect.errors.DataException',
      message: 'Converting byte[] to Kafka Connect data failed due to serialization error: ',
      causeClass: 'org.apache.kafka.common.errors.SerializationException',
      cause:
        'com.fasterxml.jackson.core.JsonParseException: Unexpected character (\'o\' (code 111))\n at [Source: (byte[])"not json"; line: 1, column: 2]',
      stackTrace: STACK_TRACE,
      stage: 'VALUE_CONVERTER',
      executingClass: 'org.apache.kafka.connect.json.JsonConverter',
      connector: 'jdbc-sink',
      task: 1,
      keyError: null,
    });
    expect(record.key).toMatchObject({ kind: 'text', text: 'customer-42' });
    expect(record.value).toMatchObject({ kind: 'text', text: 'not json' });
    expect(record.warnings).toEqual([]);
    expect(record.headers[0]).toEqual({ key: 'source-app', text: 'crm', base64: null });
    expect(record.headers[2]).toMatchObject({
      convention: 'kafka-connect',
      decodedAs: 'decimal-int',
      decoded: 3,
    });
    expect(record.headers[3]).toMatchObject({ decodedAs: 'decimal-long', decoded: '9007199254740993' });
  });

  it('accepts the null message header Connect writes for an exception without message', () => {
    const raw = connectRecord();
    raw.headers[9] = header('__connect.errors.exception.message', null);
    const record = decodeRecord(raw);
    expect(record.error.message).toBeNull();
    expect(record.headers[9]).toEqual({
      key: '__connect.errors.exception.message',
      text: null,
      base64: null,
      convention: 'kafka-connect',
      decodedAs: 'utf8',
    });
    expect(record.warnings).toEqual([]);
    expect(record.errorGroup.title).toBe('DataException (no message) (caused by SerializationException)');
  });

  it('reports a partition that is not a decimal number', () => {
    const raw = connectRecord();
    raw.headers[2] = header('__connect.errors.partition', 'three');
    const record = decodeRecord(raw);
    expect(record.origin.partition).toBeNull();
    expect(record.headers[2]?.decoded).toBeNull();
    expect(record.warnings).toEqual([
      {
        code: 'header-malformed',
        message:
          '__connect.errors.partition: expected a 32-bit integer as decimal text; raw bytes shown in headers',
      },
    ]);
  });
});
