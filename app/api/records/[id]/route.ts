import { NotFoundError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { recordFor } from '@/lib/masking/record-masking';
import { revealQuery } from '@/lib/schemas/record-reveal';
import { recordIdParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';
import { fixDraftForView } from '@/lib/state/http';

// GET /api/records/{id} - one record in full: decoded and raw headers, key, value, warnings, status and history
// (masked; `?reveal=1` shows an operator the real values, audited)
export const GET = route(
  { access: 'viewer', params: recordIdParams, query: revealQuery },
  async ({ params, query, config, principal }) => {
    const stored = getIndex().getRecord(params.id);
    if (!stored) throw new NotFoundError(`no record ${JSON.stringify(params.id)}`);
    const record = await recordFor(config, principal!, stored, query.reveal);
    return { ...record, fix: await fixDraftForView(params.id, principal!.role) };
  },
);
