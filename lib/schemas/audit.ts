import { z } from 'zod';
import { auditActions } from '@/lib/state/audit';
import { timeParam } from './records';

/** Filters of the audit trail (`GET /api/audit` and the /audit page); empty values mean "any". */
export const auditQuery = z
  .object({
    user: z.string().min(1).max(256).optional(),
    action: z.enum(auditActions, { message: `one of ${auditActions.join(', ')}` }).optional(),
    from: timeParam.optional(),
    to: timeParam.optional(),
    limit: z.coerce.number().int().min(1).max(50_000, 'at most 50000').optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

/** The /audit page's search parameters, where an untouched field of the form arrives empty. */
export function withoutEmpty(params: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined && value !== '') out[k] = value;
  }
  return out;
}
