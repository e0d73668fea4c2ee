'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { BulkActions } from '@/components/replay/bulk-actions';
import { ModalDialog } from '@/components/ui/modal-dialog';
import type { RecordView } from '@/lib/ui/queries';
import type { FixDraft } from '@/lib/ui/replay-types';

const FixEditor = dynamic(() => import('@/components/fix/fix-editor').then((m) => m.FixEditor));

/**
 * The record's write actions: the fix editor, replay and discard. Rendered for operators only, so a viewer never
 * gets an edit control (and the API refuses them anyway).
 */
export function RecordActions({ stored }: { stored: RecordView }) {
  const [editing, setEditing] = useState(false);
  const draft = (stored as RecordView & { fix?: FixDraft | null }).fix ?? null;
  // The editor starts from the values shown: masked text saved as a fix would replace the real payload.
  const mustReveal = stored.masked.length > 0 && !stored.revealed;
  const topic = stored.record.dlq.topic;
  return (
    <div data-testid="record-actions" className="ml-auto flex flex-wrap items-center gap-2">
      {draft && (
        <span className="rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-900 dark:bg-sky-900 dark:text-sky-100">
          fix draft by {draft.savedBy}
        </span>
      )}
      {mustReveal && (
        <span id="edit-needs-reveal" className="text-xs text-zinc-500">
          Reveal masked values to edit
        </span>
      )}
      <button
        type="button"
        onClick={() => setEditing(true)}
        disabled={mustReveal}
        aria-describedby={mustReveal ? 'edit-needs-reveal' : undefined}
        className="rounded border border-sky-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-sky-100 disabled:opacity-50 dark:border-sky-800 dark:bg-zinc-900 dark:hover:bg-sky-900"
      >
        Edit
      </button>
      <BulkActions topic={topic} selection={{ kind: 'records', ids: [stored.id] }} fix={false} />
      {editing && !mustReveal && (
        <ModalDialog title={`Fix ${stored.id}`} onClose={() => setEditing(false)} wide testId="fix-editor">
          <FixEditor stored={stored} onDone={() => setEditing(false)} />
        </ModalDialog>
      )}
    </div>
  );
}
