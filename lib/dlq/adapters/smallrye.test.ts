import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../decode';
import { bytes, header, rawRecord } from '../test-records';

describe('SmallRye Reactive Messaging dead letter queue records', () => {
  it('decodes the text headers', () => {
    const record = decodeRecord(
      rawRecord({
        topic: 'dead-letter-topic-shipments',
        key: Buffer.from('s-7'),
        value: Buffer.from('{"shipment":7}'),
        headers: [
          header('dead-letter-exception-class-name', 'java.lang.IllegalStateException'),
          header('dead-letter-reason', 'Shipment 7 cannot be routed to warehouse W-12'),
          header('dead-letter-cause-class-name', 'java.net.ConnectException'),
          header('dead-letter-cause', 'Connection refused: routing.internal/10.0.3.7:8080'),
          header('dead-letter-topic', 'shipments'),
          header('dead-letter-partition', '3'),
          header('dead-letter-offset', '1234'),
        ],
      }),
    );
    expect(record.format).toBe('smallrye');
    expect(record.origin).toMatchObject({
      topic: 'shipments',
      partition: 3,
      offset: '1234',
      timestamp: null,
    });
    expect(record.error).toEqual({
      class: 'java.lang.IllegalStateException',
      message: 'Shipment 7 cannot be routed to warehouse W-12',
      causeClass: 'java.net.ConnectException',
      cause: 'Connection refused: routing.internal/10.0.3.7:8080',
      stackTrace: null,
      stage: null,
      executingClass: null,
      connector: null,
      task: null,
      keyError: null,
    });
    expect(record.errorGroup.title).toBe(
      'IllegalStateException: Shipment <n> cannot be routed to warehouse W-<id> (caused by ConnectException)',
    );
    expect(record.warnings).toEqual([]);
  });

  it('detects a record with only the reason header and no cause', () => {
    const record = decodeRecord(
      rawRecord({
        headers: [header('dead-letter-reason', 'boom'), header('dead-letter-offset', bytes(0xff))],
      }),
    );
    expect(record.format).toBe('smallrye');
    expect(record.error.message).toBe('boom');
    expect(record.error.causeClass).toBeNull();
    expect(record.origin.offset).toBeNull();
    expect(record.warnings.map((w) => w.code)).toEqual(['header-malformed']);
  });
});
