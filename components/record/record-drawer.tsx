'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { SkeletonRows } from '@/components/ui/skeleton';
import { recordQuery } from '@/lib/ui/queries';
import { RecordDetail } from './record-detail';

const errorText = (error: unknown) =>
  error instanceof Error ? error.message : 'the real values could not be loaded';

/**
 * The record detail beside the table. Its URL is the page's with `record=<id>`, so it survives a reload and can
 * be shared. Not modal: j/k keep moving through the table and the drawer follows.
 */
export function RecordDrawer({
  id,
  canEdit,
  onClose,
}: {
  id: string;
  canEdit: boolean;
  onClose: () => void;
}) {
  const record = useQuery(recordQuery(id));
  // Per record: moving to the next one with j/k shows it masked again.
  const [revealFor, setRevealFor] = useState<string | null>(null);
  const reveal = revealFor === id;
  const revealed = useQuery({ ...recordQuery(id, true), enabled: reveal });
  const shown = reveal && revealed.data ? revealed.data : record.data;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    heading.current?.focus({ preventScroll: true });
    return () => previous?.focus({ preventScroll: true });
  }, []);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <aside
      role="dialog"
      aria-modal="false"
      aria-labelledby="record-drawer-title"
      data-testid="record-drawer"
      className="fixed inset-y-0 right-0 z-40 flex w-full max-w-3xl flex-col border-l border-zinc-200 bg-white shadow-2xl dark:border-zinc-800 dark:bg-zinc-950"
    >
      <header className="flex items-start justify-between gap-3 px-4 pt-4 pb-2">
        <div className="min-w-0">
          {/* Focused on open so screen readers land here; a focus ring on a heading would only distract. */}
          <h2
            id="record-drawer-title"
            ref={heading}
            tabIndex={-1}
            style={{ outline: 'none' }}
            className="text-lg font-semibold"
          >
            Record
          </h2>
          <p className="font-mono text-xs break-all text-zinc-500">{id}</p>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          Close{' '}
          <kbd aria-hidden className="text-xs text-zinc-500">
            Esc
          </kbd>
        </button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto">
        {record.isPending && (
          <div className="px-4">
            <SkeletonRows rows={8} label="Loading the record" className="h-10" />
          </div>
        )}
        {record.isError && (
          <div className="px-4">
            <QueryError error={record.error} what="this record" onRetry={() => void record.refetch()} />
          </div>
        )}
        {shown && (
          <RecordDetail
            stored={shown}
            canEdit={canEdit}
            reveal={{
              revealing: reveal && revealed.isFetching && !revealed.data,
              error: reveal && revealed.error ? errorText(revealed.error) : null,
              onReveal: () => (reveal ? void revealed.refetch() : setRevealFor(id)),
            }}
          />
        )}
      </div>
    </aside>
  );
}
