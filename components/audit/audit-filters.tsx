import { auditActions } from '@/lib/state/audit';

const input =
  'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';

/** A plain GET form: the filters live in the URL, so a filtered view can be shared as a link. */
export function AuditFilters({ values }: { values: Record<string, string> }) {
  return (
    <form method="get" action="/audit" className="flex flex-wrap items-end gap-3" aria-label="Audit filters">
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        User
        <input name="user" defaultValue={values.user ?? ''} className={input} maxLength={256} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        Action
        <select name="action" defaultValue={values.action ?? ''} className={input}>
          <option value="">any</option>
          {auditActions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        From (UTC)
        <input type="datetime-local" name="from" defaultValue={values.from ?? ''} className={input} />
      </label>
      <label className="flex flex-col gap-1 text-xs text-zinc-600 dark:text-zinc-400">
        To (UTC)
        <input type="datetime-local" name="to" defaultValue={values.to ?? ''} className={input} />
      </label>
      <button
        type="submit"
        className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Filter
      </button>
    </form>
  );
}
