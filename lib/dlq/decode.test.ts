import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DlqAdapter } from './adapters/adapter';
import { ADAPTERS, decodeRecord } from './decode';
import { MAX_STORED_BYTES, payloadBytes } from './payload';
import type { RawKafkaRecord } from './raw-record';
import { bytes, header, rawRecord, seededRandom } from './test-records';
import { DLQ_FORMATS, type DlqRecord } from './types';

/** What every decoded record must satisfy, whatever went in: the broken rules, none when well formed.
 * Plain checks collected in a list: thousands of expect() calls would dominate the run time. */
function problems(record: DlqRecord, raw: RawKafkaRecord): string[] {
  const found: string[] = [];
  const check = (ok: boolean, rule: string) => {
    if (!ok) found.push(rule);
  };
  check(isDeepStrictEqual(JSON.parse(JSON.stringify(record)), record), 'survives JSON unchanged');
  check(DLQ_FORMATS.includes(record.format), 'has a known format');
  check(/^[0-9a-f]{16}$/.test(record.errorGroup.id), 'has an error group id');
  check(record.headers.length === raw.headers.length, 'keeps every header');
  raw.headers.forEach((h, i) => {
    const described = record.headers[i];
    const kept = described ? payloadBytes(described) : null;
    check(described?.key === h.key, `header ${i} keeps its key`);
    check(
      h.value === null ? kept === null : kept !== null && kept.equals(h.value.subarray(0, kept.length)),
      `header ${i} keeps its bytes`,
    );
  });
  for (const [name, payload, original] of [
    ['key', record.key, raw.key],
    ['value', record.value, raw.value],
  ] as const) {
    const kept = payloadBytes(payload);
    check(payload.size === (original?.length ?? 0), `${name} has its full size`);
    if (original === null) {
      check(kept === null, `null ${name} stays null`);
    } else {
      const expected = payload.truncated ? MAX_STORED_BYTES : original.length;
      check(kept !== null && kept.equals(original.subarray(0, kept.length)), `${name} keeps its bytes`);
      check(
        kept !== null && kept.length <= expected && kept.length > expected - 4,
        `${name} keeps all it may`,
      );
    }
  }
  return found;
}

