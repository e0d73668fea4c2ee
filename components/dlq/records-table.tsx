'use client';

import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useTable, type RowSelectionState, type Updater } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { SkeletonRows } from '@/components/ui/skeleton';
import type { RecordRow } from '@/lib/store/types';
import { isTypingTarget } from '@/lib/ui/keyboard';
import { recordsQuery } from '@/lib/ui/queries';
import { EMPTY_FILTER, isFilterEmpty, type RecordFilter } from '@/lib/ui/record-filter';
import { RECORD_GRID, recordColumns, recordFeatures } from './records-columns';
import { RecordsTableToolbar } from './records-table-toolbar';

const ROW_HEIGHT = 36;
const NO_ROWS: RecordRow[] = [];
// Fetch the next page while this many rows are still below the viewport.
const PREFETCH_ROWS = 60;

interface SelectionState {
  /** The filter the selection belongs to: a new filter starts with nothing selected. */
  query: string;
  rows: RowSelectionState;
  /** Every record matching the filter, loaded or not. */
  all: boolean;
}

export function RecordsTable({
  topic,
  filter,
  filterQuery,
  setFilter,
  openRecordId,
  openRecord,
  canEdit,
}: {
  topic: string;
  filter: RecordFilter;
  filterQuery: string;
  setFilter: (next: RecordFilter) => void;
  openRecordId: string | null;
  openRecord: (id: string | null) => void;
  canEdit: boolean;
}) {
  const query = recordsQuery(topic, filter);
  const records = useInfiniteQuery(query);
  const queryClient = useQueryClient();
  const rowsData = useMemo(() => records.data?.pages.flatMap((p) => p.rows) ?? NO_ROWS, [records.data]);
  const total = records.data?.pages[0]?.total;

  const [selectionState, setSelectionState] = useState<SelectionState>({
    query: filterQuery,
    rows: {},
    all: false,
  });
  const selection: SelectionState =
    selectionState.query === filterQuery ? selectionState : { query: filterQuery, rows: {}, all: false };
  const [active, setActive] = useState<{ query: string; index: number }>({ query: filterQuery, index: -1 });
  const activeIndex = active.query === filterQuery ? active.index : -1;

  const setRowSelection = (updater: Updater<RowSelectionState>) =>
    setSelectionState((prev) => {
      const current = prev.query === filterQuery ? prev.rows : {};
      return {
        query: filterQuery,
        rows: typeof updater === 'function' ? updater(current) : updater,
        all: false,
      };
    });
  // Unticking a row while "all matching" is on leaves filter mode with the other loaded rows still ticked.
  const untickFromAll = (id: string) =>
    setSelectionState({
      query: filterQuery,
      rows: Object.fromEntries(rowsData.filter((r) => r.id !== id).map((r) => [r.id, true as const])),
      all: false,
    });

  const table = useTable({
    features: recordFeatures,
    columns: recordColumns,
    data: rowsData,
    getRowId: (row) => row.id,
    state: { rowSelection: selection.rows },
    onRowSelectionChange: setRowSelection,
  });
  const rows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  // The React Compiler is not enabled here, so the virtualizer's unmemoizable functions cost nothing.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: records.hasNextPage ? rows.length + 1 : rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastVisible = virtualItems[virtualItems.length - 1]?.index ?? -1;

  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [filterQuery]);

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = records;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastVisible >= rows.length - PREFETCH_ROWS)
      void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, lastVisible, rows.length]);

  const moveTo = (index: number) => {
    const row = rows[index];
    if (!row) return;
    setActive({ query: filterQuery, index });
    virtualizer.scrollToIndex(index, { align: 'auto' });
    if (openRecordId !== null) openRecord(row.id);
  };

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
    const target = event.target as HTMLElement | null;
    if (event.key === 'j') moveTo(Math.min(activeIndex + 1, rows.length - 1));
    else if (event.key === 'k') moveTo(Math.max(activeIndex - 1, 0));
    else if (event.key === 'x') {
      const row = rows[activeIndex];
      if (row && selection.all) untickFromAll(row.id);
      else row?.toggleSelected();
    } else if (event.key === 'Enter' && !target?.closest('button, a, summary, [role="button"]')) {
      const row = rows[activeIndex];
      if (row) openRecord(row.id);
      else return;
    } else return;
    event.preventDefault();
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);

  const refresh = () => {
    virtualizer.scrollToOffset(0);
    void queryClient.resetQueries({ queryKey: query.queryKey });
  };

  if (records.isError && !records.data) {
    return <QueryError error={records.error} what="the records" onRetry={() => void records.refetch()} />;
  }

  const allLoadedSelected = rows.length > 0 && (selection.all || rows.every((r) => selection.rows[r.id]));
  const someSelected = selection.all || Object.keys(selection.rows).length > 0;

  return (
    <section aria-label="Records" className="min-w-0 space-y-2">
      <RecordsTableToolbar
        topic={topic}
        filter={filter}
        total={total}
        updating={records.isPlaceholderData || (records.isFetching && !records.isFetchingNextPage)}
        onRefresh={refresh}
        selectedIds={Object.keys(selection.rows)}
        allMatching={selection.all}
        onSelectAllMatching={() => setSelectionState({ query: filterQuery, rows: {}, all: true })}
        onClearSelection={() => setSelectionState({ query: filterQuery, rows: {}, all: false })}
        canEdit={canEdit}
      />
      {records.isError && (
        <QueryError error={records.error} what="more records" onRetry={() => void records.fetchNextPage()} />
      )}
      <div
        ref={scrollRef}
        data-testid="records-scroll"
        className={`relative h-[calc(100vh-20rem)] min-h-96 overflow-auto rounded-md border border-zinc-200 dark:border-zinc-800 ${
          records.isPlaceholderData ? 'opacity-60' : ''
        }`}
      >
        <table className="grid w-full min-w-[62rem] text-sm" aria-rowcount={total ? total.value + 1 : -1}>
          <thead className="sticky top-0 z-10 grid border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} className="grid" style={{ gridTemplateColumns: RECORD_GRID }}>
                {group.headers.map((header) => (
                  <th
                    key={header.id}
                    scope="col"
                    className="flex items-center px-2 py-2 text-left text-xs font-medium text-zinc-500 uppercase"
                  >
                    {header.column.id === 'select' ? (
                      <input
                        type="checkbox"
                        aria-label="Select all loaded records"
                        checked={allLoadedSelected}
                        ref={(el) => {
                          if (el) el.indeterminate = someSelected && !allLoadedSelected;
                        }}
                        onChange={() =>
                          allLoadedSelected
                            ? setSelectionState({ query: filterQuery, rows: {}, all: false })
                            : table.toggleAllRowsSelected(true)
                        }
                      />
                    ) : (
                      <table.FlexRender header={header} />
                    )}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
            {virtualItems.map((item) => {
              const row = rows[item.index];
              if (!row) {
                return (
                  <tr
                    key="loader"
                    className="absolute grid w-full"
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  >
                    <td className="px-3 py-2 text-zinc-500">Loading more records…</td>
                  </tr>
                );
              }
              const checked = selection.all || row.getIsSelected();
              const isActive = item.index === activeIndex;
              const isOpen = row.id === openRecordId;
              return (
                <tr
                  key={row.id}
                  data-testid="record-row"
                  data-record-id={row.id}
                  aria-rowindex={item.index + 2}
                  aria-selected={checked}
                  onClick={() => {
                    setActive({ query: filterQuery, index: item.index });
                    openRecord(row.id);
                  }}
                  className={`absolute grid w-full cursor-pointer border-b border-zinc-100 dark:border-zinc-900 ${
                    isOpen
                      ? 'bg-sky-100 dark:bg-sky-950'
                      : checked
                        ? 'bg-sky-50 dark:bg-sky-950/50'
                        : 'hover:bg-zinc-50 dark:hover:bg-zinc-900'
                  } ${isActive ? 'outline-2 -outline-offset-2 outline-sky-500' : ''}`}
                  style={{
                    gridTemplateColumns: RECORD_GRID,
                    transform: `translateY(${item.start}px)`,
                    height: ROW_HEIGHT,
                  }}
                >
                  {row.getAllCells().map((cell) => (
                    <td
                      key={cell.id}
                      className="flex min-w-0 items-center overflow-hidden px-2 whitespace-nowrap"
                    >
                      {cell.column.id === 'select' ? (
                        <input
                          type="checkbox"
                          aria-label={`Select record ${row.id}`}
                          checked={checked}
                          onClick={(event) => event.stopPropagation()}
                          onChange={
                            selection.all ? () => untickFromAll(row.id) : row.getToggleSelectedHandler()
                          }
                        />
                      ) : (
                        <span className="truncate">
                          <table.FlexRender cell={cell} />
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        {records.isPending && (
          <div className="p-3">
            <SkeletonRows rows={10} label="Loading records" className="h-6" />
          </div>
        )}
        {records.isSuccess && rows.length === 0 && (
          <div className="p-6 text-center text-sm text-zinc-600 dark:text-zinc-400">
            No records match this filter.{' '}
            {!isFilterEmpty(filter) && (
              <button
                type="button"
                onClick={() => setFilter(EMPTY_FILTER)}
                className="text-sky-700 underline dark:text-sky-400"
              >
                Clear the filters
              </button>
            )}
          </div>
        )}
      </div>
      <p className="text-xs text-zinc-500">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>Enter</kbd> open, <kbd>Esc</kbd>{' '}
        close, <kbd>/</kbd> search. Shift-click a checkbox to select a range.
      </p>
    </section>
  );
}
