import { describe, expect, it } from 'vitest';
import { decodeRecord } from '../decode';
import { rawRecord } from '../test-records';

function envelope(value: unknown) {
  return decodeRecord(rawRecord({ value: Buffer.from(JSON.stringify(value)) }));
}

describe('hand-rolled JSON envelopes', () => {
  it('decodes the snake_case example of the reference', () => {
    const record = envelope({
      original_topic: 'orders',
      original_partition: 2,
      original_offset: 981,
      original_key: 'o-17',
      original_value: '{"orderId":17}',
      error: 'Order 17 rejected: credit limit exceeded',
      error_code: 'CREDIT_LIMIT',
      failed_at: '2024-05-01T10:00:00Z',
    });
    expect(record.format).toBe('json-envelope');
    expect(record.origin).toEqual({
      topic: 'orders',
      partition: 2,
      offset: '981',
      timestamp: null,
      timestampType: null,
      key: { kind: 'text', size: 4, truncated: false, text: 'o-17', base64: null, schemaId: null },
      value: {
        kind: 'json',
        size: 14,
        truncated: false,
        text: '{"orderId":17}',
        base64: null,
        schemaId: null,
      },
      consumerGroup: null,
      attempts: null,
    });
    expect(record.error).toMatchObject({
      class: 'CREDIT_LIMIT',
      message: 'Order 17 rejected: credit limit exceeded',
      causeClass: null,
    });
    expect(record.errorGroup.title).toBe('CREDIT_LIMIT: Order <n> rejected: credit limit exceeded');
    expect(record.value.kind).toBe('json');
    expect(record.warnings).toEqual([]);
  });

  it('decodes camelCase source* fields with a nested original value and a nested cause', () => {
    const record = envelope({
      sourceTopic: 'payments',
      sourcePartition: '1',
      sourceOffset: '9007199254740993',
      sourceTimestamp: '2024-05-01T10:00:00.000Z',
      sourceValue: { paymentId: 'p-1', amount: 12.5 },
      errorMessage: 'Payment p-1 failed validation',
      errorClass: 'com.acme.ValidationException',
      stackTrace:
        'com.acme.ValidationException: Payment p-1 failed validation\n\tat com.acme.V.check(V.java:9)',
      cause: { error_class: 'java.lang.NumberFormatException', message: 'For input string: "12,5"' },
      attempts: 3,
      consumerGroup: 'billing',
    });
    expect(record.format).toBe('json-envelope');
    expect(record.origin).toMatchObject({
      topic: 'payments',
      partition: 1,
      offset: '9007199254740993',
      timestamp: Date.parse('2024-05-01T10:00:00.000Z'),
      consumerGroup: 'billing',
      attempts: 3,
    });
    expect(record.origin.value).toMatchObject({ kind: 'json', text: '{"paymentId":"p-1","amount":12.5}' });
    expect(record.error).toMatchObject({
      class: 'com.acme.ValidationException',
      message: 'Payment p-1 failed validation',
      causeClass: 'java.lang.NumberFormatException',
      cause: 'For input string: "12,5"',
      stackTrace:
        'com.acme.ValidationException: Payment p-1 failed validation\n\tat com.acme.V.check(V.java:9)',
    });
  });

  it('decodes input_value in base64 and an error object with its own cause', () => {
    const original = Buffer.from([0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x06, 0x66, 0x6f, 0x6f]);
    const record = envelope({
      input_value: original.toString('base64'),
      input_value_encoding: 'base64',
      original_topic: 'clicks',
      error: {
        type: 'SchemaError',
        message: 'Unknown magic byte',
        stack_trace: 'SchemaError: Unknown magic byte',
        cause: { class: 'io.confluent.RestClientException', message: 'Schema 7 not found' },
      },
    });
    expect(record.origin.value).toEqual({
      kind: 'schema-registry',
      size: 10,
      truncated: false,
      text: null,
      base64: original.toString('base64'),
      schemaId: 7,
    });
    expect(record.error).toMatchObject({
      class: 'SchemaError',
      message: 'Unknown magic byte',
      stackTrace: 'SchemaError: Unknown magic byte',
      causeClass: 'io.confluent.RestClientException',
      cause: 'Schema 7 not found',
    });
  });

  it('reads long unmistakable base64 without a hint, and short strings as text', () => {
    const long = envelope({
      original_topic: 't',
      reason: 'r',
      original_value: Buffer.from('{"a":"bcdefghijklmnop"}').toString('base64'),
    });
    expect(long.origin.value).toMatchObject({ kind: 'json', text: '{"a":"bcdefghijklmnop"}' });
    const short = envelope({ original_topic: 't', reason: 'r', original_value: 'abcd1234' });
    expect(short.origin.value).toMatchObject({ kind: 'text', text: 'abcd1234' });
  });

  it('keeps a null original value as a tombstone and warns about fields of the wrong type', () => {
    const record = envelope({
      original_topic: ['not', 'a', 'string'],
      original_partition: 'two',
      original_offset: '9223372036854775808',
      original_value: null,
      reason: 'tombstone rejected',
    });
    expect(record.origin.value?.kind).toBe('null');
    expect(record.origin.topic).toBeNull();
    expect(record.origin.partition).toBeNull();
    expect(record.warnings).toEqual([
      { code: 'envelope-field-invalid', message: 'envelope field original_topic: expected a string' },
      {
        code: 'envelope-field-invalid',
        message: 'envelope field original_partition: expected a partition number',
      },
      { code: 'envelope-field-invalid', message: 'envelope field original_offset: expected an offset' },
    ]);
  });

  it('warns when a base64-hinted value is not base64', () => {
    const record = envelope({ original_topic: 't', reason: 'r', originalValueBase64: 'not base64!' });
    expect(record.origin.value).toMatchObject({ kind: 'text', text: 'not base64!' });
    expect(record.warnings.map((w) => w.code)).toEqual(['envelope-field-invalid']);
  });

  it('does not mistake business payloads for envelopes', () => {
    expect(envelope({ orderId: 1, description: 'blue shoes', sourceSystem: 'shop' }).format).toBe('unknown');
    expect(envelope({ error: 'x' }).format).toBe('unknown');
    expect(envelope([{ original_topic: 'a', error: 'b' }]).format).toBe('unknown');
    expect(envelope({ original_topic: 'a', original_offset: 3 }).format).toBe('json-envelope');
  });

  it('survives an original value nested too deeply to re-serialise', () => {
    const depth = 20_000;
    const value = `{"original_topic":"t","reason":"r","original_value":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const record = decodeRecord(rawRecord({ value: Buffer.from(value) }));
    expect(record.format).toBe('json-envelope');
    expect(record.origin.topic).toBe('t');
    expect(record.origin.value).toBeNull();
    expect(record.warnings).toEqual([
      {
        code: 'envelope-field-invalid',
        message: 'envelope field original_value: nested too deeply to show apart from the envelope',
      },
    ]);
    expect(() => JSON.stringify(record)).not.toThrow();
  });
});
