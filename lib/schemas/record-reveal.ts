import { z } from 'zod';

/** `?reveal=1` on a record: show an operator the values masking hides (the view is audited). */
export const revealQuery = z.object({
  reveal: z
    .enum(['1', 'true', '0', 'false'], { message: '1 or 0' })
    .optional()
    .transform((v) => v === '1' || v === 'true'),
});
