'use client';

import { BulkActions } from '@/components/replay/bulk-actions';
import type { Count } from '@/lib/store/types';
import { formatCount, plural } from '@/lib/ui/format';
import type { RecordFilter } from '@/lib/ui/record-filter';
import type { RecordSelection } from '@/lib/ui/selection';

const countText = (total: Count) => `${total.exact ? '' : 'more than '}${plural(total.value, 'record')}`;

export function RecordsTableToolbar({
  topic,
  filter,
  total,
  updating,
  onRefresh,
  selectedIds,
  allMatching,
  onSelectAllMatching,
  onClearSelection,
  canEdit,
}: {
  topic: string;
  filter: RecordFilter;
  total: Count | undefined;
  updating: boolean;
  onRefresh: () => void;
  selectedIds: string[];
  allMatching: boolean;
  onSelectAllMatching: () => void;
  onClearSelection: () => void;
  /** Operators get the bulk actions; viewers see the selection only. */
  canEdit: boolean;
}) {
  const selection: RecordSelection | null = allMatching
    ? { kind: 'filter', topic, filter, count: total?.value ?? 0, exact: total?.exact ?? true }
    : selectedIds.length > 0
      ? { kind: 'records', ids: selectedIds }
      : null;

  return (
    <div className="flex min-h-8 flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <p aria-live="polite" className="font-medium">
        {total ? (
          // Busy while the count shown is the previous filter's, kept on screen until the new one arrives.
          <span data-testid="records-count" aria-busy={updating}>
            {countText(total)}
          </span>
        ) : (
          <span className="text-zinc-500">Counting…</span>
        )}
        {updating && <span className="ml-2 font-normal text-zinc-500">updating…</span>}
      </p>
      <button
        type="button"
        onClick={onRefresh}
        className="rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
      >
        Refresh
      </button>
      {selection && (
        <div
          data-testid="selection"
          className="flex flex-wrap items-center gap-3 rounded bg-sky-50 px-2 py-0.5 dark:bg-sky-950"
        >
          {selection.kind === 'filter' ? (
            <span>
              All {selection.exact ? '' : 'of the more than '}
              {formatCount(selection.count)} records matching this filter are selected.
            </span>
          ) : (
            <>
              <span>{plural(selection.ids.length, 'record')} selected.</span>
              {total && total.value > selection.ids.length && (
                <button
                  type="button"
                  onClick={onSelectAllMatching}
                  className="text-sky-700 underline dark:text-sky-400"
                >
                  Select all {total.exact ? '' : 'of the more than '}
                  {formatCount(total.value)} matching this filter
                </button>
              )}
            </>
          )}
          <button
            type="button"
            onClick={onClearSelection}
            className="text-sky-700 underline dark:text-sky-400"
          >
            Clear selection
          </button>
          {canEdit && <BulkActions topic={topic} selection={selection} />}
        </div>
      )}
    </div>
  );
}
