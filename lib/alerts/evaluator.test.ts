import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsSchema } from '../config/alerts-schema';
import { DlqIndex } from '../store';
import { makeRecord, makeTempDir, removeTempDir } from '../store/test-support';
import { AlertEvaluator, type AlertNotification } from './evaluator';

// The evaluator against a real index, with the clock in the test's hand: states follow the records' timestamps,
// and notifications follow the cooldown rule exactly.

const T0 = 1_750_000_000_000;
const TOPIC = 'orders.DLT';
let dir: string;
let index: DlqIndex;
let offset = 0;

beforeAll(() => {
  dir = makeTempDir('dlqdesk-alerts-');
  index = DlqIndex.open(dir);
});
afterAll(() => {
  index.close();
  removeTempDir(dir);
});

function add(count: number, timestamp: number, message = 'amount must be positive') {
  const records = Array.from({ length: count }, () => {
    offset += 1;
    return makeRecord({ topic: TOPIC, offset, timestamp, message });
  });
  index.indexBatch(TOPIC, 0, records, String(offset + 1));
}

function evaluatorAt(clock: { now: number }, cooldownSeconds: number) {
  const sent: AlertNotification[] = [];
  const config = alertsSchema.parse({
    cooldownSeconds,
    rules: [{ topic: TOPIC, name: 'orders', rate: { windowSeconds: 60, warning: 5, critical: 20 } }],
  });
  const evaluator = new AlertEvaluator({
    config,
    index,
    topics: () => [TOPIC],
    notify: (n) => sent.push(n),
    now: () => clock.now,
  });
  return { evaluator, sent, state: () => evaluator.alerts()[0]!.state };
}

describe('AlertEvaluator', () => {
  it('goes OK → WARNING → CRITICAL → OK with the inflow and notifies each change once', () => {
    const clock = { now: T0 };
    const { evaluator, sent, state } = evaluatorAt(clock, 0);
    evaluator.evaluate();
    expect(state()).toBe('ok');
    add(6, T0 + 1000); // 6 per minute over the 60 s window
    clock.now = T0 + 2000;
    evaluator.evaluate();
    expect(state()).toBe('warning');
    evaluator.evaluate();
    add(20, T0 + 3000);
    clock.now = T0 + 4000;
    evaluator.evaluate();
    expect(state()).toBe('critical');
    expect(evaluator.alerts()[0]).toMatchObject({
      rule: { name: 'orders', setting: 'alerts.rules.0' },
      reason: 'inflow 26/min over 1m ≥ critical 20/min',
      ratePerMinute: 26,
      backlog: offset,
    });
    clock.now = T0 + 3000 + 60_001;
    evaluator.evaluate();
    expect(state()).toBe('ok');
    expect(sent.map((n) => `${n.previousState}>${n.state}`)).toEqual([
      'ok>warning',
      'warning>critical',
      'critical>ok',
    ]);
    expect(sent[1]!.topGroup).toMatchObject({ count: 26 });
    expect(new Set(sent.map((n) => n.id)).size).toBe(3);
    expect(evaluator.alerts()[0]!.transitions.map((t) => t.to)).toEqual(['ok', 'critical', 'warning']);
  });

  it('holds back flaps within the cooldown and sends the state at its end only when it changed', () => {
    const start = T0 + 10 * 60_000;
    const clock = { now: start };
    const { evaluator, sent, state } = evaluatorAt(clock, 600);
    evaluator.evaluate();
    add(6, start + 1000);
    clock.now = start + 2000;
    evaluator.evaluate();
    expect(state()).toBe('warning');
    expect(sent).toHaveLength(1);
    // Back to OK and up again, twice, all within the ten-minute cooldown: nothing sent.
    for (let flap = 1; flap <= 2; flap += 1) {
      clock.now = start + flap * 120_000;
      evaluator.evaluate();
      expect(state()).toBe('ok');
      add(6, clock.now);
      clock.now += 1000;
      evaluator.evaluate();
      expect(state()).toBe('warning');
    }
    expect(sent).toHaveLength(1);
    expect(evaluator.alerts()[0]!.cooldownUntil).toBe(start + 2000 + 600_000);
    // The cooldown ends while WARNING again, the state last sent: still nothing.
    clock.now = start + 2000 + 600_000;
    add(6, clock.now - 1000);
    evaluator.evaluate();
    expect(state()).toBe('warning');
    expect(sent).toHaveLength(1);
    // A flap to OK within a new cooldown is sent when the cooldown ends, since OK is not what was sent last.
    clock.now += 120_000;
    evaluator.evaluate();
    expect(state()).toBe('ok');
    expect(sent.map((n) => n.state)).toEqual(['warning', 'ok']);
  });

  it('counts a backlog of unresolved records against the backlog thresholds', () => {
    const clock = { now: T0 + 86_400_000 };
    const config = alertsSchema.parse({ defaultRule: { backlog: { warning: 10, critical: 1_000_000 } } });
    const evaluator = new AlertEvaluator({
      config,
      index,
      topics: () => [TOPIC],
      notify: () => {},
      now: () => clock.now,
    });
    evaluator.evaluate();
    expect(evaluator.alerts()[0]).toMatchObject({
      state: 'warning',
      rule: { name: 'default', setting: 'alerts.defaultRule' },
      reason: `backlog ${offset} ≥ warning 10`,
      ratePerMinute: 0,
    });
  });
});
