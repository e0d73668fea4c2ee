import { describe, expect, it } from 'vitest';

import type { DemoRecord } from './demo-record';
import { demoIncident, generateDemoRecords } from './generator';
import { DEMO_DLQS, demoDlq } from './topics';

const TO = Date.UTC(2025, 4, 14, 15, 30);
const DAY = 86_400_000;
const OPTIONS = { count: 6_000, to: TO };
const records = [...generateDemoRecords(OPTIONS)];

const header = (record: DemoRecord, name: string) =>
  record.headers.filter(([key]) => key === name).map(([, value]) => value);
const last = (record: DemoRecord, name: string) => header(record, name).at(-1);
const text = (bytes: Buffer | null | undefined) => bytes?.toString('utf8');
const has = (record: DemoRecord, name: string) => record.headers.some(([key]) => key === name);
const of = (topic: string) => records.filter((record) => record.topic === topic);

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('generateDemoRecords', () => {
  it('is deterministic for a seed and end time, and differs for another seed', () => {
    const first = [...generateDemoRecords({ ...OPTIONS, count: 500 })];
    expect([...generateDemoRecords({ ...OPTIONS, count: 500 })]).toEqual(first);
    const other = [...generateDemoRecords({ ...OPTIONS, count: 500, seed: 7 })];
    expect(other.map((record) => record.value)).not.toEqual(first.map((record) => record.value));
  });

  it('spreads the records over the week before `to`, in timestamp order, busier by day', () => {
    expect(records).toHaveLength(OPTIONS.count);
    for (let i = 1; i < records.length; i++)
      expect(records[i]!.timestamp).toBeGreaterThanOrEqual(records[i - 1]!.timestamp);
    expect(records[0]!.timestamp).toBeGreaterThanOrEqual(TO - 7 * DAY);
    expect(records.at(-1)!.timestamp).toBeLessThan(TO);
    const hour = (record: DemoRecord) => new Date(record.timestamp).getUTCHours();
    const night = records.filter((record) => hour(record) >= 1 && hour(record) < 4).length;
    const day = records.filter((record) => hour(record) >= 10 && hour(record) < 13).length;
    expect(day).toBeGreaterThan(2 * night);
  });

  it('has an incident: one DLQ, one error class, a few hundred records within 30 minutes, hours ago', () => {
    const incident = demoIncident(OPTIONS)!;
    expect(incident).toMatchObject({ topic: 'orders-dlt', count: 300, durationMs: 30 * 60_000 });
    expect(TO - incident.start).toBeGreaterThan(2 * 3_600_000);
    const inWindow = records.filter(
      (r) => r.timestamp >= incident.start && r.timestamp < incident.start + incident.durationMs,
    );
    const burst = inWindow.filter(
      (r) => text(last(r, 'kafka_dlt-exception-cause-fqcn')) === 'java.net.SocketTimeoutException',
    );
    expect(burst).toHaveLength(300);
    expect(new Set(burst.map((record) => record.topic))).toEqual(new Set(['orders-dlt']));
    expect(burst.length).toBeGreaterThan(inWindow.length * 0.8);
    // One problem, but messages that differ in ids and numbers, for grouping to collapse.
    expect(
      new Set(burst.map((record) => text(last(record, 'kafka_dlt-exception-message')))).size,
    ).toBeGreaterThan(250);
    expect([...generateDemoRecords({ ...OPTIONS, count: 100, incident: false })]).toHaveLength(100);
  });

  it('fills every demo DLQ, with default names of each framework', () => {
    const topics = new Set(records.map((record) => record.topic));
    expect(topics).toEqual(new Set(DEMO_DLQS.map((dlq) => dlq.topic)));
    for (const name of [
      'payments.DLT',
      'orders-dlt',
      'error.shipments.billing-group',
      'dead-letter-topic-inventory',
      'notifications.DLQ',
    ]) {
      expect(topics.has(name)).toBe(true);
    }
  });

  it('averages the configured value size', () => {
    for (const valueSize of [1024, 4096]) {
      const sample = [...generateDemoRecords({ ...OPTIONS, count: 2_000, valueSize })];
      const values = sample.flatMap((record) => (record.value ? [record.value.length] : []));
      const average = values.reduce((sum, n) => sum + n, 0) / values.length;
      expect(average).toBeGreaterThan(valueSize * 0.85);
      expect(average).toBeLessThan(valueSize * 1.15);
    }
  });
});

