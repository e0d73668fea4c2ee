import { URGENCY_LABEL, type Urgency } from '@/lib/ui/urgency';

const STYLE: Record<Urgency, { dot: string; text: string }> = {
  incident: { dot: 'bg-red-600', text: 'text-red-700 dark:text-red-400' },
  active: { dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-400' },
  backlog: { dot: 'bg-sky-500', text: 'text-sky-700 dark:text-sky-400' },
  clear: { dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400' },
};

export function UrgencyBadge({ level }: { level: Urgency }) {
  const style = STYLE[level];
  return (
    <span className={`inline-flex items-center gap-1.5 text-xs font-medium whitespace-nowrap ${style.text}`}>
      <span aria-hidden className={`size-2.5 rounded-full ${style.dot}`} />
      {URGENCY_LABEL[level]}
    </span>
  );
}
