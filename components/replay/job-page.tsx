'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { buttonClass, dangerButtonClass } from '@/components/ui/modal-dialog';
import { QueryError } from '@/components/ui/query-error';
import { SkeletonRows } from '@/components/ui/skeleton';
import { Timestamp } from '@/components/ui/timestamp';
import { sendJson } from '@/lib/ui/api-send';
import { formatCount } from '@/lib/ui/format';
import { jobQuery, useJobEvents, type JobDetail } from '@/lib/ui/replay-queries';
import { isFinished, type JobView } from '@/lib/ui/replay-types';
import { JobProgressBar, JobStatusBadge } from './job-progress';

const recordHref = (topic: string, id: string) =>
  `/dlq/${encodeURIComponent(topic)}?record=${encodeURIComponent(id)}`;

function formatEta(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

function Reasons({ title, counts }: { title: string; counts: Record<string, number> }) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return null;
  return (
    <div>
      <h3 className="text-sm font-semibold">{title}</h3>
      <table className="text-sm">
        <tbody>
          {entries.map(([reason, count]) => (
            <tr key={reason}>
              <td className="pr-4 break-all">{reason}</td>
              <td className="text-right tabular-nums">{formatCount(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Counter({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd data-testid={`job-${label.toLowerCase()}`} className="text-lg font-semibold tabular-nums">
        {value}
      </dd>
    </div>
  );
}

function Controls({ job }: { job: JobView }) {
  const queryClient = useQueryClient();
  const act = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') =>
      sendJson<{ job: JobView }>('POST', `/api/replays/${encodeURIComponent(job.id)}/${action}`),
    onSuccess: ({ job: next }) => {
      queryClient.setQueryData<JobDetail>(['replay', job.id], (old) => ({
        failures: old?.failures ?? [],
        job: next,
      }));
      void queryClient.invalidateQueries({ queryKey: ['replays'] });
    },
  });
  if (isFinished(job.status)) return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      {job.status === 'running' && (
        <button
          type="button"
          onClick={() => act.mutate('pause')}
          disabled={act.isPending}
          className={buttonClass}
        >
          Pause
        </button>
      )}
      {job.status === 'paused' && (
        <button
          type="button"
          onClick={() => act.mutate('resume')}
          disabled={act.isPending}
          className={buttonClass}
        >
          Resume
        </button>
      )}
      {job.status !== 'cancelling' && (
        <button
          type="button"
          onClick={() => act.mutate('cancel')}
          disabled={act.isPending}
          className={dangerButtonClass}
        >
          Cancel
        </button>
      )}
      {act.error && (
        <span role="alert" className="text-sm text-red-800 dark:text-red-300">
          {act.error.message}
        </span>
      )}
    </div>
  );
}

/** One replay job, live: progress, counters, rate and ETA, reasons for failures and skips, and the failed records. */
export function JobPage({ id, canControl }: { id: string; canControl: boolean }) {
  const queryClient = useQueryClient();
  const cached = queryClient.getQueryData<JobDetail>(['replay', id]);
  const live = useJobEvents(id, cached ? isFinished(cached.job.status) : false);
  const detail = useQuery(jobQuery(id, live));

  if (detail.isPending) return <SkeletonRows rows={6} label="Loading the replay job" className="h-10" />;
  if (detail.isError && !detail.data) {
    return <QueryError error={detail.error} what="this replay job" onRetry={() => void detail.refetch()} />;
  }
  const { job, failures } = detail.data;
  const { totals } = job;
  const running = !isFinished(job.status);

  return (
    <div className="mx-auto max-w-5xl space-y-5">
      <div className="space-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/replays" className="hover:underline">
            Replays
          </Link>{' '}
          /
        </nav>
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold">
          Replay <span className="font-mono text-lg break-all">{job.id}</span>{' '}
          <JobStatusBadge status={job.status} />
        </h1>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          From{' '}
          <Link href={`/dlq/${encodeURIComponent(job.dlqTopic)}`} className="font-mono underline">
            {job.dlqTopic}
          </Link>
          , started by {job.createdBy} at <Timestamp ms={job.createdAt} />
          {job.finishedAt !== null && (
            <>
              , finished at <Timestamp ms={job.finishedAt} />
            </>
          )}
          .{' '}
          {running && (
            <span className="text-zinc-500">
              {live ? 'Live.' : 'Updating every second (live updates unavailable).'}
            </span>
          )}
        </p>
      </div>
      {detail.isError && (
        <QueryError error={detail.error} what="the latest progress" onRetry={() => void detail.refetch()} />
      )}
      <JobProgressBar job={job} label="Replay progress" />
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-7">
        <Counter label="Selected" value={formatCount(totals.selected)} />
        <Counter label="Sent" value={formatCount(totals.sent)} />
        <Counter label="Succeeded" value={formatCount(totals.succeeded)} />
        <Counter label="Failed" value={formatCount(totals.failed)} />
        <Counter label="Skipped" value={formatCount(totals.skipped)} />
        <Counter label="Rate" value={running ? `${formatCount(Math.round(job.ratePerSecond))}/s` : '–'} />
        <Counter label="ETA" value={running ? formatEta(job.etaSeconds) : '–'} />
      </dl>
      {canControl && <Controls job={job} />}
      {job.notes.length > 0 && (
        <ul className="list-disc pl-5 text-sm text-amber-900 dark:text-amber-200">
          {job.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-10">
        <Reasons title="Failed, by reason" counts={job.failedByReason} />
        <Reasons title="Skipped, by reason" counts={job.skippedByReason} />
      </div>
      {failures.length > 0 && (
        <section aria-label="Failed records" className="space-y-1">
          <h2 className="text-sm font-semibold">
            Failed records
            {totals.failed > failures.length &&
              ` (first ${failures.length} of ${formatCount(totals.failed)})`}
          </h2>
          <table data-testid="job-failures" className="w-full text-left text-sm">
            <thead className="text-xs text-zinc-500">
              <tr>
                <th className="py-1 pr-4 font-medium">Record</th>
                <th className="py-1 pr-4 font-medium">Target</th>
                <th className="py-1 font-medium">Error</th>
              </tr>
            </thead>
            <tbody>
              {failures.map((f) => (
                <tr key={f.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <td className="py-1 pr-4">
                    <Link
                      href={recordHref(job.dlqTopic, f.id)}
                      className="font-mono text-xs text-sky-700 underline dark:text-sky-400"
                    >
                      {f.id}
                    </Link>
                  </td>
                  <td className="py-1 pr-4 font-mono text-xs">
                    {f.target
                      ? `${f.target.topic}${f.target.partition === null ? '' : `/${f.target.partition}`}`
                      : '–'}
                  </td>
                  <td className="py-1 break-all">{f.error}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
