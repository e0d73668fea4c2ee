import { z } from 'zod';
import { requireDlqTopic } from '@/lib/api/dlq-topic';
import { InvalidInputError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { fixPreviewBody, previewFix } from '@/lib/fix/fix-preview';
import { topicLimits } from '@/lib/kafka/topic-limits';
import { topicParams } from '@/lib/schemas/records';

// POST /api/dlqs/{topic}/fix-preview - a bulk JSON Patch applied to the selection's values: 5 samples and per-record errors, nothing saved
export const POST = route(
  { access: 'operator', params: topicParams, body: fixPreviewBody },
  ({ params, body }) => {
    requireDlqTopic(params.topic);
    if (body.selection.topic !== params.topic) {
      throw new InvalidInputError([{ field: 'body.selection.topic', message: `must be ${params.topic}` }]);
    }
    return previewFix(body);
  },
);

// GET /api/dlqs/{topic}/fix-preview?target=<topic> - the fix editor's size limit: the target topic's max.message.bytes
export const GET = route(
  { access: 'operator', params: topicParams, query: z.object({ target: topicParams.shape.topic }).strict() },
  async ({ params, query }) => {
    requireDlqTopic(params.topic);
    return topicLimits(query.target);
  },
);
