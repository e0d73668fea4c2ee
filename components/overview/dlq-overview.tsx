'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { alertsQuery } from '@/components/alerts/alert-queries';
import { ALERT_STATE_STYLE, AlertStateBadge } from '@/components/alerts/alert-state-badge';
import { KafkaStatusBanner } from '@/components/ui/kafka-status-banner';
import { QueryError } from '@/components/ui/query-error';
import { CELL, DataTable } from '@/components/ui/data-table';
import { SkeletonRows } from '@/components/ui/skeleton';
import { Ago } from '@/components/ui/timestamp';
import { formatCount, plural } from '@/lib/ui/format';
import { dlqsQuery, type DlqOverview as Dlq } from '@/lib/ui/queries';
import { filterQueryString, EMPTY_FILTER } from '@/lib/ui/record-filter';
import { byUrgency, urgency } from '@/lib/ui/urgency';
import { Sparkline } from './sparkline';
import { UrgencyBadge } from './urgency-badge';

export interface WatchedTopics {
  topics: string[];
  patterns: string[];
  defaultPattern: boolean;
}

const dlqHref = (topic: string, group?: string) => {
  const query = group ? filterQueryString({ ...EMPTY_FILTER, group: [group] }) : '';
  return `/dlq/${encodeURIComponent(topic)}${query ? `?${query}` : ''}`;
};

/** Every DLQ, most urgent first. */
export function DlqOverview({ watched }: { watched: WatchedTopics }) {
  const dlqs = useQuery(dlqsQuery());

  return (
    <section aria-labelledby="dlqs-heading" className="space-y-3">
      <div className="flex items-baseline justify-between gap-4">
        <h2 id="dlqs-heading" className="text-lg font-semibold">
          Dead-letter queues
        </h2>
        {dlqs.data && (
          <p className="text-sm text-zinc-500">
            {plural(dlqs.data.dlqs.length, 'DLQ')}, updated <Ago ms={dlqs.dataUpdatedAt} />
          </p>
        )}
      </div>
      <KafkaStatusBanner />
      {dlqs.isError && (
        <QueryError
          error={dlqs.error}
          what="the DLQs"
          onRetry={() => void dlqs.refetch()}
          staleSince={dlqs.data ? dlqs.dataUpdatedAt : undefined}
        />
      )}
      {dlqs.isPending && <SkeletonRows rows={6} label="Loading the DLQs" className="h-14" />}
      {dlqs.data && dlqs.data.dlqs.length === 0 && <EmptyState watched={watched} />}
      {dlqs.data && dlqs.data.dlqs.length > 0 && <DlqTable dlqs={byUrgency(dlqs.data.dlqs)} />}
    </section>
  );
}

function DlqTable({ dlqs }: { dlqs: Dlq[] }) {
  const alerts = useQuery(alertsQuery());
  const alertOf = (topic: string) => alerts.data?.dlqs.find((a) => a.topic === topic);
  return (
    <DataTable
      testId="dlq-table"
      columns={[
        { label: 'DLQ' },
        { label: 'Records', align: 'right' },
        { label: 'Unresolved', align: 'right' },
        { label: 'Last hour', align: 'right' },
        { label: '24 hours' },
        { label: 'Top errors' },
        { label: 'Newest' },
      ]}
    >
      {dlqs.map((dlq) => (
        <tr
          key={dlq.topic}
          data-testid="dlq-row"
          data-topic={dlq.topic}
          className={`align-top ${urgency(dlq) === 'incident' ? 'bg-red-50/60 dark:bg-red-950/30' : ALERT_STATE_STYLE[alertOf(dlq.topic)?.state ?? 'ok'].row}`}
        >
          <td className={CELL}>
            <Link href={dlqHref(dlq.topic)} className="font-mono font-medium break-all hover:underline">
              {dlq.topic}
            </Link>
            <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
              <UrgencyBadge level={urgency(dlq)} />
              {alertOf(dlq.topic) && (
                <Link href="/alerts" title={alertOf(dlq.topic)?.reason ?? 'Alert rules: within thresholds'}>
                  <AlertStateBadge state={alertOf(dlq.topic)!.state} />
                </Link>
              )}
            </div>
          </td>
          <td className={`${CELL} text-right tabular-nums`}>{formatCount(dlq.records)}</td>
          <td className={`${CELL} text-right tabular-nums`}>{formatCount(dlq.unresolved)}</td>
          <td className={`${CELL} text-right font-medium tabular-nums`}>{formatCount(dlq.lastHour)}</td>
          <td className={CELL}>
            <Sparkline
              values={dlq.sparkline}
              label={`Records per hour over the last 24 hours: ${dlq.sparkline.join(', ')}`}
            />
          </td>
          <td className={CELL}>
            <ul className="space-y-0.5">
              {dlq.topGroups.slice(0, 3).map((group) => (
                <li key={group.id} className="flex max-w-md gap-2">
                  <span className="w-14 shrink-0 text-right text-zinc-500 tabular-nums">
                    {formatCount(group.count)}
                  </span>
                  <Link
                    href={dlqHref(dlq.topic, group.id)}
                    className="truncate hover:underline"
                    title={group.title}
                  >
                    {group.title}
                  </Link>
                </li>
              ))}
            </ul>
          </td>
          <td className={`${CELL} whitespace-nowrap text-zinc-600 dark:text-zinc-400`}>
            <Ago ms={dlq.newestRecordTime} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function EmptyState({ watched }: { watched: WatchedTopics }) {
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 p-6 text-sm dark:border-zinc-700">
      <p className="font-medium">No DLQ topics found on the cluster.</p>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        DLQ Desk watches{' '}
        {watched.defaultPattern
          ? 'topics named like the common frameworks’ DLQs (.DLT, -dlt, .DLQ, -dlq, dead-letter-topic-*, error.<destination>.<group>)'
          : 'only the topics configured below'}
        {watched.topics.length > 0 && <> and {watched.topics.join(', ')}</>}
        {watched.patterns.length > 0 && <> and topics matching {watched.patterns.join(', ')}</>}. New matching
        topics appear within a minute.
      </p>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        To watch other topics, set <code className="font-mono">DLQDESK_DLQ_TOPICS</code> (names,
        comma-separated) or <code className="font-mono">DLQDESK_DLQ_PATTERNS</code> (regular expressions), or{' '}
        <code className="font-mono">dlq.topics</code> / <code className="font-mono">dlq.patterns</code> in the
        config file, and restart DLQ Desk.
      </p>
    </div>
  );
}
