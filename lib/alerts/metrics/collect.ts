import 'server-only';
import { getConfig } from '../../config';
import { getIndex, ingestStatus, startAlerting } from '../../services';
import { renderExposition, type MetricFamily } from './exposition';
import { dlqFamilies, ingestFamilies, webhookFamilies } from './families';

// Each source is one line. Replay jobs and the reliable producers are ready (replayFamilies, producerFamilies) and
// wait for lib/replay and lib/state/audit to expose their engine's jobs and producers' metrics() synchronously:
// `() => replayFamilies(jobs)` and `() => producerFamilies([{ labels: { producer: 'replay' }, metrics }])`.
const sources: (() => MetricFamily[])[] = [
  () => {
    const { evaluator } = startAlerting();
    return dlqFamilies(getIndex(), evaluator.alerts(), getConfig().alerts.metricsTopValues, Date.now());
  },
  () => ingestFamilies(ingestStatus()),
  () => webhookFamilies(startAlerting().webhooks.views()),
];

/** The whole exposition for `GET /api/metrics`. */
export function metricsText(): string {
  return renderExposition(sources.flatMap((source) => source()));
}
