import { requireDlqTopic } from '@/lib/api/dlq-topic';
import { route } from '@/lib/api/route';
import { getIndex } from '@/lib/services';
import { appendAudit } from '@/lib/state/audit';
import { discardSelection } from '@/lib/state/discard-selection';
import { withTriageState } from '@/lib/state/http';
import { discardBody } from '@/lib/state/requests';

// POST /api/discards - mark the selected records discarded, with a reason kept in their history
export const POST = route({ access: 'operator', body: discardBody }, async ({ body, principal }) => {
  const { selection, reason } = body;
  requireDlqTopic(selection.topic);
  const actor = principal!.name;
  return withTriageState(async (state) => {
    const { discarded, missing } = await discardSelection(state, getIndex(), selection, reason, actor);
    await appendAudit({
      actor,
      action: 'discard',
      target: selection.topic,
      count: discarded,
      detail: {
        reason,
        ...(selection.ids ? { ids: selection.ids.slice(0, 100) } : { filter: selection.filter }),
      },
    });
    return { discarded, missing };
  });
});
