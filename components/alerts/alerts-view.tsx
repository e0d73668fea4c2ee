'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { QueryError } from '@/components/ui/query-error';
import { CELL, DataTable } from '@/components/ui/data-table';
import { SkeletonRows } from '@/components/ui/skeleton';
import { Ago } from '@/components/ui/timestamp';
import { dlqViewPath } from '@/lib/alerts/links';
import {
  CHART_RANGES,
  RATE_WINDOWS,
  type AlertRow,
  type ChartRange,
  type WebhookView,
} from '@/lib/alerts/types';
import { formatCount, plural } from '@/lib/ui/format';
import { ALERT_STATE_STYLE, AlertStateBadge } from './alert-state-badge';
import { alertsQuery, inflowChartQuery } from './alert-queries';
import { GROUP_SWATCHES, InflowChart } from './inflow-chart';

const BACKLOG_STATUSES = ['unresolved', 'failed'];

const formatRate = (n: number) => (n === 0 ? '0' : n < 10 ? n.toFixed(2) : formatCount(Math.round(n)));

function parseRange(value: string | null): ChartRange {
  return CHART_RANGES.find((r) => r === value) ?? '24h';
}

/** Every DLQ's alert state, most urgent first, with its inflow chart and what drives it. */
export function AlertsView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const range = parseRange(params.get('range'));
  const alerts = useQuery(alertsQuery());

  const setRange = (next: ChartRange) => {
    const query = new URLSearchParams(params);
    query.set('range', next);
    router.replace(`${pathname}?${query}`, { scroll: false });
  };

  return (
    <section aria-labelledby="alerts-heading" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-4">
        <h1 id="alerts-heading" className="text-2xl font-semibold">
          Alerts
        </h1>
        <div className="flex items-center gap-3 text-sm">
          {alerts.data && (
            <span className="text-zinc-500">
              {alerts.data.evaluatedAt === null ? (
                'not evaluated yet'
              ) : (
                <>
                  evaluated <Ago ms={alerts.data.evaluatedAt} />, every {alerts.data.intervalSeconds} s
                </>
              )}
            </span>
          )}
          <div role="group" aria-label="Chart range" className="flex gap-1">
            {CHART_RANGES.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === range}
                onClick={() => setRange(r)}
                className={`rounded border px-2 py-1 text-xs ${
                  r === range
                    ? 'border-sky-600 bg-sky-50 font-semibold dark:bg-sky-950'
                    : 'border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800'
                }`}
              >
                {r}
              </button>
            ))}
          </div>
        </div>
      </div>
      {alerts.isError && (
        <QueryError
          error={alerts.error}
          what="the alerts"
          onRetry={() => void alerts.refetch()}
          staleSince={alerts.data ? alerts.dataUpdatedAt : undefined}
        />
      )}
      {alerts.isPending && <SkeletonRows rows={6} label="Loading the alerts" className="h-16" />}
      {alerts.data && alerts.data.dlqs.length === 0 && (
        <p className="rounded-lg border border-dashed border-zinc-300 p-6 text-sm dark:border-zinc-700">
          No DLQs yet: alert states appear once DLQ Desk has found a DLQ topic.
        </p>
      )}
      {alerts.data && alerts.data.dlqs.length > 0 && (
        <DataTable
          testId="alerts-table"
          columns={[
            { label: 'DLQ' },
            { label: 'Inflow', align: 'right' },
            { label: 'Backlog', align: 'right' },
            { label: `Last ${range}` },
            { label: `Top error groups and origin topics (${range})` },
          ]}
        >
          {alerts.data.dlqs.map((row) => (
            <AlertRowView key={row.topic} row={row} range={range} />
          ))}
        </DataTable>
      )}
      {alerts.data && <Webhooks webhooks={alerts.data.webhooks} />}
    </section>
  );
}

