import 'server-only';
import { getIndex, startAlerting } from '../services';
import { standardRates } from './rates';
import { SEVERITY, type AlertRow, type AlertsResponse } from './types';

/** Most urgent first: the worse state, then the faster inflow, then the bigger backlog. */
export function byUrgency<T extends Pick<AlertRow, 'state' | 'ratePerMinute' | 'backlog' | 'topic'>>(
  rows: T[],
): T[] {
  return [...rows].sort(
    (a, b) =>
      SEVERITY[b.state] - SEVERITY[a.state] ||
      b.ratePerMinute - a.ratePerMinute ||
      b.backlog - a.backlog ||
      (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0),
  );
}

/** Every DLQ's alert state as last evaluated, with its inflow over the standard windows now. */
export function alertsResponse(intervalSeconds: number): AlertsResponse {
  const { evaluator, webhooks } = startAlerting();
  const index = getIndex();
  const now = Date.now();
  const rows = evaluator.alerts().map((alert) => ({ ...alert, ...standardRates(index, alert.topic, now) }));
  return {
    evaluatedAt: evaluator.evaluatedAt,
    intervalSeconds,
    dlqs: byUrgency(rows),
    webhooks: webhooks.views(),
  };
}
