'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { JsonPatchOperation } from '@/lib/fix/json-patch';
import type { RecordSelection } from '@/lib/ui/selection';

// The dialogs (and the patch schema and diff they need) load on first use, outside the DLQ page's first-load JS.
const ReplayDialog = dynamic(() => import('./replay-dialog').then((m) => m.ReplayDialog));
const DiscardDialog = dynamic(() => import('./discard-dialog').then((m) => m.DiscardDialog));
const BulkFixDialog = dynamic(() => import('@/components/fix/bulk-fix-dialog').then((m) => m.BulkFixDialog));

type Open =
  { kind: 'replay'; patch: JsonPatchOperation[] | null } | { kind: 'discard' } | { kind: 'fix' } | null;

const actionClass =
  'rounded border border-sky-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-sky-100 dark:border-sky-800 dark:bg-zinc-900 dark:hover:bg-sky-900';

/** Replay, bulk fix and discard for a selection of one DLQ's records (operators only: viewers never see these). */
export function BulkActions({
  topic,
  selection,
  fix = true,
}: {
  topic: string;
  selection: RecordSelection;
  fix?: boolean;
}) {
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  return (
    <>
      <button type="button" onClick={() => setOpen({ kind: 'replay', patch: null })} className={actionClass}>
        Replay…
      </button>
      {fix && (
        <button type="button" onClick={() => setOpen({ kind: 'fix' })} className={actionClass}>
          Bulk fix…
        </button>
      )}
      <button type="button" onClick={() => setOpen({ kind: 'discard' })} className={actionClass}>
        Discard…
      </button>
      {open?.kind === 'replay' && (
        <ReplayDialog topic={topic} selection={selection} patch={open.patch} onClose={close} />
      )}
      {open?.kind === 'discard' && <DiscardDialog topic={topic} selection={selection} onClose={close} />}
      {open?.kind === 'fix' && (
        <BulkFixDialog
          topic={topic}
          selection={selection}
          onClose={close}
          onReplay={(patch) => setOpen({ kind: 'replay', patch })}
        />
      )}
    </>
  );
}
