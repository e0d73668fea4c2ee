'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { buttonClass, dangerButtonClass, inputClass, ModalDialog } from '@/components/ui/modal-dialog';
import { sendJson } from '@/lib/ui/api-send';
import { plural } from '@/lib/ui/format';
import { selectionCount, selectionRequest } from '@/lib/ui/selection-body';
import type { RecordSelection } from '@/lib/ui/selection';

const MAX_REASON = 500;

/** Mark the selection discarded, with the reason the audit log and each record's history keep. */
export function DiscardDialog({
  topic,
  selection,
  onClose,
}: {
  topic: string;
  selection: RecordSelection;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const queryClient = useQueryClient();
  const discard = useMutation({
    mutationFn: () =>
      sendJson<{ discarded: number }>('POST', '/api/discards', {
        selection: selectionRequest(topic, selection),
        reason: reason.trim(),
      }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['dlq', topic] }),
        queryClient.invalidateQueries({ queryKey: ['dlqs'] }),
        queryClient.invalidateQueries({ queryKey: ['record'] }),
      ]),
  });
  const count = selectionCount(selection);
  const valid = reason.trim().length > 0 && reason.length <= MAX_REASON;

  return (
    <ModalDialog title="Discard records" onClose={onClose} testId="discard-dialog">
      {discard.data ? (
        <div className="space-y-3 text-sm">
          <p role="status">{plural(discard.data.discarded, 'record')} discarded.</p>
          <button type="button" onClick={onClose} className={buttonClass}>
            Close
          </button>
        </div>
      ) : (
        <form
          className="space-y-3 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) discard.mutate();
          }}
        >
          <p>
            {plural(count, 'record')} of <span className="font-mono">{topic}</span> will be marked discarded:
            they stay in the DLQ topic, leave the unresolved count and are not replayed.
          </p>
          <label className="block space-y-1">
            <span className="font-semibold">Reason</span>
            <textarea
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={MAX_REASON}
              rows={3}
              required
              className={`${inputClass} block w-full`}
            />
          </label>
          {discard.error && (
            <p role="alert" className="text-red-800 dark:text-red-300">
              Could not discard: {discard.error.message}
            </p>
          )}
          <div className="flex gap-2">
            <button type="submit" disabled={!valid || discard.isPending} className={dangerButtonClass}>
              {discard.isPending ? 'Discarding…' : `Discard ${plural(count, 'record')}`}
            </button>
            <button type="button" onClick={onClose} className={buttonClass}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
