import { describe, expect, it } from 'vitest';
import { dlqTopicMatcher } from './dlq-topics';

describe('DLQ topic discovery', () => {
  const withDefaults = dlqTopicMatcher({
    topics: ['parking-lot'],
    patterns: ['^team-a\\..*\\.failed$'],
    defaultPattern: true,
  });

  it.each([
    'payments.DLT',
    'orders-dlt',
    'notifications.DLQ',
    'users-dlq',
    'audit_dlq',
    'dead-letter-topic-inventory',
    'error.shipments.billing-group',
    'dlq-jdbc-sink',
    'connect-dlq-jdbc-sink',
    'orders.deadletter',
    'parking-lot',
    'team-a.orders.failed',
  ])('watches %s', (topic) => expect(withDefaults(topic)).toBe(true));

  it.each([
    'payments',
    'orders-retry-0',
    'dltx',
    'error.shipments',
    '__consumer_offsets',
    '_dlqdesk-state',
    'orders.dltx',
  ])('ignores %s', (topic) => expect(withDefaults(topic)).toBe(false));

  it('watches only the configured topics when the default pattern is off', () => {
    const only = dlqTopicMatcher({ topics: ['payments.DLT'], patterns: [], defaultPattern: false });
    expect(only('payments.DLT')).toBe(true);
    expect(only('orders.DLT')).toBe(false);
  });
});
