import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { currentPrincipal } from '@/lib/auth/current-principal';
import { hasRole } from '@/lib/auth/roles';
import { log } from '@/lib/log';
import { auditQuery, withoutEmpty } from '@/lib/schemas/audit';
import { readAudit, type AuditPage } from '@/lib/state/audit';

export const dynamic = 'force-dynamic';

// The form's datetime-local fields carry no zone; the page labels them UTC.
const asUtc = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v) ? `${v}:00Z` : v);

export default async function AuditTrailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const principal = await currentPrincipal();
  if (!principal || !hasRole(principal.role, 'admin')) {
    return (
      <p className="text-sm">The audit trail is for admins; you are {principal?.role ?? 'not signed in'}.</p>
    );
  }
  const values = withoutEmpty(await searchParams);
  const { user, action, from, to } = values;
  const parsed = auditQuery.safeParse({
    ...(user ? { user } : {}),
    ...(action ? { action } : {}),
    ...(from ? { from: asUtc(from) } : {}),
    ...(to ? { to: asUtc(to) } : {}),
  });
  let page: AuditPage | null = null;
  let problem: string | null = null;
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    problem = `${issue?.path.join('.') ?? 'filter'}: ${issue?.message ?? 'invalid'}`;
  } else {
    try {
      page = await readAudit(parsed.data);
    } catch (err) {
      log.warn('audit trail not readable', { error: err instanceof Error ? err.message : String(err) });
      problem = 'The audit trail cannot be read right now: Kafka does not answer.';
    }
  }
  const csvQuery = new URLSearchParams({
    ...(parsed.success
      ? Object.fromEntries(
          Object.entries(parsed.data)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)]),
        )
      : {}),
    format: 'csv',
  });
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Audit trail</h1>
        <a href={`/api/audit?${csvQuery}`} className="text-sm underline" download>
          Export CSV
        </a>
      </div>
      <AuditFilters values={values} />
      {problem !== null ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      {page ? (
        <>
          <p className="text-xs text-zinc-500" data-testid="audit-summary">
            {page.entries.length} entr{page.entries.length === 1 ? 'y' : 'ies'}, newest first
            {page.truncated ? ' (older matching entries not shown: narrow the filters or export CSV)' : ''}
            {page.incomplete ? ' (the read stopped before the end of the audit topic)' : ''}
          </p>
          <AuditTable entries={page.entries} />
        </>
      ) : null}
    </div>
  );
}