describe('decodeRecord', () => {
  it('still makes a row of an unknown format: raw record, format unknown and a warning', () => {
    const raw = rawRecord({
      topic: 'junk.DLQ',
      partition: 1,
      offset: '3',
      key: bytes(0xfe, 0xff),
      value: bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
      headers: [header('content-type', 'image/png')],
    });
    const record = decodeRecord(raw);
    expect(record).toEqual({
      dlq: { topic: 'junk.DLQ', partition: 1, offset: '3', timestamp: 1700000000000 },
      format: 'unknown',
      origin: {
        topic: null,
        partition: null,
        offset: null,
        timestamp: null,
        timestampType: null,
        key: null,
        value: null,
        consumerGroup: null,
        attempts: null,
      },
      error: {
        class: null,
        message: null,
        causeClass: null,
        cause: null,
        stackTrace: null,
        stage: null,
        executingClass: null,
        connector: null,
        task: null,
        keyError: null,
      },
      errorGroup: record.errorGroup,
      key: { kind: 'binary', size: 2, truncated: false, text: null, base64: '/v8=', schemaId: null },
      value: {
        kind: 'binary',
        size: 8,
        truncated: false,
        text: null,
        base64: 'iVBORw0KGgo=',
        schemaId: null,
      },
      headers: [{ key: 'content-type', text: 'image/png', base64: null }],
      warnings: [
        {
          code: 'unknown-format',
          message: 'no known DLQ convention in the headers or the value; showing the raw record',
        },
      ],
    });
    expect(record.errorGroup.title).toBe('No error information (unknown)');
  });

  it('detects by headers and value shape, never by topic name', () => {
    expect(decodeRecord(rawRecord({ topic: 'orders-dlt', value: Buffer.from('{}') })).format).toBe('unknown');
    expect(decodeRecord(rawRecord({ topic: 'connect-dlq' })).format).toBe('unknown');
  });

  it('decodes a tombstone with convention headers', () => {
    const record = decodeRecord(
      rawRecord({ value: null, headers: [header('kafka_dlt-original-topic', 'orders')] }),
    );
    expect(record.format).toBe('spring-kafka');
    expect(record.value.kind).toBe('null');
  });

  describe('when a record carries several conventions', () => {
    const connectHeaders = [
      header('__connect.errors.topic', 'customers'),
      header('__connect.errors.exception.class.name', 'org.apache.kafka.connect.errors.DataException'),
    ];
    const springHeaders = [
      header('kafka_dlt-original-topic', 'customers-dlq'),
      header('kafka_dlt-exception-fqcn', 'java.lang.IllegalStateException'),
    ];

    it('uses the convention whose headers were appended last: the latest failure', () => {
      const springLast = decodeRecord(rawRecord({ headers: [...connectHeaders, ...springHeaders] }));
      expect(springLast.format).toBe('spring-kafka');
      expect(springLast.origin.topic).toBe('customers-dlq');
      expect(springLast.warnings).toEqual([
        {
          code: 'several-conventions',
          message:
            'also carries kafka-connect headers from an earlier failure; decoded as spring-kafka, whose headers come last',
        },
      ]);
      // every convention's headers stay flagged, so a replay can strip them all
      expect(springLast.headers.map((h) => h.convention)).toEqual([
        'kafka-connect',
        'kafka-connect',
        'spring-kafka',
        'spring-kafka',
      ]);

      const connectLast = decodeRecord(rawRecord({ headers: [...springHeaders, ...connectHeaders] }));
      expect(connectLast.format).toBe('kafka-connect');
      expect(connectLast.origin.topic).toBe('customers');
    });

    it('prefers header conventions over a JSON envelope guessed from the value', () => {
      const record = decodeRecord(
        rawRecord({
          value: Buffer.from(JSON.stringify({ original_topic: 'a', error: 'b' })),
          headers: springHeaders,
        }),
      );
      expect(record.format).toBe('spring-kafka');
      expect(record.warnings.map((w) => w.code)).toEqual(['several-conventions']);
    });
  });

  describe('never throws', () => {
    const broken: DlqAdapter = {
      format: 'smallrye',
      headerFields: [{ name: 'boom', encoding: 'utf8' }],
      detect: (record) => record.headers.has('boom'),
      decode: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };

    it('turns a failing adapter into a warning on a raw row', () => {
      const raw = rawRecord({ value: Buffer.from('v'), headers: [header('boom', 'x')] });
      const record = decodeRecord(raw, [broken, ...ADAPTERS]);
      expect(record.format).toBe('smallrye');
      expect(record.value.text).toBe('v');
      expect(record.headers).toEqual([
        { key: 'boom', text: 'x', base64: null, convention: 'smallrye', decodedAs: 'utf8' },
      ]);
      expect(record.warnings).toEqual([
        {
          code: 'adapter-failed',
          message:
            'the smallrye adapter failed (TypeError: cannot read properties of undefined); showing the raw record',
        },
      ]);
    });

    it('skips an adapter whose detection fails and carries on with the others', () => {
      const failingDetect: DlqAdapter = {
        ...broken,
        detect: () => {
          throw new Error('detect bug');
        },
      };
      const record = decodeRecord(rawRecord({ headers: [header('dead-letter-reason', 'r')] }), [
        failingDetect,
        ...ADAPTERS,
      ]);
      expect(record.format).toBe('smallrye');
      expect(record.error.message).toBe('r');
      expect(record.warnings).toEqual([
        { code: 'adapter-failed', message: 'smallrye detection failed: Error: detect bug' },
      ]);
    });

    it('keeps what it can of a record that breaks the input contract', () => {
      const malformed = {
        ...rawRecord({ topic: 'orders.DLQ', offset: '9' }),
        value: 'a string, not a Buffer',
        headers: null,
      } as unknown as RawKafkaRecord;
      const record = decodeRecord(malformed);
      expect(record.format).toBe('unknown');
      expect(record.dlq).toMatchObject({ topic: 'orders.DLQ', offset: '9' });
      expect(record.value).toMatchObject({ kind: 'text', text: 'a string, not a Buffer' });
      expect(record.headers).toEqual([]);
      expect(record.warnings.map((w) => w.code)).toEqual(['record-malformed']);
      expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    });

    it('reports a record without a usable timestamp', () => {
      const record = decodeRecord(rawRecord({ timestamp: '-1' }));
      expect(record.dlq.timestamp).toBeNull();
      expect(record.warnings.map((w) => w.code)).toContain('timestamp-invalid');
    });
  });

  describe('hostile records', () => {
    it('indexes a 10 MB value as its first 1 MiB', () => {
      const raw = rawRecord({
        value: Buffer.alloc(10 * 1024 * 1024, '{"a":1}'),
        headers: [header('dead-letter-reason', 'too big')],
      });
      const record = decodeRecord(raw);
      expect(record.value).toMatchObject({ kind: 'text', truncated: true, size: 10 * 1024 * 1024 });
      expect(record.warnings).toEqual([
        {
          code: 'value-truncated',
          message: `value is ${10 * 1024 * 1024} bytes; the first ${MAX_STORED_BYTES} or fewer are kept, the rest is read from Kafka on demand`,
        },
      ]);
      expect(problems(record, raw)).toEqual([]);
    });

    it('keeps all of 10,000 headers, repeated convention headers included', () => {
      const headers = Array.from({ length: 10_000 }, (_, i) =>
        i % 2 === 0
          ? header('kafka_dlt-original-partition', bytes(0, 0, (i >> 8) & 0xff, i & 0xff))
          : header(`h${i}`, i % 3 === 0 ? null : bytes(0xff, i & 0xff)),
      );
      const raw = rawRecord({ headers });
      const record = decodeRecord(raw);
      expect(record.format).toBe('spring-kafka');
      expect(record.headers).toHaveLength(10_000);
      expect(record.origin.partition).toBe(9998);
      expect(record.warnings).toEqual([
        {
          code: 'header-repeated',
          message: 'kafka_dlt-original-partition appears 5000 times; the last one is used',
        },
      ]);
      expect(problems(record, raw)).toEqual([]);
    });

    it('keeps header values over 1 MiB cut, with their full size', () => {
      const raw = rawRecord({
        headers: [header('kafka_dlt-exception-stacktrace', Buffer.alloc(2 * MAX_STORED_BYTES, 'x'))],
      });
      const record = decodeRecord(raw);
      expect(record.headers[0]).toMatchObject({ truncated: true, size: 2 * MAX_STORED_BYTES });
      expect(record.headers[0]?.text).toHaveLength(MAX_STORED_BYTES);
      expect(record.error.stackTrace).toHaveLength(MAX_STORED_BYTES);
      expect(record.warnings.map((w) => w.code)).toEqual(['header-truncated']);
      expect(problems(record, raw)).toEqual([]);
    });

    it('decodes invalid UTF-8 keys, values, header keys and header values', () => {
      const raw = rawRecord({
        key: bytes(0xc0, 0xaf),
        value: bytes(0xed, 0xa0, 0x80),
        headers: [
          { key: Buffer.from([0xff, 0x41]).toString('utf8'), value: bytes(0xf8, 0x88, 0x80, 0x80, 0x80) },
          header('x-exception-message', bytes(0xe2, 0x82)),
        ],
      });
      const record = decodeRecord(raw);
      expect(record.key.kind).toBe('binary');
      expect(record.value.kind).toBe('binary');
      expect(record.headers[0]?.key).toBe('\ufffdA');
      expect(record.error.message).toBe('\ufffd');
      expect(record.warnings.map((w) => w.code)).toEqual(['header-not-utf8']);
      expect(problems(record, raw)).toEqual([]);
    });

    it('decodes a deeply nested JSON value and an XSS attempt as plain data', () => {
      const depth = 100_000;
      const nested = rawRecord({ value: Buffer.from('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) });
      const record = decodeRecord(nested);
      expect(record.value.kind).toBe('json');
      expect(problems(record, nested)).toEqual([]);

      const xss = rawRecord({
        value: Buffer.from('<img src=x onerror=alert(1)>'),
        headers: [header('dead-letter-reason', '<script>alert(1)</script>')],
      });
      const decoded = decodeRecord(xss);
      expect(decoded.value.text).toBe('<img src=x onerror=alert(1)>');
      expect(decoded.error.message).toBe('<script>alert(1)</script>');
    });
  });

  it('never throws on random bytes and headers (5,000 seeded cases)', () => {
    const random = seededRandom(20240501);
    const int = (max: number) => Math.floor(random() * max);
    const randomBytes = (max: number) => Buffer.from(Array.from({ length: int(max) }, () => int(256)));
    const names = [
      ...ADAPTERS.flatMap((adapter) => adapter.headerFields.map((field) => field.name)),
      'traceparent',
      '',
    ];
    const jsonish = [
      '{"original_topic":',
      '{"original_topic":"t","error":{"cause":{"cause":null}},"original_value":',
      '{"sourceValue":"AAAA","reason":',
      '[',
      '{"a":',
    ];
    const value = (): Buffer | null => {
      switch (int(5)) {
        case 0:
          return null;
        case 1:
          return Buffer.concat([
            Buffer.from(jsonish[int(jsonish.length)]!),
            randomBytes(40),
            Buffer.from('}'),
          ]);
        case 2:
          return Buffer.concat([bytes(0), randomBytes(20)]);
        case 3:
          return Buffer.from(
            JSON.stringify({
              original_topic: randomBytes(8).toString('latin1'),
              error: int(9),
              original_value: random() < 0.5 ? null : { deep: [randomBytes(4).toString('base64')] },
            }),
          );
        default:
          return randomBytes(64);
      }
    };
    const failures: string[] = [];
    for (let i = 0; i < 5_000; i += 1) {
      const raw = rawRecord({
        offset: String(i),
        timestamp: random() < 0.05 ? randomBytes(4).toString('latin1') : String(int(2 ** 42)),
        key: value(),
        value: value(),
        headers: Array.from({ length: int(12) }, () => ({
          key: random() < 0.8 ? names[int(names.length)]! : randomBytes(6).toString('utf8'),
          value: random() < 0.1 ? null : random() < 0.5 ? randomBytes(12) : Buffer.from(String(int(1e6))),
        })),
      });
      const record = decodeRecord(raw);
      const broken = problems(record, raw);
      if (record.warnings.some((w) => w.code === 'adapter-failed' || w.code === 'record-malformed')) {
        broken.push('decodes without a failure');
      }
      if (broken.length > 0) failures.push(`case ${i}: ${broken.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });
});
