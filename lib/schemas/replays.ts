import { z } from 'zod';
import { jsonPatchOperations } from '../fix/json-patch';
import { selectionBody } from './selection';

// Bodies and params of the replay jobs API.

const targetTopic = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, 'a Kafka topic name');

export const createReplayBody = z
  .object({
    selection: selectionBody,
    target: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('original') }).strict(),
      z.object({ mode: z.literal('topic'), topic: targetTopic }).strict(),
    ]),
    partitioning: z.enum(['key', 'original']).default('key'),
    patch: jsonPatchOperations.optional(),
    stripErrorHeaders: z.boolean().default(true),
    ratePerSecond: z.number().int().min(1).optional(),
    overrideMaxReplays: z.boolean().default(false),
    dryRun: z.boolean().default(false),
  })
  .strict();

export type CreateReplayBody = z.infer<typeof createReplayBody>;

export const replayJobParams = z.object({
  id: z.string().regex(/^[a-z0-9]{1,16}-[0-9a-f]{10}$/, 'a replay job id'),
});
