import 'server-only';
import { getConfig } from '../../config';
import { maskerFor } from '../../masking/masker';
import { getIndex, ingestStatus, startAlerting } from '../../services';
import { renderExposition, type MetricFamily } from './exposition';
import { replayMetrics } from '../../replay/service';
import { dlqFamilies, ingestFamilies, producerFamilies, replayFamilies, webhookFamilies } from './families';

// Each source is one line.
const sources: (() => MetricFamily[])[] = [
  () => {
    const { evaluator } = startAlerting();
    const config = getConfig();
    const masker = maskerFor(config);
    return dlqFamilies(getIndex(), evaluator.alerts(), config.alerts.metricsTopValues, Date.now(), (title) =>
      masker.text(title),
    );
  },
  () => ingestFamilies(ingestStatus()),
  () => webhookFamilies(startAlerting().webhooks.views()),
  () => replayFamilies(replayMetrics()?.jobs ?? []),
  () => {
    const replay = replayMetrics();
    return replay ? producerFamilies([{ labels: { producer: 'replay' }, metrics: replay.producer }]) : [];
  },
];

/** The whole exposition for `GET /api/metrics`. */
export function metricsText(): string {
  return renderExposition(sources.flatMap((source) => source()));
}
