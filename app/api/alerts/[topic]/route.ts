import { z } from 'zod';
import { inflowChart } from '@/lib/alerts/inflow-chart';
import { CHART_RANGES } from '@/lib/alerts/types';
import { requireDlqTopic } from '@/lib/api/dlq-topic';
import { route } from '@/lib/api/route';
import { withMaskedTitles } from '@/lib/masking/record-masking';
import { topicParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';

const query = z.object({ range: z.enum(CHART_RANGES).default('24h') }).strict();

// GET /api/alerts/{topic} - the DLQ's inflow over 1h, 24h or 7d stacked by error group, top groups and origins
export const GET = route({ access: 'viewer', params: topicParams, query }, ({ params, query, config }) => {
  requireDlqTopic(params.topic);
  return withMaskedTitles(config, inflowChart(getIndex(), params.topic, query.range, Date.now()));
});
