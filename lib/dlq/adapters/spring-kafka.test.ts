import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../decode';
import { bytes, header, rawRecord } from '../test-records';

const STACK_TRACE = [
  "org.springframework.kafka.listener.ListenerExecutionFailedException: Listener method 'public void com.acme.OrderListener.on(java.lang.String)' threw exception",
  '\tat org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.decorateException(KafkaMessageListenerContainer.java:2920)',
  '\tat java.base/java.lang.Thread.run(Thread.java:840)',
  "Caused by: java.lang.IllegalArgumentException: Unknown currency 'XYZ' in order 981",
  '\tat com.acme.OrderListener.on(OrderListener.java:42)',
  '\t... 12 more',
  '',
].join('\n');

// As DeadLetterPublishingRecoverer writes them: original headers first, then the DLT headers.
function springRecord() {
  return rawRecord({
    topic: 'orders-dlt',
    partition: 3,
    offset: '17',
    timestamp: '1700000100000',
    key: Buffer.from('o-981'),
    value: Buffer.from('{"orderId":981,"currency":"XYZ"}'),
    headers: [
      header('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'),
      header('kafka_dlt-original-topic', 'orders'),
      header('kafka_dlt-original-partition', bytes(0x00, 0x00, 0x00, 0x03)),
      header('kafka_dlt-original-offset', bytes(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xd5)),
      // 1700000000000 ms = 0x0000018BCFE56800
      header('kafka_dlt-original-timestamp', bytes(0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00)),
      header('kafka_dlt-original-timestamp-type', 'CreateTime'),
      header('kafka_dlt-original-consumer-group', 'order-service'),
      header(
        'kafka_dlt-exception-fqcn',
        'org.springframework.kafka.listener.ListenerExecutionFailedException',
      ),
      header('kafka_dlt-exception-cause-fqcn', 'java.lang.IllegalArgumentException'),
      header(
        'kafka_dlt-exception-message',
        "Listener method 'public void com.acme.OrderListener.on(java.lang.String)' threw exception",
      ),
      header('kafka_dlt-exception-stacktrace', STACK_TRACE),
    ],
  });
}