describe('Spring Kafka records', () => {
  const spring = [...of('payments.DLT'), ...of('orders-dlt')];

  it('carry binary big-endian partition, offset and timestamp headers, on the original partition', () => {
    expect(spring.length).toBeGreaterThan(500);
    for (const record of spring) {
      const partition = last(record, 'kafka_dlt-original-partition')!;
      const offset = last(record, 'kafka_dlt-original-offset')!;
      const timestamp = last(record, 'kafka_dlt-original-timestamp')!;
      expect(partition).toHaveLength(4);
      expect(offset).toHaveLength(8);
      expect(timestamp).toHaveLength(8);
      expect(partition.readInt32BE(0)).toBe(record.partition);
      expect(record.partition).toBeLessThan(demoDlq(record.topic).partitions);
      expect(Number(timestamp.readBigInt64BE(0))).toBeLessThanOrEqual(record.timestamp);
      expect(Number(offset.readBigInt64BE(0))).toBeGreaterThan(0);
      expect(text(last(record, 'kafka_dlt-original-topic'))).toBe(
        record.topic === 'orders-dlt' ? 'orders' : 'payments',
      );
      expect(text(last(record, 'kafka_dlt-original-timestamp-type'))).toBe('CreateTime');
      expect(
        has(record, 'kafka_dlt-exception-stacktrace') || has(record, 'kafka_dlt-key-exception-stacktrace'),
      ).toBe(true);
    }
  });

  it('append DLT headers after the original ones, and repeat them for records dead-lettered before', () => {
    for (const record of spring) expect(record.headers[0]?.[0]).toBe('__TypeId__');
    const repeated = spring.filter((record) => header(record, 'kafka_dlt-original-offset').length > 1);
    expect(repeated.length).toBeGreaterThan(10);
    for (const record of repeated) {
      const [earlier, latest] = header(record, 'kafka_dlt-original-offset').map((value) =>
        value!.readBigInt64BE(0),
      );
      expect(latest!).toBeGreaterThan(earlier!);
    }
  });

  it('include key deserialization failures with the key-exception headers and the raw key', () => {
    const keyFailures = spring.filter((record) => has(record, 'kafka_dlt-key-exception-fqcn'));
    expect(keyFailures.length).toBeGreaterThan(5);
    for (const record of keyFailures) {
      expect(has(record, 'kafka_dlt-exception-fqcn')).toBe(false);
      expect(text(last(record, 'kafka_dlt-key-exception-message'))).toContain('LongDeserializer is not 8');
      expect(record.key?.length).not.toBe(8);
    }
  });

  it('record retry-topic attempts (4-byte int) and BigInteger timestamps in the -dlt topic', () => {
    for (const record of of('orders-dlt')) {
      expect(last(record, 'retry_topic-attempts')).toHaveLength(4);
      const original = last(record, 'retry_topic-original-timestamp')!;
      expect(BigInt(`0x${original.toString('hex')}`)).toBe(
        last(record, 'kafka_dlt-original-timestamp')!.readBigInt64BE(0),
      );
    }
    for (const record of of('payments.DLT')) expect(has(record, 'retry_topic-attempts')).toBe(false);
  });

  it('have error messages with variable parts over a handful of causes', () => {
    const messages = spring.map((record) => text(last(record, 'kafka_dlt-exception-message')));
    const causes = new Set(spring.map((record) => text(last(record, 'kafka_dlt-exception-cause-fqcn'))));
    expect(new Set(messages).size).toBeGreaterThan(500);
    expect(causes.size).toBeLessThanOrEqual(10);
  });
});

