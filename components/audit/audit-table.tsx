import type { AuditEntry } from '@/lib/state/audit';

/** The audit entries as text only: actors, targets and details may hold anything a user typed. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No audit entries match.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="audit-table">
      <thead className="border-b border-zinc-200 text-xs text-zinc-500 dark:border-zinc-800">
        <tr>
          <th className="py-2 pr-4 font-medium">Time (UTC)</th>
          <th className="py-2 pr-4 font-medium">User</th>
          <th className="py-2 pr-4 font-medium">Action</th>
          <th className="py-2 pr-4 font-medium">Target</th>
          <th className="py-2 pr-4 font-medium">Count</th>
          <th className="py-2 font-medium">Detail</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} className="border-b border-zinc-100 align-top dark:border-zinc-900">
            <td className="py-1.5 pr-4 whitespace-nowrap tabular-nums">
              <time dateTime={new Date(e.at).toISOString()}>
                {new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}
              </time>
            </td>
            <td className="py-1.5 pr-4 break-all">{e.actor}</td>
            <td className="py-1.5 pr-4 whitespace-nowrap">{e.action}</td>
            <td className="py-1.5 pr-4 break-all">{e.target ?? ''}</td>
            <td className="py-1.5 pr-4 tabular-nums">{e.count ?? ''}</td>
            <td className="py-1.5 font-mono text-xs break-all">
              {e.detail === undefined ? '' : JSON.stringify(e.detail)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
