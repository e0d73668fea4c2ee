import { CELL, DataTable } from '@/components/ui/data-table';
import type { AuditEntry } from '@/lib/state/audit';

/** The audit entries as text only: actors, targets and details may hold anything a user typed. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-zinc-500">No audit entries match.</p>;
  return (
    <DataTable
      testId="audit-table"
      columns={[
        { label: 'Time (UTC)' },
        { label: 'User' },
        { label: 'Action' },
        { label: 'Target' },
        { label: 'Count', align: 'right' },
        { label: 'Detail' },
      ]}
    >
      {entries.map((e) => (
        <tr key={e.id} className="align-top">
          <td className={`${CELL} whitespace-nowrap tabular-nums`}>
            <time dateTime={new Date(e.at).toISOString()}>
              {new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)}
            </time>
          </td>
          <td className={`${CELL} break-all`}>{e.actor}</td>
          <td className={`${CELL} whitespace-nowrap`}>{e.action}</td>
          <td className={`${CELL} break-all`}>{e.target ?? ''}</td>
          <td className={`${CELL} text-right tabular-nums`}>{e.count ?? ''}</td>
          <td className={`${CELL} font-mono text-xs break-all`}>
            {e.detail === undefined ? '' : JSON.stringify(e.detail)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
