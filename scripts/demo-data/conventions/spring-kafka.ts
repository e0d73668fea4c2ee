import { bigIntegerBytes, int32BE, int64BE, utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext, HeaderList } from '../demo-record';
import { javaStackTrace, type Failure } from '../failures';

const LISTENER_FRAMES = [
  'org.springframework.kafka.listener.adapter.MessagingMessageListenerAdapter.invokeHandler(MessagingMessageListenerAdapter.java:382)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.doInvokeOnMessage(KafkaMessageListenerContainer.java:2802)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1316)',
  'java.base/java.lang.Thread.run(Thread.java:1583)',
];

function exceptionHeaders(
  failure: Failure,
  prefix: 'kafka_dlt-exception' | 'kafka_dlt-key-exception',
): HeaderList {
  const headers: HeaderList = [[`${prefix}-fqcn`, utf8(failure.errorClass)]];
  if (prefix === 'kafka_dlt-exception' && failure.cause) {
    headers.push(['kafka_dlt-exception-cause-fqcn', utf8(failure.cause.errorClass)]);
  }
  if (failure.message !== null) headers.push([`${prefix}-message`, utf8(failure.message)]);
  headers.push([`${prefix}-stacktrace`, utf8(javaStackTrace(failure, LISTENER_FRAMES))]);
  return headers;
}

function deadLetterHeaders(
  context: FailedRecordContext,
  origin: { partition: number; offset: number; timestamp: number },
  failure: Failure,
): HeaderList {
  const { dlq, prng } = context;
  const headers: HeaderList = [
    ['kafka_dlt-original-topic', utf8(context.origin.topic)],
    ['kafka_dlt-original-partition', int32BE(origin.partition)],
    ['kafka_dlt-original-offset', int64BE(origin.offset)],
    ['kafka_dlt-original-timestamp', int64BE(origin.timestamp)],
    ['kafka_dlt-original-timestamp-type', utf8('CreateTime')],
  ];
  // Since 2.8, only when the container knows its group.
  if (prng.chance(0.9)) headers.push(['kafka_dlt-original-consumer-group', utf8(dlq.consumerGroup)]);
  return [
    ...headers,
    ...exceptionHeaders(
      failure,
      failure.keyDeserialization ? 'kafka_dlt-key-exception' : 'kafka_dlt-exception',
    ),
  ];
}

/**
 * Spring Kafka's DeadLetterPublishingRecoverer: the original headers first, then the DLT headers
 * appended (binary ints and longs big-endian), on the original partition. A record that was already
 * dead-lettered once and replayed carries the earlier DLT headers too, so keys repeat; the last wins.
 */
export function springKafkaRecord(context: FailedRecordContext): ConventionOutput {
  const { prng, origin, failure, dlq } = context;
  const headers: HeaderList = [...origin.headers];
  if (prng.chance(0.05)) {
    const earlier = {
      partition: origin.partition,
      offset: Math.max(0, origin.offset - prng.int(5_000, 90_000)),
      timestamp: origin.timestamp - prng.int(3_600_000, 48 * 3_600_000),
    };
    headers.push(...deadLetterHeaders(context, earlier, failure));
  }
  // The retry-topic feature, whose default DLT suffix is -dlt, records its attempts.
  if (dlq.topic.endsWith('-dlt')) {
    headers.push(
      ['retry_topic-attempts', int32BE(prng.int(2, 4))],
      ['retry_topic-original-timestamp', bigIntegerBytes(origin.timestamp)],
      ['retry_topic-backoff-timestamp', bigIntegerBytes(context.timestamp - prng.int(1, 500))],
    );
  }
  headers.push(...deadLetterHeaders(context, origin, failure));
  const key = failure.keyDeserialization
    ? prng.bytes(prng.int(3, 7))
    : origin.key === null
      ? null
      : utf8(origin.key);
  return { partition: origin.partition, key, value: context.value, headers };
}
