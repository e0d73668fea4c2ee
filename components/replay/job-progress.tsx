import { jobProgress } from '@/lib/ui/replay-queries';
import type { JobView } from '@/lib/ui/replay-types';

const barColour: Record<JobView['status'], string> = {
  running: 'bg-sky-600',
  paused: 'bg-amber-500',
  cancelling: 'bg-zinc-500',
  cancelled: 'bg-zinc-500',
  completed: 'bg-emerald-600',
};

export function JobProgressBar({ job, label }: { job: JobView; label: string }) {
  const percent = jobProgress(job);
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2.5 min-w-24 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div
          className={`h-full ${barColour[job.status]} transition-[width]`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span data-testid="job-percent" className="w-10 text-right text-sm tabular-nums">
        {percent}%
      </span>
    </div>
  );
}

const statusStyle: Record<JobView['status'], string> = {
  running: 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100',
  paused: 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100',
  cancelling: 'bg-zinc-200 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
  cancelled: 'bg-zinc-200 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100',
  completed: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100',
};

export function JobStatusBadge({ status }: { status: JobView['status'] }) {
  return (
    <span
      data-testid="job-status"
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${statusStyle[status]}`}
    >
      {status}
    </span>
  );
}
