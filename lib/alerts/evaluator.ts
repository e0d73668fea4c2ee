import 'server-only';
import type { AlertsConfig } from '../config/alerts-schema';
import { countsSince, perMinute, type CountingIndex } from './rates';
import { evaluateRule, rateWindowMs, ruleFor } from './rules';
import type { AlertState, DlqAlert, GroupCount, RuleRef } from './types';

const KEPT_TRANSITIONS = 20;

/** One change of state worth telling the webhooks about. */
export interface AlertNotification {
  /** Unique per DLQ and notification, so a receiver can drop a retried delivery it already has. */
  id: string;
  at: number;
  topic: string;
  state: AlertState;
  /** The state the previous notification reported (OK before the first). */
  previousState: AlertState;
  since: number;
  rule: RuleRef;
  reason: string | null;
  ratePerMinute: number;
  windowSeconds: number;
  backlog: number;
  topGroup: GroupCount | null;
}

export interface EvaluatorOptions {
  config: AlertsConfig;
  index: CountingIndex;
  /** The DLQ topics to evaluate. */
  topics: () => string[];
  notify: (notification: AlertNotification) => void;
  now?: () => number;
}

interface Tracked {
  alert: DlqAlert;
  notifiedState: AlertState;
  notifiedAt: number | null;
  notifications: number;
}

/**
 * Keeps every DLQ's alert state. Each pass measures the DLQ's inflow over its rule's window and its backlog,
 * records a change of state as it happens, and notifies once per change: a change within the cooldown after the
 * last notification is held back, and when the cooldown ends the current state is sent only if it differs from
 * the one last sent (a flap that came back is never sent).
 */
export class AlertEvaluator {
  private readonly tracked = new Map<string, Tracked>();
  private readonly now: () => number;
  private lastEvaluatedAt: number | null = null;

  constructor(private readonly options: EvaluatorOptions) {
    this.now = options.now ?? Date.now;
  }

  get evaluatedAt(): number | null {
    return this.lastEvaluatedAt;
  }

  evaluate(): void {
    const now = this.now();
    const topics = new Set(this.options.topics());
    for (const topic of this.tracked.keys()) if (!topics.has(topic)) this.tracked.delete(topic);
    for (const topic of topics) this.evaluateTopic(topic, now);
    this.lastEvaluatedAt = now;
  }

  alerts(): DlqAlert[] {
    return [...this.tracked.values()].map(({ alert }) => ({
      ...alert,
      transitions: [...alert.transitions],
    }));
  }

  private evaluateTopic(topic: string, now: number): void {
    const { config, index } = this.options;
    const rule = ruleFor(config, topic);
    const windowMs = rateWindowMs(rule);
    const recent = countsSince(index, topic, now - windowMs);
    const all = countsSince(index, topic, null);
    const ratePerMinute = perMinute(recent.total, windowMs);
    const { state, reason } = evaluateRule(rule, { ratePerMinute, backlog: all.backlog });

    let tracked = this.tracked.get(topic);
    if (!tracked) {
      tracked = {
        alert: {
          topic,
          state: 'ok',
          since: now,
          rule: rule.ref,
          reason: null,
          ratePerMinute,
          windowSeconds: windowMs / 1000,
          backlog: all.backlog,
          topGroup: null,
          evaluatedAt: now,
          cooldownUntil: null,
          lastNotification: null,
          transitions: [],
        },
        notifiedState: 'ok',
        notifiedAt: null,
        notifications: 0,
      };
      this.tracked.set(topic, tracked);
    }
    const { alert } = tracked;
    if (state !== alert.state) {
      alert.transitions.unshift({ at: now, from: alert.state, to: state, reason });
      alert.transitions.splice(KEPT_TRANSITIONS);
      alert.state = state;
      alert.since = now;
    }
    Object.assign(alert, {
      rule: rule.ref,
      reason,
      ratePerMinute,
      windowSeconds: windowMs / 1000,
      backlog: all.backlog,
      topGroup: recent.groups[0] ?? all.groups[0] ?? null,
      evaluatedAt: now,
    });

    const cooldownMs = (rule.cooldownSeconds ?? config.cooldownSeconds) * 1000;
    const cooldownUntil = tracked.notifiedAt === null ? null : tracked.notifiedAt + cooldownMs;
    if (alert.state !== tracked.notifiedState && (cooldownUntil === null || now >= cooldownUntil)) {
      tracked.notifications += 1;
      const notification: AlertNotification = {
        id: `${topic}:${tracked.notifications}:${now}`,
        at: now,
        topic,
        state: alert.state,
        previousState: tracked.notifiedState,
        since: alert.since,
        rule: alert.rule,
        reason: alert.reason,
        ratePerMinute: alert.ratePerMinute,
        windowSeconds: alert.windowSeconds,
        backlog: alert.backlog,
        topGroup: alert.topGroup,
      };
      alert.lastNotification = { at: now, from: tracked.notifiedState, to: alert.state };
      tracked.notifiedState = alert.state;
      tracked.notifiedAt = now;
      this.options.notify(notification);
    }
    alert.cooldownUntil = tracked.notifiedAt === null ? null : tracked.notifiedAt + cooldownMs;
  }
}
