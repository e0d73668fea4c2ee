import 'server-only';
import { getConfig } from '../../config';
import { getIndex, ingestStatus, startAlerting } from '../../services';
import { renderExposition, type MetricFamily } from './exposition';
import { dlqFamilies, ingestFamilies, webhookFamilies } from './families';

// Each source is one line. Still to come: replay jobs (lib/replay) and the reliable producer it sends with, as
// `() => producerFamilies([{ labels: { producer: 'replay' }, metrics: producer.metrics() }])`.
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
