import { route } from '@/lib/api/route';
import { auditQuery } from '@/lib/schemas/audit';
import { readAudit } from '@/lib/state/audit';
import { auditCsv } from '@/lib/state/audit-csv';

// GET /api/audit - the audit trail, newest first, filtered by user, action and time; `format=csv` to export
export const GET = route({ access: 'admin', query: auditQuery }, async ({ query }) => {
  const { format, ...filter } = query;
  const page = await readAudit({ ...filter, limit: filter.limit ?? (format === 'csv' ? 50_000 : 1000) });
  if (format !== 'csv') return page;
  return new Response(auditCsv(page.entries), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="dlq-desk-audit-${new Date().toISOString().slice(0, 10)}.csv"`,
      'x-audit-truncated': String(page.truncated),
    },
  });
});
