import { z } from 'zod';
import { jsonPatchOperations } from '../fix/json-patch';
import { selectionBody } from '../schemas/selection';

// Request bodies of the state-writing routes (fix drafts have their own schema in fix-draft.ts).

export const discardBody = z
  .object({
    selection: selectionBody,
    reason: z.string().trim().min(1, 'required').max(500, 'at most 500 characters'),
  })
  .strict();

export const bulkFixBody = z.object({ selection: selectionBody, patch: jsonPatchOperations }).strict();

export type DiscardBody = z.infer<typeof discardBody>;
export type BulkFixBody = z.infer<typeof bulkFixBody>;
