// What the reliable producer does with each kind of failure kafkajs hands back: the innermost error of its
// wrapping decides, and the client's own failures never pass for the record's.
import { describe, expect, it } from 'vitest';
import { classifyError } from './classify';

/** A kafkajs protocol error as kafkajs 2.2.4 builds it: the Kafka error name in `type`. */
function kafkaError(type: string, retriable: boolean) {
  return Object.assign(new Error(`broker said ${type}`), { name: 'KafkaJSProtocolError', type, retriable });
}

/** kafkajs's retrier giving up wraps the last error in `cause`. */
function retriesExceeded(cause: unknown) {
  return Object.assign(new Error('retries exceeded'), {
    name: 'KafkaJSNumberOfRetriesExceeded',
    retriable: false,
    cause,
  });
}

describe('classifyError', () => {
  it('judges a wrapped Kafka error by the innermost error, not the wrapper', () => {
    expect(classifyError(retriesExceeded(kafkaError('NOT_ENOUGH_REPLICAS', true)))).toEqual({
      errorName: 'NOT_ENOUGH_REPLICAS',
      message: 'broker said NOT_ENOUGH_REPLICAS',
      retriable: true,
      recordSpecific: false,
      resetProducer: false,
      maybeWritten: false,
      repairClient: false,
    });
  });

  it('splits batches only for errors about a record, and resets the producer id for sequence errors', () => {
    expect(classifyError(kafkaError('MESSAGE_TOO_LARGE', false))).toMatchObject({
      retriable: false,
      recordSpecific: true,
    });
    expect(classifyError(kafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER', false))).toMatchObject({
      retriable: false,
      recordSpecific: false,
      resetProducer: true,
    });
  });

  it('takes a request timeout or a closed connection for maybe written', () => {
    const closed = Object.assign(new Error('Closed connection'), {
      name: 'KafkaJSConnectionClosedError',
      retriable: true,
    });
    expect(classifyError(retriesExceeded(closed))).toMatchObject({
      errorName: 'KafkaJSConnectionClosedError',
      retriable: true,
      maybeWritten: true,
    });
    expect(classifyError(kafkaError('REQUEST_TIMED_OUT', true))).toMatchObject({ maybeWritten: true });
  });

  it('takes a TypeError from inside kafkajs for an unknown outcome to resend after a reconnect, not for an invalid record', () => {
    // What kafkajs 2.2.4 threw in the rolling-restart test when sends reconnected a dropped connection at once.
    const inner = new TypeError("Cannot read properties of undefined (reading 'versions')");
    expect(classifyError(retriesExceeded(inner))).toEqual({
      errorName: 'TypeError',
      message: "Cannot read properties of undefined (reading 'versions')",
      retriable: true,
      recordSpecific: false,
      resetProducer: false,
      maybeWritten: true,
      repairClient: true,
    });
  });
});
