import 'server-only';
import type { AlertsConfig, DefaultAlertRuleConfig } from '../config/alerts-schema';
import type { AlertState, RuleRef } from './types';

export interface Rule extends DefaultAlertRuleConfig {
  ref: RuleRef;
}

export interface Measures {
  ratePerMinute: number;
  backlog: number;
}

/** The first configured rule matching the DLQ, else the default rule. */
export function ruleFor(config: AlertsConfig, topic: string): Rule {
  for (const [i, rule] of config.rules.entries()) {
    const matches = rule.topic !== undefined ? rule.topic === topic : new RegExp(rule.pattern!).test(topic);
    if (!matches) continue;
    const what = rule.topic !== undefined ? `topic ${rule.topic}` : `pattern ${rule.pattern}`;
    return { ...rule, ref: { name: rule.name ?? what, setting: `alerts.rules.${i}` } };
  }
  return { ...config.defaultRule, ref: { name: 'default', setting: 'alerts.defaultRule' } };
}

export function rateWindowMs(rule: Rule): number {
  return (rule.rate?.windowSeconds ?? 300) * 1000;
}

const fmtRate = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1));

export function formatWindow(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

/** The state the measures put the DLQ in under the rule, and which threshold decided it. */
export function evaluateRule(rule: Rule, m: Measures): { state: AlertState; reason: string | null } {
  for (const level of ['critical', 'warning'] as const) {
    const rate = rule.rate?.[level];
    if (rate !== undefined && m.ratePerMinute >= rate) {
      const window = formatWindow(rule.rate!.windowSeconds);
      return {
        state: level,
        reason: `inflow ${fmtRate(m.ratePerMinute)}/min over ${window} ≥ ${level} ${fmtRate(rate)}/min`,
      };
    }
    const backlog = rule.backlog?.[level];
    if (backlog !== undefined && m.backlog >= backlog) {
      return { state: level, reason: `backlog ${m.backlog} ≥ ${level} ${backlog}` };
    }
  }
  return { state: 'ok', reason: null };
}
