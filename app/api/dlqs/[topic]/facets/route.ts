import { requireDlqTopic, toRecordFilter } from '@/lib/api/dlq-topic';
import { route } from '@/lib/api/route';
import { withMaskedTitles } from '@/lib/masking/record-masking';
import { facetsQuery, topicParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';

// GET /api/dlqs/{topic}/facets - counts by error group, class, origin topic, partition, status and format
export const GET = route(
  { access: 'viewer', params: topicParams, query: facetsQuery },
  ({ params, query, config }) => {
    requireDlqTopic(params.topic);
    return withMaskedTitles(config, getIndex().facets(params.topic, toRecordFilter(query)));
  },
);
