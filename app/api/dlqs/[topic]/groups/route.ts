import { requireDlqTopic } from '@/lib/api/dlq-topic';
import { route } from '@/lib/api/route';
import { withMaskedTitles } from '@/lib/masking/record-masking';
import { topicParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';

// GET /api/dlqs/{topic}/groups - the DLQ's error groups, biggest first, with first and last seen
export const GET = route({ access: 'viewer', params: topicParams }, ({ params, config }) => {
  requireDlqTopic(params.topic);
  const groups = withMaskedTitles(config, getIndex().errorGroups(params.topic));
  return { groups, total: groups.reduce((sum, g) => sum + g.count, 0) };
});
