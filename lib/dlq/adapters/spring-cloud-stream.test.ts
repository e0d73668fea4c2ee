import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../decode';
import { bytes, header, rawRecord } from '../test-records';

describe('Spring Cloud Stream Kafka binder DLQ records', () => {
  const stackTrace = [
    'org.springframework.messaging.MessageHandlingException: error occurred in message handler [handler]',
    '\tat org.springframework.integration.handler.AbstractMessageHandler.handleMessage(AbstractMessageHandler.java:65)',
    'Caused by: java.lang.NullPointerException',
    '\tat com.acme.Handler.accept(Handler.java:10)',
  ].join('\n');
  const raw = rawRecord({
    topic: 'error.payments.billing',
    key: null,
    value: Buffer.from('{"paymentId":"p-1"}'),
    headers: [
      header('x-original-topic', 'payments'),
      header('x-original-partition', bytes(0x00, 0x00, 0x00, 0x00)),
      header('x-original-offset', bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00)),
      // 1700000000000 ms
      header('x-original-timestamp', bytes(0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00)),
      header('x-original-timestamp-type', 'LogAppendTime'),
      header('x-exception-fqcn', 'org.springframework.messaging.MessageHandlingException'),
      header('x-exception-message', 'error occurred in message handler [handler]'),
      header('x-exception-stacktrace', stackTrace),
    ],
  });

  it('decodes the x- headers, binary numbers included', () => {
    const record = decodeRecord(raw);
    expect(record.format).toBe('spring-cloud-stream');
    expect(record.origin).toEqual({
      topic: 'payments',
      partition: 0,
      offset: '65536',
      timestamp: 1700000000000,
      timestampType: 'LogAppendTime',
      key: null,
      value: null,
      consumerGroup: null,
      attempts: null,
    });
    expect(record.error).toEqual({
      class: 'org.springframework.messaging.MessageHandlingException',
      message: 'error occurred in message handler [handler]',
      causeClass: 'java.lang.NullPointerException',
      cause: null,
      stackTrace,
      stage: null,
      executingClass: null,
      connector: null,
      task: null,
      keyError: null,
    });
    expect(record.key).toEqual({
      kind: 'null',
      size: 0,
      truncated: false,
      text: null,
      base64: null,
      schemaId: null,
    });
    expect(record.headers.every((h) => h.convention === 'spring-cloud-stream')).toBe(true);
    expect(record.headers[2]).toMatchObject({ decodedAs: 'int64-be', decoded: '65536' });
    expect(record.warnings).toEqual([]);
  });

  it('groups by the cause of the handler wrapper', () => {
    expect(decodeRecord(raw).errorGroup.title).toBe('NullPointerException (no message)');
  });
});
