'use client';

import { useQuery } from '@tanstack/react-query';
import { QueryError } from '@/components/ui/query-error';
import { SkeletonRows } from '@/components/ui/skeleton';
import { Ago } from '@/components/ui/timestamp';
import { formatCount, formatShare, plural } from '@/lib/ui/format';
import { groupsQuery } from '@/lib/ui/queries';
import type { RecordFilter } from '@/lib/ui/record-filter';

/** The DLQ's distinct problems, biggest first, like an error tracker's issue list. A click filters the table. */
export function ErrorGroupsPanel({
  topic,
  filter,
  setFilter,
}: {
  topic: string;
  filter: RecordFilter;
  setFilter: (next: RecordFilter) => void;
}) {
  const groups = useQuery(groupsQuery(topic));
  const only = filter.group.length === 1 ? filter.group[0] : undefined;

  return (
    <section aria-labelledby="groups-heading" className="min-w-0 space-y-2">
      <h2 id="groups-heading" className="flex items-baseline justify-between text-sm font-semibold">
        Error groups
        {groups.data && (
          <span className="font-normal text-zinc-500">{plural(groups.data.total, 'record')}</span>
        )}
      </h2>
      {groups.isError && (
        <QueryError error={groups.error} what="the error groups" onRetry={() => void groups.refetch()} />
      )}
      {groups.isPending && <SkeletonRows rows={5} label="Loading the error groups" className="h-16" />}
      {groups.data && groups.data.groups.length === 0 && (
        <p className="text-sm text-zinc-500">No records in this DLQ yet.</p>
      )}
      {groups.data && groups.data.groups.length > 0 && (
        <ul className="space-y-1.5">
          {[...groups.data.groups]
            .sort((a, b) => b.count - a.count)
            .map((group) => {
              const selected = group.id === only;
              const share = formatShare(group.count, groups.data.total);
              return (
                <li key={group.id}>
                  <button
                    type="button"
                    aria-pressed={selected}
                    data-testid="error-group"
                    data-count={group.count}
                    onClick={() => setFilter({ ...filter, group: selected ? [] : [group.id] })}
                    className={`block w-full rounded-md border p-2 text-left text-sm hover:bg-zinc-50 dark:hover:bg-zinc-900 ${
                      selected
                        ? 'border-sky-500 bg-sky-50 dark:border-sky-600 dark:bg-sky-950'
                        : 'border-zinc-200 dark:border-zinc-800'
                    }`}
                  >
                    <span className="line-clamp-2 font-medium break-words" title={group.title}>
                      {group.title}
                    </span>
                    {group.errorClass && (
                      <span
                        className="mt-0.5 block truncate font-mono text-xs text-zinc-500"
                        title={group.errorClass}
                      >
                        {group.errorClass}
                      </span>
                    )}
                    <span className="mt-1.5 flex items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
                      <span
                        className="font-semibold text-zinc-900 tabular-nums dark:text-zinc-100"
                        data-testid="group-count"
                      >
                        {formatCount(group.count)}
                      </span>
                      <span
                        aria-hidden
                        className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
                      >
                        <span
                          className="block h-full rounded-full bg-sky-600 dark:bg-sky-500"
                          style={{
                            width: `${Math.max(1, (group.count / Math.max(1, groups.data.total)) * 100)}%`,
                          }}
                        />
                      </span>
                      <span className="w-8 text-right tabular-nums" title="Share of the DLQ's records">
                        {share}
                      </span>
                    </span>
                    <span className="mt-1 flex justify-between text-xs text-zinc-500">
                      <span>
                        first <Ago ms={group.firstSeen} />
                      </span>
                      <span>
                        last <Ago ms={group.lastSeen} />
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
        </ul>
      )}
    </section>
  );
}
