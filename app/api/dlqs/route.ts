import { route } from '@/lib/api/route';
import { withMaskedTitles } from '@/lib/masking/record-masking';
import { getIndex, ingestStatus } from '@/lib/services';

const HOUR_MS = 3_600_000;

// GET /api/dlqs - every DLQ with counts, top error groups and a 24-hour sparkline, plus ingestion's state
export const GET = route({ access: 'viewer' }, ({ config }) => {
  const index = getIndex();
  const now = Date.now();
  const dlqs = index.listDlqs(now).map((dlq) => {
    const { buckets } = index.histogram(dlq.topic, {}, { from: now - 24 * HOUR_MS, to: now, buckets: 25 });
    const sparkline = buckets.slice(-24).map((b) => b.count);
    return { ...dlq, sparkline };
  });
  const ingest = ingestStatus();
  return {
    dlqs: withMaskedTitles(config, dlqs),
    // Not the error text: it names broker addresses, which stay in the server log.
    ingest: ingest && { connected: ingest.connected, lastSyncAt: ingest.lastSyncAt },
  };
});
