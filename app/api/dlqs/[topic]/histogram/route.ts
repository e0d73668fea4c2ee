import { requireDlqTopic, toRecordFilter } from '@/lib/api/dlq-topic';
import { InvalidInputError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { histogramQuery, topicParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';

const DEFAULT_RANGE_MS = 7 * 24 * 3_600_000;

// GET /api/dlqs/{topic}/histogram - record counts per time bucket (default: the last 7 days)
export const GET = route(
  { access: 'viewer', params: topicParams, query: histogramQuery },
  ({ params, query }) => {
    requireDlqTopic(params.topic);
    const to = query.to ?? Date.now();
    const from = query.from ?? to - DEFAULT_RANGE_MS;
    if (from >= to) throw new InvalidInputError([{ field: 'query.from', message: 'must be before to' }]);
    return getIndex().histogram(params.topic, toRecordFilter(query), {
      from,
      to,
      buckets: query.buckets ?? 120,
    });
  },
);
