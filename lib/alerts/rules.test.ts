import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/load';
import { ruleFor } from './rules';

const base = {
  DLQDESK_KAFKA_BROKERS: 'b1:9092',
  DLQDESK_SESSION_SECRET: 'a-session-secret-that-is-long-enough-1234',
};

function configError(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('alert rules in the configuration', () => {
  it('has a default rule for every DLQ and takes the first matching rule', () => {
    const { alerts } = loadConfig({
      ...base,
      DLQDESK_ALERTS_RULES: JSON.stringify([
        { topic: 'payments.DLT', rate: { warning: 5, critical: 50, windowSeconds: 60 } },
        { pattern: '^team-a\\.', name: 'team A', backlog: { critical: 100 } },
        { pattern: '.*', backlog: { warning: 1 } },
      ]),
      DLQDESK_ALERTS_INTERVAL_SECONDS: '5',
    });
    expect(alerts.intervalSeconds).toBe(5);
    expect(ruleFor(alerts, 'payments.DLT').ref).toEqual({
      name: 'topic payments.DLT',
      setting: 'alerts.rules.0',
    });
    expect(ruleFor(alerts, 'team-a.orders.dlq').ref).toEqual({ name: 'team A', setting: 'alerts.rules.1' });
    expect(ruleFor(alerts, 'other.DLT').ref.setting).toBe('alerts.rules.2');
    const plain = loadConfig(base).alerts;
    expect(ruleFor(plain, 'x.DLT')).toMatchObject({
      ref: { setting: 'alerts.defaultRule' },
      rate: { windowSeconds: 300, warning: 1, critical: 10 },
      backlog: { warning: 1000 },
    });
  });

  it.each([
    [
      [{ topic: 'a', rate: { warning: 10, critical: 5 } }],
      /alerts\.rules\.0\.rate\.warning \(DLQDESK_ALERTS_RULES\): must not be above the critical threshold \(5\)/,
    ],
    [
      [{ topic: 'a', rate: { windowSeconds: 60 } }],
      /alerts\.rules\.0\.rate\.warning \(DLQDESK_ALERTS_RULES\): set a warning or a critical threshold/,
    ],
    [
      [{ topic: 'a' }],
      /alerts\.rules\.0\.rate \(DLQDESK_ALERTS_RULES\): a rule needs a rate or a backlog threshold/,
    ],
    [
      [{ topic: 'a', pattern: 'b', backlog: { warning: 1 } }],
      /alerts\.rules\.0\.topic .*either topic or pattern/,
    ],
    [[{ backlog: { warning: 1 } }], /alerts\.rules\.0\.topic .*either topic or pattern/],
    [[{ pattern: '(', backlog: { warning: 1 } }], /alerts\.rules\.0\.pattern .*a valid regular expression/],
    [[{ topic: 'a', backlog: { warning: -1 } }], /alerts\.rules\.0\.backlog\.warning .*above 0/],
    [
      [{ topic: 'a', backlog: { warning: 1 }, severity: 'high' }],
      /alerts\.rules\.0 .*unknown setting "severity"/,
    ],
  ])('refuses the rules %j naming the setting', (rules, expected) => {
    const message = configError({ DLQDESK_ALERTS_RULES: JSON.stringify(rules) });
    expect(message).toMatch(expected);
    expect(message.split('\n')).toHaveLength(1);
  });

  it('refuses rules that are not JSON, and webhooks that are not http(s) without echoing the URL', () => {
    expect(configError({ DLQDESK_ALERTS_RULES: '[{' })).toMatch(/DLQDESK_ALERTS_RULES: expected JSON/);
    const message = configError({
      DLQDESK_ALERTS_WEBHOOKS: JSON.stringify([{ url: 'ftp://hooks.example.com/secret-path-123' }]),
    });
    expect(message).toMatch(/alerts\.webhooks\.0\.url \(DLQDESK_ALERTS_WEBHOOKS\): an http or https URL/);
    expect(message).not.toContain('secret-path-123');
  });
});
