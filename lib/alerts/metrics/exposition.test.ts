import { expect, it } from 'vitest';
import { ProducerMetrics } from '../../kafka/reliable-producer/metrics';
import type { JobView } from '../../replay/types';
import { renderExposition, topAndOther } from './exposition';
import { producerFamilies, replayFamilies } from './families';

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

it('renders replay jobs and a reliable producer as families', () => {
  const stats = new ProducerMetrics();
  stats.sent(3);
  stats.failed(1, 'NOT_ENOUGH_REPLICAS');
  stats.retried();
  stats.repaired();
  const job = (status: JobView['status'], succeeded: number): JobView =>
    ({
      status,
      totals: { selected: 5, sent: 5, succeeded, failed: 1, skipped: 0 },
      ratePerSecond: 10,
    }) as JobView;
  const text = renderExposition([
    ...replayFamilies([job('running', 2), job('completed', 4)]),
    ...producerFamilies([{ labels: { producer: 'replay' }, metrics: stats.snapshot() }]),
  ]);
  expect(text).toContain('dlqdesk_replay_jobs{status="running"} 1\n');
  expect(text).toContain('dlqdesk_replay_jobs{status="paused"} 0\n');
  expect(text).toContain('dlqdesk_replay_records_total{outcome="succeeded"} 6\n');
  expect(text).toContain('dlqdesk_replay_records_total{outcome="failed"} 2\n');
  expect(text).toContain('dlqdesk_replay_rate_records_per_second 10\n');
  expect(text).toContain('dlqdesk_producer_records_sent_total{producer="replay"} 3\n');
  expect(text).toContain('dlqdesk_producer_records_failed_total{producer="replay"} 1\n');
  expect(text).toContain('dlqdesk_producer_retries_total{producer="replay"} 1\n');
  expect(text).toContain('dlqdesk_producer_id_resets_total{producer="replay"} 0\n');
  expect(text).toContain('dlqdesk_producer_client_repairs_total{producer="replay"} 1\n');
  expect(text).toMatch(/dlqdesk_producer_rate_per_second\{producer="replay",kind="send"\} [\d.]+\n/);
});
