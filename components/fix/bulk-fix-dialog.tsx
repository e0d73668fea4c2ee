'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { buttonClass, inputClass, ModalDialog, primaryButtonClass } from '@/components/ui/modal-dialog';
import { jsonPatchOperations, type JsonPatchOperation } from '@/lib/fix/json-patch';
import { checkJson } from '@/lib/fix/json-validate';
import { setRemoveToPatch, type SetRemoveRow } from '@/lib/fix/set-remove';
import { sendJson } from '@/lib/ui/api-send';
import { formatCount, plural } from '@/lib/ui/format';
import { selectionCount, selectionRequest } from '@/lib/ui/selection-body';
import type { RecordSelection } from '@/lib/ui/selection';
import { DiffView } from './diff-view';

interface FixPreview {
  samples: { id: string; before: string | null; after: string | null; error?: string }[];
  errors: { id: string; error: string }[];
  applicable: number;
  total: number;
  checked: number;
}

type Parsed = { ok: true; patch: JsonPatchOperation[] } | { ok: false; error: string };

const EXAMPLE = '[\n  { "op": "replace", "path": "/currency", "value": "EUR" }\n]';

function parsePatchText(text: string): Parsed {
  const json = checkJson(text);
  if (!json.ok)
    return { ok: false, error: `Invalid JSON at line ${json.line}, column ${json.column}: ${json.message}` };
  const parsed = jsonPatchOperations.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `operation ${issue.path.join('.')}: ` : '';
    return { ok: false, error: `Not a JSON Patch: ${where}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, patch: parsed.data };
}

function parseRows(rows: SetRemoveRow[]): Parsed {
  try {
    return { ok: true, patch: setRemoveToPatch(rows.filter((r) => r.field.trim() !== '')) };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}

const recordHref = (topic: string, id: string) =>
  `/dlq/${encodeURIComponent(topic)}?record=${encodeURIComponent(id)}`;

function RowsForm({ rows, onChange }: { rows: SetRemoveRow[]; onChange: (rows: SetRemoveRow[]) => void }) {
  const set = (i: number, row: SetRemoveRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <div className="space-y-1.5">
      <p className="text-xs text-zinc-500">
        Fields are dotted paths (<span className="font-mono">customer.address.zip</span>,{' '}
        <span className="font-mono">items.0.sku</span>) or JSON Pointers. Values are JSON; anything else is
        taken as text.
      </p>
      {rows.map((row, i) => (
        <div key={i} className="flex flex-wrap items-center gap-1.5">
          <select
            aria-label={`Row ${i + 1} action`}
            value={row.action}
            onChange={(e) =>
              set(
                i,
                e.target.value === 'remove'
                  ? { action: 'remove', field: row.field }
                  : { action: 'set', field: row.field, value: '' },
              )
            }
            className={inputClass}
          >
            <option value="set">set</option>
            <option value="remove">remove</option>
          </select>
          <input
            aria-label={`Row ${i + 1} field`}
            placeholder="field"
            value={row.field}
            onChange={(e) => set(i, { ...row, field: e.target.value })}
            className={`${inputClass} w-56 font-mono`}
          />
          {row.action === 'set' && (
            <>
              <span aria-hidden>=</span>
              <input
                aria-label={`Row ${i + 1} value`}
                placeholder="value"
                value={row.value}
                onChange={(e) => set(i, { ...row, value: e.target.value })}
                className={`${inputClass} min-w-0 flex-1 font-mono`}
              />
            </>
          )}
          <button
            type="button"
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            disabled={rows.length === 1}
            className={buttonClass}
          >
            Remove row
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => onChange([...rows, { action: 'set', field: '', value: '' }])}
        className={buttonClass}
      >
        Add row
      </button>
    </div>
  );
}

/**
 * A JSON Patch (or the set/remove form) over the selection: preview on five records with diffs and every record's
 * error listed before anything is saved; then save a fix draft per record, or replay with the patch.
 */
export function BulkFixDialog({
  topic,
  selection,
  onClose,
  onReplay,
}: {
  topic: string;
  selection: RecordSelection;
  onClose: () => void;
  onReplay: (patch: JsonPatchOperation[]) => void;
}) {
  const [mode, setMode] = useState<'patch' | 'form'>('patch');
  const [text, setText] = useState(EXAMPLE);
  const [rows, setRows] = useState<SetRemoveRow[]>([{ action: 'set', field: '', value: '' }]);
  const parsed = useMemo(
    () => (mode === 'patch' ? parsePatchText(text) : parseRows(rows)),
    [mode, text, rows],
  );
  const patch = parsed.ok && parsed.patch.length > 0 ? parsed.patch : null;
  const patchKey = JSON.stringify(patch);
  const queryClient = useQueryClient();
  const body = () => ({ selection: selectionRequest(topic, selection), patch });

  const preview = useMutation({
    mutationFn: (key: string) =>
      sendJson<FixPreview>('POST', `/api/dlqs/${encodeURIComponent(topic)}/fix-preview`, body()).then(
        (p) => ({
          key,
          result: p,
        }),
      ),
  });
  const save = useMutation({
    mutationFn: () =>
      sendJson<{ saved: number; errors: { id: string; error: string }[] }>('POST', '/api/fixes', body()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['record'] }),
  });
  const result = preview.data?.key === patchKey ? preview.data.result : null;

  return (
    <ModalDialog title="Bulk fix" onClose={onClose} wide testId="bulk-fix-dialog">
      <div className="space-y-4 text-sm">
        <p>
          Applies to the value of each of {plural(selectionCount(selection), 'selected record')} of{' '}
          <span className="font-mono">{topic}</span>.
        </p>
        <div role="group" aria-label="Patch form" className="flex gap-1">
          {(['patch', 'form'] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setMode(m)}
              className={`${buttonClass} ${mode === m ? 'bg-zinc-200 dark:bg-zinc-700' : ''}`}
            >
              {m === 'patch' ? 'JSON Patch' : 'Set / remove fields'}
            </button>
          ))}
        </div>
        {mode === 'patch' ? (
          <label className="block space-y-1">
            <span className="font-semibold">JSON Patch (RFC 6902)</span>
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={8}
              spellCheck={false}
              aria-invalid={!parsed.ok}
              className={`${inputClass} block w-full font-mono text-xs leading-5`}
            />
          </label>
        ) : (
          <RowsForm rows={rows} onChange={setRows} />
        )}
        {!parsed.ok && (
          <p role="alert" className="text-red-800 dark:text-red-300">
            {parsed.error}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            onClick={() => preview.mutate(patchKey)}
            disabled={!patch || preview.isPending}
            className={primaryButtonClass}
          >
            {preview.isPending ? 'Previewing…' : 'Preview'}
          </button>
          <button
            type="button"
            onClick={() => save.mutate()}
            disabled={!patch || !result || result.applicable === 0 || save.isPending}
            className={buttonClass}
          >
            {save.isPending ? 'Saving…' : 'Save drafts'}
          </button>
          <button
            type="button"
            onClick={() => patch && onReplay(patch)}
            disabled={!patch || !result || result.applicable === 0}
            className={buttonClass}
          >
            Replay with this patch…
          </button>
        </div>
        {preview.error && (
          <p role="alert" className="text-red-800 dark:text-red-300">
            Preview failed: {preview.error.message}
          </p>
        )}
        {save.error && (
          <p role="alert" className="text-red-800 dark:text-red-300">
            Could not save the drafts: {save.error.message}
          </p>
        )}
        {save.data && (
          <p role="status" className="text-emerald-800 dark:text-emerald-300">
            {plural(save.data.saved, 'fix draft')} saved
            {save.data.errors.length > 0 &&
              `; ${plural(save.data.errors.length, 'record')} could not be patched`}
            .
          </p>
        )}
        {preview.data && !result && (
          <p className="text-amber-800 dark:text-amber-300">
            The patch changed since the preview: preview again.
          </p>
        )}
        {result && (
          <section aria-label="Preview" data-testid="fix-preview" className="space-y-3">
            <p data-testid="fix-preview-summary" className="font-medium">
              The patch applies to {formatCount(result.applicable)} of {formatCount(result.checked)} records
              checked
              {result.checked < result.total && ` (of ${formatCount(result.total)} selected)`}.
            </p>
            {result.samples.map((s) => (
              <div key={s.id} className="space-y-1" data-testid="fix-preview-sample">
                <Link
                  href={recordHref(topic, s.id)}
                  className="font-mono text-xs text-sky-700 underline dark:text-sky-400"
                >
                  {s.id}
                </Link>
                {s.error ? (
                  <p className="text-red-800 dark:text-red-300">{s.error}</p>
                ) : (
                  <DiffView label={`Diff of ${s.id}`} before={s.before ?? ''} after={s.after ?? ''} />
                )}
              </div>
            ))}
            {result.errors.length > 0 && (
              <div>
                <h3 className="font-semibold">
                  Records the patch does not apply to ({formatCount(result.checked - result.applicable)})
                </h3>
                <ul data-testid="fix-preview-errors" className="max-h-48 space-y-0.5 overflow-y-auto">
                  {result.errors.map((e) => (
                    <li key={e.id}>
                      <Link
                        href={recordHref(topic, e.id)}
                        className="font-mono text-xs text-sky-700 underline dark:text-sky-400"
                      >
                        {e.id}
                      </Link>{' '}
                      {e.error}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </section>
        )}
      </div>
    </ModalDialog>
  );
}
