import { expect, it } from 'vitest';
import { renderExposition, topAndOther } from './exposition';

it('writes HELP and TYPE once per family and escapes label values and help text', () => {
  const text = renderExposition([
    {
      name: 'dlqdesk_dlq_records',
      help: 'Records\\counted\nhere',
      type: 'gauge',
      samples: [{ labels: { dlq: 'a"b\\c\nd' }, value: 3 }, { value: Infinity }],
    },
    { name: 'dlqdesk_empty_total', help: 'none yet', type: 'counter', samples: [] },
  ]);
  expect(text).toBe(
    [
      '# HELP dlqdesk_dlq_records Records\\\\counted\\nhere',
      '# TYPE dlqdesk_dlq_records gauge',
      'dlqdesk_dlq_records{dlq="a\\"b\\\\c\\nd"} 3',
      'dlqdesk_dlq_records +Inf',
      '# HELP dlqdesk_empty_total none yet',
      '# TYPE dlqdesk_empty_total counter',
      '',
    ].join('\n'),
  );
});

it('refuses invalid names and a family given twice', () => {
  const family = { name: 'x', help: 'h', type: 'gauge' as const, samples: [] };
  expect(() => renderExposition([{ ...family, name: 'bad-name' }])).toThrow(/invalid metric name/);
  expect(() => renderExposition([family, family])).toThrow(/appears twice/);
  expect(() => renderExposition([{ ...family, samples: [{ labels: { 'a-b': 'x' }, value: 1 }] }])).toThrow(
    /invalid label name/,
  );
});

it('keeps the biggest values and sums the rest', () => {
  expect(topAndOther([1, 5, 3, 2], 2, (n) => n)).toEqual({ kept: [5, 3], other: 3 });
});
