import { z } from 'zod';
import { topicParams } from '../schemas/records';

// A fix draft: the edits an operator saved for one record, used by replay instead of the record as it is in
// the DLQ. An absent field means "unchanged"; `null` for value or key means "send null".

/** Upper bound of a draft's JSON; the state topic is created to take records of twice this size. */
export const MAX_FIX_DRAFT_BYTES = 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const payloadEdit = z.union([
  z.object({ text: z.string() }).strict(),
  z
    .object({
      base64: z
        .string()
        .regex(BASE64, 'base64')
        .refine((s) => s.length % 4 === 0, 'base64 length must be a multiple of 4'),
    })
    .strict(),
  z.null(),
]);

export const fixDraftInput = z
  .object({
    value: payloadEdit.optional(),
    key: payloadEdit.optional(),
    headers: z
      .array(
        z.object({ key: z.string().min(1).max(1000), value: z.string().max(100_000).nullable() }).strict(),
      )
      .max(1000, 'at most 1000 headers')
      .optional(),
    targetTopic: topicParams.shape.topic.optional(),
  })
  .strict();

export const fixDraft = fixDraftInput.extend({
  savedBy: z.string().min(1).max(1000),
  savedAt: z.number().int().nonnegative(),
});

export type FixDraftInput = z.infer<typeof fixDraftInput>;
export type FixDraft = z.infer<typeof fixDraft>;
export type PayloadEdit = z.infer<typeof payloadEdit>;

export function fixDraftBytes(draft: FixDraft): number {
  return Buffer.byteLength(JSON.stringify(draft));
}
