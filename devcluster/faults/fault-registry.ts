// Injected faults consulted by the network layer for every request: errors answered instead of acting,
// responses dropped after acting, and added latency. Each rule may target one broker.
import { ApiKey } from '../protocol/api-keys';

export type ApiRef = number | keyof typeof ApiKey;

export interface ErrorRule {
  api: ApiRef;
  code: number;
  count: number;
  brokerId?: number;
}

export interface DropRule {
  api: ApiRef;
  count: number;
  brokerId?: number;
}

export interface LatencyRule {
  /** Omit for every API. */
  api?: ApiRef;
  ms: number;
  brokerId?: number;
}

interface Counted {
  apiKey: number;
  remaining: number;
  brokerId: number | undefined;
  code: number;
}

export function apiKeyOf(api: ApiRef): number {
  if (typeof api === 'number') return api;
  const key = ApiKey[api];
  if (key === undefined) throw new Error(`unknown API ${String(api)}`);
  return key;
}

export class FaultRegistry {
  private errors: Counted[] = [];
  private drops: Counted[] = [];
  private latencies: { apiKey: number | undefined; ms: number; brokerId: number | undefined }[] = [];

  injectErrors(rule: ErrorRule): void {
    this.errors.push({
      apiKey: apiKeyOf(rule.api),
      remaining: rule.count,
      brokerId: rule.brokerId,
      code: rule.code,
    });
  }

  dropResponses(rule: DropRule): void {
    this.drops.push({ apiKey: apiKeyOf(rule.api), remaining: rule.count, brokerId: rule.brokerId, code: 0 });
  }

  /** Sets (replaces) the latency for an API (or all) on a broker (or all); 0 removes it. */
  setLatency(rule: LatencyRule): void {
    const apiKey = rule.api === undefined ? undefined : apiKeyOf(rule.api);
    this.latencies = this.latencies.filter((l) => l.apiKey !== apiKey || l.brokerId !== rule.brokerId);
    if (rule.ms > 0) this.latencies.push({ apiKey, ms: rule.ms, brokerId: rule.brokerId });
  }

  clear(): void {
    this.errors = [];
    this.drops = [];
    this.latencies = [];
  }

  /** Consumes one injected error for this request, if any; returns its code. */
  takeError(apiKey: number, brokerId: number): number | null {
    const rule = take(this.errors, apiKey, brokerId);
    if (rule?.remaining === 0) this.errors = this.errors.filter((r) => r.remaining > 0);
    return rule ? rule.code : null;
  }

  takeDrop(apiKey: number, brokerId: number): boolean {
    const rule = take(this.drops, apiKey, brokerId);
    if (rule?.remaining === 0) this.drops = this.drops.filter((r) => r.remaining > 0);
    return rule !== null;
  }

  latencyFor(apiKey: number, brokerId: number): number {
    let ms = 0;
    for (const l of this.latencies) {
      if (
        (l.apiKey === undefined || l.apiKey === apiKey) &&
        (l.brokerId === undefined || l.brokerId === brokerId)
      ) {
        ms = Math.max(ms, l.ms);
      }
    }
    return ms;
  }

  pending(): { errors: number; drops: number } {
    return {
      errors: this.errors.reduce((n, r) => n + r.remaining, 0),
      drops: this.drops.reduce((n, r) => n + r.remaining, 0),
    };
  }
}

function take(rules: Counted[], apiKey: number, brokerId: number): Counted | null {
  if (rules.length === 0) return null;
  const rule = rules.find(
    (r) => r.apiKey === apiKey && r.remaining > 0 && (r.brokerId === undefined || r.brokerId === brokerId),
  );
  if (!rule) return null;
  rule.remaining--;
  return rule;
}
