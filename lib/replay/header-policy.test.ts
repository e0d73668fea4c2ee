import { expect, it } from 'vitest';
import { replayHeaders } from './header-policy';

const provenance = {
  replayId: 'r1',
  source: 'orders.DLT/0/7',
  replayCount: 2,
  replayedBy: 'otto',
  replayedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
};

it('strips the convention error headers, drops null values, replaces earlier provenance', () => {
  const own = [
    { key: 'trace', value: Buffer.from('a') },
    { key: 'kafka_dlt-exception-fqcn', value: Buffer.from('java.lang.X') },
    { key: 'empty', value: null },
    { key: 'trace', value: Buffer.from('b') },
    { key: 'dlqdesk-replay-id', value: Buffer.from('old') },
    { key: 'dlqdesk-replay-count', value: Buffer.from('1') },
  ];
  const result = replayHeaders(own, new Set(['kafka_dlt-exception-fqcn']), true, provenance);
  expect(result.droppedNull).toBe(1);
  expect(result.stripped).toBe(1);
  expect(result.headers).toEqual({
    trace: [Buffer.from('a'), Buffer.from('b')],
    'dlqdesk-replay-id': 'r1',
    'dlqdesk-source': 'orders.DLT/0/7',
    'dlqdesk-replay-count': '2',
    'dlqdesk-replayed-by': 'otto',
    'dlqdesk-replayed-at': '2025-01-02T03:04:05.000Z',
  });
  const kept = replayHeaders(own, new Set(['kafka_dlt-exception-fqcn']), false, provenance);
  expect(kept.headers['kafka_dlt-exception-fqcn']).toEqual(Buffer.from('java.lang.X'));
});
