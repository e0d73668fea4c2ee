import { requireDlqTopic, toRecordFilter } from '@/lib/api/dlq-topic';
import { route } from '@/lib/api/route';
import { maskedPage } from '@/lib/masking/record-masking';
import { recordsQuery, topicParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';

// GET /api/dlqs/{topic}/records - one page of the records matching the filters, newest first by default
export const GET = route(
  { access: 'viewer', params: topicParams, query: recordsQuery },
  ({ params, query, config }) => {
    requireDlqTopic(params.topic);
    const { cursor, limit, order } = query;
    const page = getIndex().queryRecords(params.topic, toRecordFilter(query), { cursor, limit, order });
    return maskedPage(config, page);
  },
);
