import { NotFoundError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { recordIdParams } from '@/lib/schemas/records';
import { getIndex } from '@/lib/services';
import { appendAudit } from '@/lib/state/audit';
import { fixDraftInput } from '@/lib/state/fix-draft';
import { withTriageState } from '@/lib/state/http';

function requireRecord(id: string): void {
  if (!getIndex().getRecord(id)) throw new NotFoundError(`no record ${JSON.stringify(id)}`);
}

// PUT /api/records/{id}/fix - save the record's fix draft (replaces the previous one)
export const PUT = route(
  { access: 'operator', params: recordIdParams, body: fixDraftInput },
  async ({ params, body, principal }) => {
    requireRecord(params.id);
    const actor = principal!.name;
    return withTriageState(async (state) => {
      const fix = await state.saveFixDraft(params.id, body, actor);
      await appendAudit({
        actor,
        action: 'fix-saved',
        target: params.id,
        detail: { fields: Object.keys(body) },
      });
      return { fix };
    });
  },
);

// DELETE /api/records/{id}/fix - drop the record's fix draft
export const DELETE = route({ access: 'operator', params: recordIdParams }, async ({ params, principal }) => {
  requireRecord(params.id);
  const actor = principal!.name;
  return withTriageState(async (state) => {
    const deleted = await state.deleteFixDraft(params.id);
    if (deleted) await appendAudit({ actor, action: 'fix-deleted', target: params.id });
    return { deleted };
  });
});
