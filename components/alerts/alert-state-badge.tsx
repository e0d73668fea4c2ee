import type { AlertState } from '@/lib/alerts/types';

// The alert states' colours, shared by the alerts page and the overview.
export const ALERT_STATE_STYLE: Record<
  AlertState,
  { label: string; dot: string; text: string; row: string }
> = {
  critical: {
    label: 'Critical',
    dot: 'bg-red-600',
    text: 'text-red-700 dark:text-red-400',
    row: 'bg-red-50/60 dark:bg-red-950/30',
  },
  warning: {
    label: 'Warning',
    dot: 'bg-amber-500',
    text: 'text-amber-700 dark:text-amber-400',
    row: 'bg-amber-50/60 dark:bg-amber-950/20',
  },
  ok: { label: 'OK', dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-400', row: '' },
};

export function AlertStateBadge({ state, title }: { state: AlertState; title?: string }) {
  const style = ALERT_STATE_STYLE[state];
  return (
    <span
      data-testid="alert-state"
      data-state={state}
      title={title}
      className={`inline-flex items-center gap-1.5 text-xs font-semibold whitespace-nowrap uppercase ${style.text}`}
    >
      <span aria-hidden className={`size-2.5 rounded-full ${style.dot}`} />
      {style.label}
    </span>
  );
}
