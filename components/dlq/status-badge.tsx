const STYLE: Record<string, string> = {
  unresolved: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  replayed: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  discarded: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  failed: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span
      className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[status] ?? STYLE.discarded}`}
    >
      {status}
    </span>
  );
}
