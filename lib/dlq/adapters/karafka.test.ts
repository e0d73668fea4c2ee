import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../decode';
import { bytes, header, rawRecord } from '../test-records';

describe('Karafka Pro DLQ records', () => {
  it('decodes the source_* headers of 2.5 and later', () => {
    const record = decodeRecord(
      rawRecord({
        key: Buffer.from('user-5'),
        value: Buffer.from('{"event":"signup"}'),
        headers: [
          header('source_topic', 'signups'),
          header('source_partition', '2'),
          header('source_offset', '812'),
          header('source_consumer_group', 'mailer'),
          header('source_attempts', '4'),
          header('source_trace_id', 'f3b1c2d4'),
        ],
      }),
    );
    expect(record.format).toBe('karafka');
    expect(record.origin).toEqual({
      topic: 'signups',
      partition: 2,
      offset: '812',
      timestamp: null,
      timestampType: null,
      key: null,
      value: null,
      consumerGroup: 'mailer',
      attempts: 4,
    });
    expect(Object.values(record.error).every((v) => v === null)).toBe(true);
    expect(record.errorGroup.title).toBe('No error information (karafka)');
    expect(record.headers.map((h) => h.convention)).toEqual(Array(6).fill('karafka'));
    expect(record.headers[5]).toMatchObject({ text: 'f3b1c2d4', decodedAs: 'utf8' });
    expect(record.warnings).toEqual([]);
  });

  it('decodes the original_* headers of earlier versions, with the original key', () => {
    const record = decodeRecord(
      rawRecord({
        headers: [
          header('original_topic', 'signups'),
          header('original_partition', '0'),
          header('original_offset', '9'),
          header('original_consumer_group', 'mailer'),
          header('original_attempts', '1'),
          header('original_key', bytes(0x00, 0x00, 0x00, 0x00, 0x2a, 0x01)),
        ],
      }),
    );
    expect(record.format).toBe('karafka');
    expect(record.origin).toMatchObject({ topic: 'signups', partition: 0, offset: '9', attempts: 1 });
    expect(record.origin.key).toEqual({
      kind: 'schema-registry',
      size: 6,
      truncated: false,
      text: null,
      base64: 'AAAAACoB',
      schemaId: 42,
    });
    expect(record.headers[5]).toMatchObject({
      convention: 'karafka',
      decodedAs: 'bytes',
      base64: 'AAAAACoB',
    });
  });

  it('decodes the hyphenated headers of versions before 2.0.17', () => {
    const record = decodeRecord(
      rawRecord({
        headers: [
          header('original-topic', 'signups'),
          header('original-partition', '1'),
          header('original-offset', '77'),
          header('original-consumer-group', 'mailer'),
          header('original-attempts', '2'),
          header('original-key', 'user-9'),
        ],
      }),
    );
    expect(record.format).toBe('karafka');
    expect(record.origin).toMatchObject({
      topic: 'signups',
      partition: 1,
      offset: '77',
      consumerGroup: 'mailer',
      attempts: 2,
    });
    expect(record.origin.key).toMatchObject({ kind: 'text', text: 'user-9' });
  });

  it('is not detected from a lone source_topic header', () => {
    const record = decodeRecord(rawRecord({ headers: [header('source_topic', 'x')] }));
    expect(record.format).toBe('unknown');
  });
});