function AlertRowView({ row, range }: { row: AlertRow; range: ChartRange }) {
  const chart = useQuery(inflowChartQuery(row.topic, range));
  const from = chart.data?.from ?? null;
  const windowFilter = from === null ? {} : { from };
  return (
    <tr
      data-testid="alert-row"
      data-topic={row.topic}
      data-state={row.state}
      className={`align-top ${ALERT_STATE_STYLE[row.state].row}`}
    >
      <td className={CELL}>
        <Link
          href={dlqViewPath(row.topic, windowFilter)}
          data-testid="alert-dlq-link"
          className="font-mono font-medium break-all hover:underline"
        >
          {row.topic}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
          <AlertStateBadge state={row.state} />
          <span>
            since <Ago ms={row.since} />
          </span>
        </div>
        <p className="mt-0.5 text-xs text-zinc-500" title={row.rule.setting}>
          {row.reason ?? 'within thresholds'} · rule {row.rule.name}
        </p>
      </td>
      <td className={`${CELL} text-right whitespace-nowrap tabular-nums`}>
        <span
          className="font-medium"
          title={`records per minute over the rule's ${row.windowSeconds} s window`}
        >
          {formatRate(row.ratePerMinute)}/min
        </span>
        <dl className="mt-1 grid grid-cols-[auto_auto] gap-x-2 text-xs text-zinc-500">
          {RATE_WINDOWS.map((w) => (
            <div key={w} className="contents">
              <dt>{w}</dt>
              <dd>{formatRate(row.rates[w])}/min</dd>
            </div>
          ))}
        </dl>
      </td>
      <td className={`${CELL} text-right tabular-nums`}>
        <Link
          href={dlqViewPath(row.topic, { status: BACKLOG_STATUSES })}
          className="font-medium hover:underline"
          title="Records neither replayed nor discarded"
        >
          {formatCount(row.backlog)}
        </Link>
      </td>
      <td className={CELL}>
        {chart.data ? (
          <>
            <InflowChart chart={chart.data} />
            <p className="mt-0.5 text-xs text-zinc-500">{plural(chart.data.total, 'record')}</p>
          </>
        ) : chart.isError ? (
          <span className="text-xs text-red-700 dark:text-red-400">chart unavailable</span>
        ) : (
          <div className="h-10 w-56 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800" />
        )}
      </td>
      <td className={CELL}>
        {chart.data && (
          <div className="grid max-w-xl gap-2 text-xs">
            <ul className="space-y-0.5" aria-label="Top error groups">
              {chart.data.topGroups.map((group, i) => (
                <li key={group.id} className="flex gap-2">
                  <span
                    aria-hidden
                    className={`mt-1 size-2 shrink-0 rounded-sm ${GROUP_SWATCHES[i] ?? 'bg-zinc-400'}`}
                  />
                  <span className="w-12 shrink-0 text-right text-zinc-500 tabular-nums">
                    {formatCount(group.count)}
                  </span>
                  <Link
                    href={dlqViewPath(row.topic, { ...windowFilter, group: [group.id] })}
                    data-testid="alert-group-link"
                    className="truncate hover:underline"
                    title={group.title}
                  >
                    {group.title}
                  </Link>
                </li>
              ))}
            </ul>
            <ul className="space-y-0.5" aria-label="Top origin topics">
              {chart.data.topOrigins.map((origin) => (
                <li key={origin.topic ?? ''} className="flex gap-2">
                  <span className="w-16 shrink-0 text-right text-zinc-500 tabular-nums">
                    {formatCount(origin.count)}
                  </span>
                  <Link
                    href={dlqViewPath(row.topic, { ...windowFilter, originTopic: [origin.topic] })}
                    data-testid="alert-origin-link"
                    className="truncate font-mono hover:underline"
                  >
                    {origin.topic ?? '(origin unknown)'}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        )}
      </td>
    </tr>
  );
}

function Webhooks({ webhooks }: { webhooks: WebhookView[] }) {
  return (
    <section aria-labelledby="webhooks-heading" className="pt-4 text-sm">
      <h2 id="webhooks-heading" className="font-semibold">
        Notifications
      </h2>
      {webhooks.length === 0 ? (
        <p className="mt-1 text-zinc-500">
          No webhooks configured: set <code className="font-mono">alerts.webhooks</code> (or{' '}
          <code className="font-mono">DLQDESK_ALERTS_WEBHOOKS</code>) to be told of every change of state.
        </p>
      ) : (
        <ul className="mt-1 space-y-1">
          {webhooks.map((w) => (
            <li
              key={w.name}
              data-testid="webhook"
              className="flex flex-wrap gap-x-3 text-zinc-600 dark:text-zinc-400"
            >
              <span className="font-medium text-zinc-900 dark:text-zinc-100">{w.name}</span>
              <span className="font-mono">{w.target}</span>
              <span>{w.format}</span>
              <span>
                {formatCount(w.delivered)} delivered, {formatCount(w.failed)} failed
              </span>
              {w.lastError && (
                <span className="text-red-700 dark:text-red-400">last error: {w.lastError}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
