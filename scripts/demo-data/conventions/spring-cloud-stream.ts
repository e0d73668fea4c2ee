import { int32BE, int64BE, utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext, HeaderList } from '../demo-record';
import { javaStackTrace } from '../failures';

const BINDER_FRAMES = [
  'org.springframework.integration.handler.AbstractMessageHandler.handleMessage(AbstractMessageHandler.java:105)',
  'org.springframework.cloud.stream.binder.kafka.KafkaMessageChannelBinder$ErrorHandlingCallback.onMessage(KafkaMessageChannelBinder.java:1142)',
  'org.springframework.kafka.listener.KafkaMessageListenerContainer$ListenerConsumer.run(KafkaMessageListenerContainer.java:1316)',
];

/** Spring Cloud Stream's Kafka binder DLQ (`error.<destination>.<group>`), on the original partition. */
export function springCloudStreamRecord(context: FailedRecordContext): ConventionOutput {
  const { origin, failure } = context;
  const headers: HeaderList = [
    ...origin.headers,
    ['x-original-topic', utf8(origin.topic)],
    ['x-original-partition', int32BE(origin.partition)],
    ['x-original-offset', int64BE(origin.offset)],
    ['x-original-timestamp', int64BE(origin.timestamp)],
    ['x-original-timestamp-type', utf8('CreateTime')],
    ['x-exception-fqcn', utf8(failure.errorClass)],
  ];
  if (failure.message !== null) headers.push(['x-exception-message', utf8(failure.message)]);
  headers.push(['x-exception-stacktrace', utf8(javaStackTrace(failure, BINDER_FRAMES))]);
  return {
    partition: origin.partition,
    key: origin.key === null ? null : utf8(origin.key),
    value: context.value,
    headers,
  };
}
