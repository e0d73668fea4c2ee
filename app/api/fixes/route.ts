import { requireDlqTopic } from '@/lib/api/dlq-topic';
import { route } from '@/lib/api/route';
import { getIndex } from '@/lib/services';
import { appendAudit } from '@/lib/state/audit';
import { saveBulkFix } from '@/lib/state/bulk-fix';
import { withTriageState } from '@/lib/state/http';
import { bulkFixBody } from '@/lib/state/requests';

// POST /api/fixes - bulk fix: a JSON Patch applied to each selected record's value, saved as its fix draft
export const POST = route({ access: 'operator', body: bulkFixBody }, async ({ body, principal }) => {
  const { selection, patch } = body;
  requireDlqTopic(selection.topic);
  const actor = principal!.name;
  return withTriageState(async (state) => {
    const result = await saveBulkFix(state, getIndex(), selection, patch, actor);
    await appendAudit({
      actor,
      action: 'bulk-fix-saved',
      target: selection.topic,
      count: result.saved,
      detail: { operations: patch.length, failed: result.failed },
    });
    return result;
  });
});