describe('Spring Kafka DeadLetterPublishingRecoverer records', () => {
  it('decodes every field, the binary ints and longs included', () => {
    const record = decodeRecord(springRecord());
    expect(record.format).toBe('spring-kafka');
    expect(record.dlq).toEqual({ topic: 'orders-dlt', partition: 3, offset: '17', timestamp: 1700000100000 });
    expect(record.origin).toEqual({
      topic: 'orders',
      partition: 3,
      offset: '981',
      timestamp: 1700000000000,
      timestampType: 'CreateTime',
      key: null,
      value: null,
      consumerGroup: 'order-service',
      attempts: null,
    });
    expect(record.error).toEqual({
      class: 'org.springframework.kafka.listener.ListenerExecutionFailedException',
      message: "Listener method 'public void com.acme.OrderListener.on(java.lang.String)' threw exception",
      causeClass: 'java.lang.IllegalArgumentException',
      cause: "Unknown currency 'XYZ' in order 981",
      stackTrace: STACK_TRACE,
      stage: null,
      executingClass: null,
      connector: null,
      task: null,
      keyError: null,
    });
    expect(record.key).toMatchObject({ kind: 'text', text: 'o-981' });
    expect(record.value).toMatchObject({ kind: 'json', text: '{"orderId":981,"currency":"XYZ"}' });
    expect(record.warnings).toEqual([]);
  });

  it('keeps every header, flags the convention ones and shows the binary ones decoded and raw', () => {
    const { headers } = decodeRecord(springRecord());
    expect(headers).toHaveLength(11);
    expect(headers[0]).toEqual({
      key: 'traceparent',
      text: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      base64: null,
    });
    expect(headers[1]).toEqual({
      key: 'kafka_dlt-original-topic',
      text: 'orders',
      base64: null,
      convention: 'spring-kafka',
      decodedAs: 'utf8',
    });
    expect(headers[2]).toEqual({
      key: 'kafka_dlt-original-partition',
      text: null,
      base64: 'AAAAAw==',
      convention: 'spring-kafka',
      decodedAs: 'int32-be',
      decoded: 3,
    });
    expect(headers[3]).toMatchObject({ base64: 'AAAAAAAAA9U=', decodedAs: 'int64-be', decoded: '981' });
    expect(headers[4]).toMatchObject({ decoded: '1700000000000' });
  });

  it('groups by the cause, since the listener wrapper says nothing about what failed', () => {
    const record = decodeRecord(springRecord());
    expect(record.errorGroup.title).toBe("IllegalArgumentException: Unknown currency '<str>' in order <n>");
  });

  it('uses the last of repeated headers (a record dead-lettered twice) and keeps them all', () => {
    const raw = springRecord();
    raw.headers.splice(1, 0, header('kafka_dlt-original-topic', 'orders-retry-0'));
    raw.headers.push(header('kafka_dlt-original-partition', bytes(0x00, 0x00, 0x00, 0x07)));
    const record = decodeRecord(raw);
    expect(record.origin.topic).toBe('orders');
    expect(record.origin.partition).toBe(7);
    expect(record.headers.filter((h) => h.key === 'kafka_dlt-original-topic').map((h) => h.text)).toEqual([
      'orders-retry-0',
      'orders',
    ]);
    expect(
      record.headers.filter((h) => h.key === 'kafka_dlt-original-partition').map((h) => h.decoded),
    ).toEqual([3, 7]);
    expect(record.warnings.map((w) => w.code)).toEqual(['header-repeated', 'header-repeated']);
  });

  it('reports wrong byte lengths with the raw bytes kept and the field null', () => {
    const raw = springRecord();
    raw.headers[2] = header('kafka_dlt-original-partition', bytes(0x00, 0x03));
    raw.headers[3] = header('kafka_dlt-original-offset', bytes(0x00, 0x00, 0x03, 0xd5));
    const record = decodeRecord(raw);
    expect(record.origin.partition).toBeNull();
    expect(record.origin.offset).toBeNull();
    expect(record.origin.topic).toBe('orders');
    expect(record.headers[2]).toMatchObject({ base64: 'AAM=', decoded: null, decodedAs: 'int32-be' });
    expect(record.warnings).toEqual([
      {
        code: 'header-malformed',
        message: 'kafka_dlt-original-partition: expected 4 bytes, got 2; raw bytes shown in headers',
      },
      {
        code: 'header-malformed',
        message: 'kafka_dlt-original-offset: expected 8 bytes, got 4; raw bytes shown in headers',
      },
    ]);
  });

  it('tolerates null header values and a missing message header', () => {
    const raw = springRecord();
    raw.headers[2] = header('kafka_dlt-original-partition', null);
    raw.headers = raw.headers.filter((h) => h.key !== 'kafka_dlt-exception-message');
    const record = decodeRecord(raw);
    expect(record.origin.partition).toBeNull();
    expect(record.error.message).toBeNull();
    expect(record.headers[2]).toMatchObject({ text: null, base64: null, decoded: null });
    expect(record.warnings).toEqual([
      { code: 'header-malformed', message: 'kafka_dlt-original-partition has a null value' },
    ]);
  });

  it('reads "no timestamp" (-1) as null without a warning', () => {
    const raw = springRecord();
    raw.headers[4] = header(
      'kafka_dlt-original-timestamp',
      bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
    );
    const record = decodeRecord(raw);
    expect(record.origin.timestamp).toBeNull();
    expect(record.headers[4]?.decoded).toBe('-1');
    expect(record.warnings).toEqual([]);
  });

  it('decodes a key deserialization failure apart from the value error', () => {
    const record = decodeRecord(
      rawRecord({
        key: bytes(0xc3, 0x28),
        value: Buffer.from('{}'),
        headers: [
          header('kafka_dlt-original-topic', 'orders'),
          header(
            'kafka_dlt-key-exception-fqcn',
            'org.springframework.kafka.support.serializer.DeserializationException',
          ),
          header('kafka_dlt-key-exception-message', 'failed to deserialize; nested exception is ...'),
          header('kafka_dlt-key-exception-stacktrace', 'DeserializationException: failed\n\tat x'),
        ],
      }),
    );
    expect(record.error.class).toBeNull();
    expect(record.error.keyError).toEqual({
      class: 'org.springframework.kafka.support.serializer.DeserializationException',
      message: 'failed to deserialize; nested exception is ...',
      stackTrace: 'DeserializationException: failed\n\tat x',
    });
    expect(record.key).toMatchObject({ kind: 'binary', base64: 'wyg=', text: null });
    expect(record.errorGroup.title).toBe(
      'Key: DeserializationException: failed to deserialize; nested exception is ...',
    );
  });

  describe('retry topic headers', () => {
    it('reads 4-byte attempts and BigInteger timestamps of any length', () => {
      const record = decodeRecord(
        rawRecord({
          headers: [
            header('retry_topic-attempts', bytes(0x00, 0x00, 0x00, 0x04)),
            // BigInteger.valueOf(1700000000000L).toByteArray(): 6 bytes, no leading zeros
            header('retry_topic-original-timestamp', bytes(0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00)),
            // a value whose top bit is set needs a leading zero byte to stay positive
            header('retry_topic-backoff-timestamp', bytes(0x00, 0x80)),
            header('kafka_dlt-exception-fqcn', 'java.lang.RuntimeException'),
          ],
        }),
      );
      expect(record.format).toBe('spring-kafka');
      expect(record.origin.attempts).toBe(4);
      expect(record.origin.timestamp).toBe(1700000000000);
      expect(record.headers.map((h) => h.decoded)).toEqual([4, '1700000000000', '128', undefined]);
      expect(record.warnings).toEqual([]);
    });

    it('reads the 1-byte attempts of old versions and flags other lengths', () => {
      const old = decodeRecord(rawRecord({ headers: [header('retry_topic-attempts', bytes(0x03))] }));
      expect(old.origin.attempts).toBe(3);
      const wrong = decodeRecord(rawRecord({ headers: [header('retry_topic-attempts', bytes(0x00, 0x03))] }));
      expect(wrong.origin.attempts).toBeNull();
      expect(wrong.warnings).toEqual([
        {
          code: 'header-malformed',
          message: 'retry_topic-attempts: expected 4 (or 1) bytes, got 2; raw bytes shown in headers',
        },
      ]);
    });
  });

  it('shows non-UTF-8 text headers with replacement characters and a warning', () => {
    const raw = springRecord();
    raw.headers[1] = header('kafka_dlt-original-topic', bytes(0x6f, 0xff, 0x72));
    const record = decodeRecord(raw);
    expect(record.origin.topic).toBe('o\ufffdr');
    expect(record.headers[1]).toMatchObject({ text: null, base64: 'b/9y' });
    expect(record.warnings).toEqual([
      {
        code: 'header-not-utf8',
        message: 'kafka_dlt-original-topic: not valid UTF-8; undecodable bytes replaced with U+FFFD',
      },
    ]);
  });
});
