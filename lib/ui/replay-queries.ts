import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { getJson, shouldRetry } from './api-client';
import { isFinished, type JobFailure, type JobView } from './replay-types';

// Replay jobs in the browser: the list and one job, polled while anything runs; a job page also listens to the
// job's Server-Sent Events and only polls (faster) when that stream is not available.

export interface JobDetail {
  job: JobView;
  failures: JobFailure[];
}

const jobPath = (id: string) => `/api/replays/${encodeURIComponent(id)}`;

export const jobsQuery = () =>
  queryOptions({
    queryKey: ['replays'],
    queryFn: ({ signal }) => getJson<{ jobs: JobView[] }>('/api/replays', signal),
    refetchInterval: (query) => (query.state.data?.jobs.some((j) => !isFinished(j.status)) ? 2_000 : 15_000),
    retry: shouldRetry,
  });

export const jobQuery = (id: string, live: boolean) =>
  queryOptions({
    queryKey: ['replay', id],
    queryFn: ({ signal }) => getJson<JobDetail>(jobPath(id), signal),
    // The event stream carries progress; polling then only refreshes the failure list.
    refetchInterval: (query) => {
      const job = query.state.data?.job;
      if (job && isFinished(job.status)) return false;
      return live ? 5_000 : 1_000;
    },
    retry: shouldRetry,
  });

/**
 * Follows a job over SSE (`event: job`, `data: JobView`), writing each update into the job query. Returns whether
 * the stream is up; when it fails the caller polls instead.
 */
export function useJobEvents(id: string, finished: boolean): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    if (finished || typeof EventSource === 'undefined') return;
    const source = new EventSource(`${jobPath(id)}/events`);
    let lastStatus: JobView['status'] | null = null;
    source.onopen = () => setLive(true);
    source.addEventListener('job', (event) => {
      const job = JSON.parse((event as MessageEvent<string>).data) as JobView;
      queryClient.setQueryData<JobDetail>(['replay', id], (old) => ({ failures: old?.failures ?? [], job }));
      if (isFinished(job.status)) {
        source.close();
        setLive(false);
        // The last failures arrive with the full answer.
        void queryClient.invalidateQueries({ queryKey: ['replay', id] });
      }
      if (job.status !== lastStatus) void queryClient.invalidateQueries({ queryKey: ['replays'] });
      lastStatus = job.status;
    });
    // EventSource reconnects on its own after a dropped connection; a stream that keeps failing is closed and the
    // page falls back to polling.
    let failures = 0;
    source.onerror = () => {
      setLive(false);
      if (++failures >= 3) source.close();
    };
    return () => source.close();
  }, [id, finished, queryClient]);
  return live;
}

export function jobProgress(job: JobView): number {
  const { selected, succeeded, failed, skipped } = job.totals;
  if (job.status === 'completed') return 100;
  if (selected === 0) return 0;
  return Math.min(100, Math.floor(((succeeded + failed + skipped) / selected) * 100));
}
