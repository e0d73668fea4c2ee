import { NotFoundError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { recordIdParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';
import { fixDraftForView } from '@/lib/state/http';

// GET /api/records/{id} - one record in full: decoded and raw headers, key, value, warnings, status and history
export const GET = route({ access: 'viewer', params: recordIdParams }, async ({ params, principal }) => {
  const stored = getIndex().getRecord(params.id);
  if (!stored) throw new NotFoundError(`no record ${JSON.stringify(params.id)}`);
  return { ...stored, fix: await fixDraftForView(params.id, principal!.role) };
});