describe('other conventions', () => {
  it('Kafka Connect: UTF-8 coordinates, null-valued exception message header when there was none', () => {
    const connect = of('connect-dlq-jdbc-sink');
    const withoutMessage = connect.filter(
      (record) => header(record, '__connect.errors.exception.message')[0] === null,
    );
    expect(withoutMessage.length).toBeGreaterThan(10);
    for (const record of withoutMessage) {
      expect(text(last(record, '__connect.errors.exception.class.name'))).toBe(
        'java.lang.NullPointerException',
      );
    }
    for (const record of connect) {
      expect(text(last(record, '__connect.errors.partition'))).toMatch(/^\d+$/);
      expect(text(last(record, '__connect.errors.offset'))).toMatch(/^\d+$/);
      expect(['VALUE_CONVERTER', 'TRANSFORMATION', 'TASK_PUT']).toContain(
        text(last(record, '__connect.errors.stage')),
      );
      expect(['customers', 'users']).toContain(text(last(record, '__connect.errors.topic')));
    }
    expect(connect.some((record) => record.value?.[0] === 0)).toBe(true); // Schema Registry Avro
    expect(connect.some((record) => record.value === null)).toBe(true); // tombstones the sink refused
  });

  it('Spring Cloud Stream: x-original-* with binary partition and offset', () => {
    for (const record of of('error.shipments.billing-group')) {
      expect(last(record, 'x-original-partition')?.readInt32BE(0)).toBe(record.partition);
      expect(last(record, 'x-original-offset')).toHaveLength(8);
      expect(text(last(record, 'x-original-topic'))).toBe('shipments');
      expect(has(record, 'x-exception-fqcn')).toBe(true);
    }
  });

  it('SmallRye: dead-letter-* strings, cause headers only with a cause', () => {
    const smallrye = of('dead-letter-topic-inventory');
    for (const record of smallrye) {
      expect(text(last(record, 'dead-letter-partition'))).toMatch(/^\d+$/);
      expect(text(last(record, 'dead-letter-topic'))).toBe('inventory-updates');
      expect(has(record, 'dead-letter-cause')).toBe(has(record, 'dead-letter-cause-class-name'));
    }
    expect(smallrye.some((record) => has(record, 'dead-letter-cause'))).toBe(true);
    expect(smallrye.some((record) => !has(record, 'dead-letter-cause'))).toBe(true);
  });

  it('Karafka: source_* since the upgrade, original_* before it, hyphenated in the oldest', () => {
    const karafka = of('karafka-dlq');
    const spelling = (record: DemoRecord) =>
      has(record, 'source_topic')
        ? 'source'
        : has(record, 'original_topic')
          ? 'original'
          : has(record, 'original-topic')
            ? 'hyphen'
            : 'none';
    const spellings = karafka.map(spelling);
    expect(new Set(spellings)).toEqual(new Set(['source', 'original', 'hyphen']));
    const upgradedAt = TO - 3 * DAY;
    karafka.forEach((record, i) => expect(spellings[i] === 'source').toBe(record.timestamp >= upgradedAt));
    for (const record of karafka)
      expect(record.headers.some(([name]) => /error|exception|reason/.test(name))).toBe(false);
  });

  it('JSON envelopes: snake_case, camelCase, nested cause and base64 original values', () => {
    const envelopes = [...of('notifications.DLQ'), ...of('invoices-dlq')].map(
      (record) => JSON.parse(text(record.value)!) as Record<string, unknown>,
    );
    const shapes = new Set(
      envelopes.map((body) =>
        'original_value' in body
          ? 'snake'
          : 'cause' in body
            ? 'nested'
            : 'originalValueEncoding' in body
              ? 'base64'
              : 'sourceTopic' in body
                ? 'camel'
                : 'other',
      ),
    );
    expect(shapes).toEqual(new Set(['snake', 'nested', 'base64', 'camel']));
    for (const body of envelopes.filter((candidate) => candidate.originalValueEncoding === 'base64')) {
      expect(() =>
        JSON.parse(Buffer.from(String(body.originalValue), 'base64').toString('utf8')),
      ).not.toThrow();
    }
  });

  it('junk: Schema Registry framing, invalid UTF-8, tombstones, null keys, empty values', () => {
    const junk = of('clickstream-dlq');
    expect(junk.some((record) => record.value && record.value.length > 5 && record.value[0] === 0)).toBe(
      true,
    );
    expect(junk.some((record) => record.value && !isUtf8(record.value))).toBe(true);
    expect(junk.some((record) => record.value === null && record.key !== null)).toBe(true);
    expect(junk.some((record) => record.key === null)).toBe(true);
    expect(junk.some((record) => record.value?.length === 0)).toBe(true);
  });
});
