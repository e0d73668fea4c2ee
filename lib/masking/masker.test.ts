import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load';
import { decodeRecord } from '../dlq/decode';
import { header, rawRecord } from '../dlq/test-records';
import type { RecordRow } from '../store/types';
import { parseJsonPath, replaceAtPath } from './json-path';
import { linearRegexProblem } from './linear-regex';
import { MASK, maskerOf } from './masker';

const CARD = '4111 1111 1111 1111';
const rules = {
  jsonPaths: ['$.card.number', '$..password', '$.items[*].email'],
  headers: ['X-Customer-Email'],
  patterns: ['\\b\\d{4} \\d{4} \\d{4} \\d{4}\\b', '[\\w.]+@example\\.com'],
};

function springRecord(
  value: string | Buffer,
  headers = [header('x-customer-email', 'ann@example.com')],
  {
    message = `card ${CARD} refused for bob@example.com`,
    key = '{"customer":"c-1","password":"hunter2"}',
  } = {},
) {
  return decodeRecord(
    rawRecord({
      key: Buffer.from(key),
      value: typeof value === 'string' ? Buffer.from(value) : value,
      headers: [
        header('kafka_dlt-exception-fqcn', 'java.lang.IllegalStateException'),
        header('kafka_dlt-exception-message', message),
        header('kafka_dlt-original-topic', 'orders'),
        ...headers,
      ],
    }),
  );
}

describe('json paths', () => {
  it('parses the supported subset and refuses the rest', () => {
    expect(parseJsonPath('$.card.number')).toEqual([
      { kind: 'field', name: 'card' },
      { kind: 'field', name: 'number' },
    ]);
    expect(parseJsonPath("$['odd key'][2][*]..pw")).toEqual([
      { kind: 'field', name: 'odd key' },
      { kind: 'index', index: 2 },
      { kind: 'any' },
      { kind: 'descendant', name: 'pw' },
    ]);
    for (const bad of ['card.number', '$', '$.a[?(@.x)]', '$.a.', '$[-1]'])
      expect(parseJsonPath(bad)).toBeNull();
  });

  it('replaces every selected value, at any depth for ..name', () => {
    const doc = { a: { pw: 1, b: [{ pw: 2 }, { c: { pw: 3 } }] }, pw: 0 };
    expect(replaceAtPath(doc, parseJsonPath('$..pw')!, 'x')).toBe(4);
    expect(doc).toEqual({ a: { pw: 'x', b: [{ pw: 'x' }, { c: { pw: 'x' } }] }, pw: 'x' });
  });
});

describe('masking a record', () => {
  const masker = maskerOf(rules);

  it('masks JSON paths, named headers and patterns everywhere, and says what it masked', () => {
    const value = JSON.stringify({
      card: { number: 4111111111111111, expiry: '12/30' },
      items: [{ email: 'x@y.org', sku: 'A' }],
      note: `paid with ${CARD}`,
    });
    const { record, masked } = masker.record(springRecord(value));
    const shown = JSON.parse(record.value.text!) as Record<string, unknown>;
    expect(shown).toEqual({
      card: { number: MASK, expiry: '12/30' },
      items: [{ email: MASK, sku: 'A' }],
      note: `paid with ${MASK}`,
    });
    expect(JSON.parse(record.key.text!)).toEqual({ customer: 'c-1', password: MASK });
    expect(record.error.message).toBe(`card ${MASK} refused for ${MASK}`);
    expect(record.headers.find((h) => h.key === 'x-customer-email')).toMatchObject({
      text: MASK,
      base64: null,
    });
    const dltMessage = record.headers.find((h) => h.key === 'kafka_dlt-exception-message')!;
    expect(dltMessage.text).not.toContain('4111');
    expect(masked).toEqual(
      expect.arrayContaining(['key', 'value', 'error.message', 'headers.x-customer-email']),
    );
    const everything = JSON.stringify(record);
    for (const secret of ['4111', 'hunter2', 'ann@example.com', 'bob@example.com', 'x@y.org'])
      expect(everything).not.toContain(secret);
  });

  it('leaves a record without matches as it was', () => {
    const clean = springRecord('{"ok":true}', [], { message: 'no data here', key: '{"customer":"c-1"}' });
    const { record, masked } = masker.record(clean);
    expect(masked).toEqual([]);
    expect(record).toEqual(clean);
  });

  it('withholds what it cannot inspect: cut or malformed JSON, binary values, documents nested too deep', () => {
    const cut = springRecord('{"card":{"number":"' + '1'.repeat(1024 * 1024 + 10) + '"}}');
    expect(cut.value.truncated).toBe(true);
    expect(masker.record(cut).record.value).toMatchObject({ text: MASK, base64: null });

    expect(masker.record(springRecord('{"card": {"number": 42')).record.value.text).toBe(MASK);

    const binary = masker.record(springRecord(Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x42])));
    expect(binary.record.value).toMatchObject({ text: MASK, base64: null });
    expect(binary.masked).toContain('value');

    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(masker.record(springRecord(deep)).record.value.text).toBe(MASK);
  });

  it('masks list previews, and hides JSON and binary key previews it cannot parse', () => {
    const row = {
      id: 'dlq~0~1',
      keyPreview: `{"card":"${CARD}`,
      keyKind: 'json',
      messagePreview: `refused ${CARD}`,
    } as RecordRow;
    expect(masker.row(row)).toMatchObject({ keyPreview: MASK, messagePreview: `refused ${MASK}` });
    expect(masker.row({ ...row, keyKind: 'binary', keyPreview: 'AAEC' }).keyPreview).toBe(MASK);
    expect(maskerOf({ jsonPaths: [], headers: [], patterns: [] }).row(row)).toBe(row);
  });

  it('runs patterns in linear time over the largest text a record keeps (1 MiB)', () => {
    const evil = maskerOf({ jsonPaths: [], headers: [], patterns: ['(a+)+$', '(x|x)*y'] });
    const text = 'a'.repeat(1024 * 1024) + '!';
    expect(evil.text(text)).toBe(text);
    expect(evil.text('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')).toBe(
      'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    );
  });
});

describe('masking configuration', () => {
  const base = { DLQDESK_KAFKA_BROKERS: 'k:9092', DLQDESK_SESSION_SECRET: 'x'.repeat(32) };

  it('refuses patterns that cannot run in linear time, and bad JSON paths, naming the setting', () => {
    expect(linearRegexProblem('(a)\\1')).toMatch(/linear/);
    expect(() => loadConfig({ ...base, DLQDESK_MASK_PATTERNS: '(\\w+)\\s\\1' })).toThrow(
      /masking\.patterns\.0 \(DLQDESK_MASK_PATTERNS\): .*linear time/,
    );
    expect(() => loadConfig({ ...base, DLQDESK_MASK_PATTERNS: '(?<=x)y' })).toThrow(/linear time/);
    expect(() => loadConfig({ ...base, DLQDESK_MASK_JSON_PATHS: 'card.number' })).toThrow(
      /masking\.jsonPaths\.0 .*JSON path/,
    );
    const ok = loadConfig({ ...base, DLQDESK_MASK_HEADERS: 'X-Card', DLQDESK_MASK_PATTERNS: '\\d{16}' });
    expect(ok.masking).toEqual({ jsonPaths: [], headers: ['X-Card'], patterns: ['\\d{16}'] });
  });
});
