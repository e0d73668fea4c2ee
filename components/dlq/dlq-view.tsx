'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback } from 'react';
import { KafkaStatusBanner } from '@/components/ui/kafka-status-banner';
import { SkeletonRows } from '@/components/ui/skeleton';
import { formatCount } from '@/lib/ui/format';
import { dlqsQuery } from '@/lib/ui/queries';
import { useRecordFilter } from '@/lib/ui/use-record-filter';
import { ErrorGroupsPanel } from './error-groups-panel';
import { FilterBar } from './filter-bar';
import { HistogramChart } from './histogram-chart';
import { RecordsTable } from './records-table';

// The record viewer (JSON highlighter, hex dump, headers) loads when a record is first opened, keeping it out of
// the page's first-load JavaScript.
const RecordDrawer = dynamic(() => import('@/components/record/record-drawer').then((m) => m.RecordDrawer), {
  loading: () => (
    <div className="fixed inset-y-0 right-0 z-40 w-full max-w-3xl border-l border-zinc-200 bg-white p-4 shadow-2xl dark:border-zinc-800 dark:bg-zinc-950">
      <SkeletonRows rows={8} label="Loading the record viewer" className="h-10" />
    </div>
  ),
});

/** One DLQ: its error groups, the filter (all in the URL), the histogram, the records and the open record. */
export function DlqView({ topic, canEdit }: { topic: string; canEdit: boolean }) {
  const { filter, filterQuery, setFilter, openRecordId, openRecord } = useRecordFilter();
  const closeRecord = useCallback(() => openRecord(null), [openRecord]);
  const dlqs = useQuery(dlqsQuery());
  const summary = dlqs.data?.dlqs.find((d) => d.topic === topic);

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <nav aria-label="Breadcrumb" className="text-sm text-zinc-500">
          <Link href="/" className="hover:underline">
            Overview
          </Link>{' '}
          /
        </nav>
        <h1 className="font-mono text-2xl font-semibold break-all">{topic}</h1>
        {summary && (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {formatCount(summary.records)} records · {formatCount(summary.unresolved)} unresolved ·{' '}
            {formatCount(summary.lastHour)} in the last hour
          </p>
        )}
        {dlqs.data && !summary && (
          <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">
            DLQ Desk does not watch a DLQ topic of this name (any more).
          </p>
        )}
      </div>
      <KafkaStatusBanner />
      <div className="grid gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <ErrorGroupsPanel topic={topic} filter={filter} setFilter={setFilter} />
        <div className="min-w-0 space-y-3">
          <FilterBar topic={topic} filter={filter} setFilter={setFilter} />
          <HistogramChart topic={topic} filter={filter} setFilter={setFilter} />
          <RecordsTable
            topic={topic}
            filter={filter}
            filterQuery={filterQuery}
            setFilter={setFilter}
            openRecordId={openRecordId}
            openRecord={openRecord}
            canEdit={canEdit}
          />
        </div>
      </div>
      {openRecordId !== null && <RecordDrawer id={openRecordId} canEdit={canEdit} onClose={closeRecord} />}
    </div>
  );
}
