import { utf8 } from '../binary';
import type { ConventionOutput, FailedRecordContext, HeaderList } from '../demo-record';
import { javaStackTrace } from '../failures';
import { avroWire } from '../schema-registry';

const CONNECTOR = 'postgres-jdbc-sink';
const CUSTOMER_SCHEMA_ID = 1043;

const WORKER_FRAMES = [
  'org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator.execAndRetry(RetryWithToleranceOperator.java:183)',
  'org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator.execAndHandleError(RetryWithToleranceOperator.java:217)',
  'org.apache.kafka.connect.runtime.WorkerSinkTask.convertAndTransformRecord(WorkerSinkTask.java:534)',
  'org.apache.kafka.connect.runtime.WorkerSinkTask.poll(WorkerSinkTask.java:335)',
  'org.apache.kafka.connect.runtime.WorkerTask.run(WorkerTask.java:235)',
];

// The customers topic is Avro through Schema Registry; records that reached the task or a transform
// were framed correctly, the ones the converter rejected were plain JSON from a misconfigured producer.
function connectValue(context: FailedRecordContext): Buffer | null {
  const { event, failure, value } = context;
  if (event.domain !== 'customers' || failure.connect?.stage === 'VALUE_CONVERTER') return value;
  const body = event.body;
  return avroWire(CUSTOMER_SCHEMA_ID, [
    { value: Number(body.id) },
    { value: String(body.name) },
    { value: failure.connect?.stage === 'TASK_PUT' ? null : String(body.email), nullable: true },
    { value: String(body.country) },
    { value: Boolean(body.marketingOptIn) },
    { value: String(body.updatedAt) },
    { value: JSON.stringify(body.addresses) },
  ]);
}

/**
 * Kafka Connect's sink DLQ with `errors.deadletterqueue.context.headers.enable=true`: the original
 * key, value and headers kept, `__connect.errors.*` headers appended, all UTF-8 strings; the exception
 * message header is present with a null value when the exception had no message.
 */
export function kafkaConnectRecord(context: FailedRecordContext): ConventionOutput {
  const { origin, failure, prng } = context;
  const connect = failure.connect ?? {
    stage: 'TASK_PUT',
    className: 'io.confluent.connect.jdbc.sink.JdbcSinkTask',
  };
  // A deleted customer (tombstone) that the sink cannot apply without delete.enabled.
  const tombstone = origin.topic === 'customers' && connect.stage === 'TASK_PUT' && prng.chance(0.1);
  const message = tombstone
    ? `Sink connector '${CONNECTOR}' is configured with 'delete.enabled=false' and 'pk.mode=record_key' and ` +
      `therefore requires records with a non-null Struct value and non-null Struct schema, but found record at ` +
      `(topic='${origin.topic}',partition=${origin.partition},offset=${origin.offset},timestamp=${origin.timestamp}) ` +
      `with a null value and null value schema.`
    : failure.message;
  const thrown = tombstone
    ? { ...failure, errorClass: 'org.apache.kafka.connect.errors.ConnectException', message }
    : failure;
  const headers: HeaderList = [
    ...origin.headers,
    ['__connect.errors.topic', utf8(origin.topic)],
    ['__connect.errors.partition', utf8(String(origin.partition))],
    ['__connect.errors.offset', utf8(String(origin.offset))],
    ['__connect.errors.connector.name', utf8(CONNECTOR)],
    ['__connect.errors.task.id', utf8(String(prng.int(0, 3)))],
    ['__connect.errors.stage', utf8(connect.stage)],
    ['__connect.errors.class.name', utf8(connect.className)],
    ['__connect.errors.exception.class.name', utf8(thrown.errorClass)],
    ['__connect.errors.exception.message', message === null ? null : utf8(message)],
    ['__connect.errors.exception.stacktrace', utf8(javaStackTrace(thrown, WORKER_FRAMES))],
  ];
  return {
    key: origin.key === null ? null : utf8(origin.key),
    value: tombstone ? null : connectValue(context),
    headers,
  };
}
