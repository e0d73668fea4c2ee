'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { CELL, DataTable } from '@/components/ui/data-table';
import { QueryError } from '@/components/ui/query-error';
import { SkeletonRows } from '@/components/ui/skeleton';
import { Timestamp } from '@/components/ui/timestamp';
import { formatCount } from '@/lib/ui/format';
import { jobsQuery } from '@/lib/ui/replay-queries';
import { isFinished, type JobView } from '@/lib/ui/replay-types';
import { JobProgressBar, JobStatusBadge } from './job-progress';

function JobsTable({ jobs, caption }: { jobs: JobView[]; caption: string }) {
  return (
    <DataTable
      caption={caption}
      columns={[
        { label: 'Job' },
        { label: 'DLQ' },
        { label: 'Status' },
        { label: 'Progress', className: 'w-64' },
        { label: 'Records', align: 'right' },
        { label: 'Failed', align: 'right' },
        { label: 'By' },
        { label: 'Started' },
      ]}
    >
      {jobs.map((job) => (
        <tr key={job.id} data-testid="job-row">
          <td className={CELL}>
            <Link
              href={`/replays/${encodeURIComponent(job.id)}`}
              className="font-mono text-xs text-sky-700 underline dark:text-sky-400"
            >
              {job.id}
            </Link>
          </td>
          <td className={`${CELL} font-mono text-xs break-all`}>{job.dlqTopic}</td>
          <td className={CELL}>
            <JobStatusBadge status={job.status} />
          </td>
          <td className={CELL}>
            <JobProgressBar job={job} label={`Progress of ${job.id}`} />
          </td>
          <td className={`${CELL} text-right tabular-nums`}>{formatCount(job.totals.selected)}</td>
          <td className={`${CELL} text-right tabular-nums`}>{formatCount(job.totals.failed)}</td>
          <td className={CELL}>{job.createdBy}</td>
          <td className={CELL}>
            <Timestamp ms={job.createdAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** Running and past replay jobs, newest first. */
export function JobsList() {
  const jobs = useQuery(jobsQuery());
  if (jobs.isPending) return <SkeletonRows rows={5} label="Loading replay jobs" className="h-10" />;
  if (jobs.isError && !jobs.data) {
    return <QueryError error={jobs.error} what="the replay jobs" onRetry={() => void jobs.refetch()} />;
  }
  const running = jobs.data.jobs.filter((j) => !isFinished(j.status));
  const past = jobs.data.jobs.filter((j) => isFinished(j.status));
  return (
    <div className="space-y-6">
      {jobs.isError && (
        <QueryError error={jobs.error} what="the latest jobs" onRetry={() => void jobs.refetch()} />
      )}
      {jobs.data.jobs.length === 0 && (
        <p className="text-sm text-zinc-500">
          No replay jobs yet. Select records on a DLQ page and choose Replay to start one.
        </p>
      )}
      {running.length > 0 && <JobsTable jobs={running} caption={`Running (${running.length})`} />}
      {past.length > 0 && <JobsTable jobs={past} caption={`Past (${past.length})`} />}
    </div>
  );
}
