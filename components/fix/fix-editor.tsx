'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { buttonClass, dangerButtonClass, inputClass, primaryButtonClass } from '@/components/ui/modal-dialog';
import { checkJson, type JsonCheck } from '@/lib/fix/json-validate';
import { checkRecordSize, utf8Length } from '@/lib/fix/record-size';
import type { StoredRecord } from '@/lib/store/types';
import { getJson, shouldRetry } from '@/lib/ui/api-client';
import { sendJson } from '@/lib/ui/api-send';
import { draftBody, editorStart, type EditorState, type PayloadState } from '@/lib/ui/fix-draft';
import { formatBytes } from '@/lib/ui/format';
import type { FixDraft } from '@/lib/ui/replay-types';
import { useDebounced } from '@/lib/ui/use-debounced';
import { DiffView } from './diff-view';
import { HeadersEditor } from './headers-editor';
import { PayloadEditor } from './payload-editor';

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;

interface TopicLimits {
  topic: string;
  exists: boolean;
  maxMessageBytes: number | null;
}

const jsonCheck = (state: PayloadState | null): JsonCheck | null =>
  state?.mode === 'json' ? checkJson(state.text) : null;

/** Display form for the diff: pretty JSON when it parses, so a one-line payload diffs by member. */
function diffText(state: PayloadState | null, check: JsonCheck | null): string {
  if (state === null) return '';
  if (state.mode === 'null') return 'null';
  if (check?.ok) return JSON.stringify(check.value, null, 2);
  const parsed = checkJson(state.text);
  return parsed.ok ? JSON.stringify(parsed.value, null, 2) : state.text;
}

const headerLines = (rows: EditorState['headers']) =>
  rows.map((h) => `${h.key}: ${h.value === null ? '(null)' : h.value}`).join('\n');

const payloadBytes = (state: PayloadState | null, originalSize: number) =>
  state === null ? originalSize : state.mode === 'null' ? null : utf8Length(state.text);

/**
 * Edit one record's value, key, headers and target topic; saved as a fix draft that replay sends instead of the
 * original. Save stays disabled while JSON is invalid or the record would not fit its target topic.
 */
export function FixEditor({ stored, onDone }: { stored: StoredRecord; onDone: () => void }) {
  const { record } = stored;
  const draft = (stored as StoredRecord & { fix?: FixDraft | null }).fix ?? null;
  const { original, start, binaryHeaders } = useMemo(
    () => editorStart({ ...record, originTopic: record.origin.topic }, draft),
    [record, draft],
  );
  const [edited, setEdited] = useState<EditorState>(start);
  const [saved, setSaved] = useState<string | null>(null);
  const queryClient = useQueryClient();

  const valueCheck = useMemo(() => jsonCheck(edited.value), [edited.value]);
  const keyCheck = useMemo(() => jsonCheck(edited.key), [edited.key]);
  const body = useMemo(() => draftBody(original, edited), [original, edited]);
  const changed = Object.keys(body).length > 0;

  const target = useDebounced(edited.targetTopic.trim(), 400);
  const targetValid = TOPIC.test(target);
  const limits = useQuery({
    queryKey: ['topic-limits', record.dlq.topic, target],
    queryFn: ({ signal }) =>
      getJson<TopicLimits>(
        `/api/dlqs/${encodeURIComponent(record.dlq.topic)}/fix-preview?target=${encodeURIComponent(target)}`,
        signal,
      ),
    enabled: targetValid,
    retry: shouldRetry,
  });

  const size = checkRecordSize(
    {
      key: payloadBytes(edited.key, record.key.size),
      value: payloadBytes(edited.value, record.value.size),
      headers: edited.headers,
    },
    limits.data?.maxMessageBytes ?? null,
  );

  const invalidJson = (valueCheck !== null && !valueCheck.ok) || (keyCheck !== null && !keyCheck.ok);
  const badTarget = edited.targetTopic.trim() !== '' && !TOPIC.test(edited.targetTopic.trim());
  const missingTarget = limits.data?.exists === false && limits.data.topic === edited.targetTopic.trim();
  const emptyHeaderName = edited.headers.some((h) => h.key.trim() === '');
  const blocked = invalidJson || badTarget || emptyHeaderName || !size.fits;

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['record', stored.id] });
  const fixPath = `/api/records/${encodeURIComponent(stored.id)}/fix`;
  const save = useMutation({
    mutationFn: () => sendJson<{ fix: FixDraft }>('PUT', fixPath, body),
    onSuccess: async () => {
      setSaved('Fix draft saved. Replay will send it instead of the original.');
      await refresh();
    },
  });
  const discard = useMutation({
    mutationFn: () => sendJson<void>('DELETE', fixPath),
    onSuccess: async () => {
      setEdited(original);
      setSaved('Fix draft discarded.');
      await refresh();
    },
  });
  const error = save.error ?? discard.error;

  const update = (patch: Partial<EditorState>) => {
    setSaved(null);
    setEdited((e) => ({ ...e, ...patch }));
  };

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked && changed) save.mutate();
      }}
    >
      {draft && (
        <p className="rounded bg-sky-50 px-2 py-1 text-sm dark:bg-sky-950">
          Editing the fix draft saved by {draft.savedBy}.
        </p>
      )}
      <div className="space-y-1">
        <label htmlFor="fix-target" className="text-sm font-semibold">
          Target topic
        </label>
        <input
          id="fix-target"
          value={edited.targetTopic}
          onChange={(e) => update({ targetTopic: e.target.value })}
          aria-invalid={badTarget || missingTarget}
          aria-describedby="fix-target-help"
          className={`${inputClass} block w-full font-mono`}
        />
        <p
          id="fix-target-help"
          className={`text-xs ${missingTarget ? 'text-amber-800 dark:text-amber-300' : 'text-zinc-500'}`}
        >
          {badTarget
            ? 'Not a Kafka topic name (letters, digits, ".", "_" and "-").'
            : missingTarget
              ? `Topic ${edited.targetTopic.trim()} does not exist: create it or choose another before replaying.`
              : record.origin.topic
                ? `The record came from ${record.origin.topic}.`
                : 'The record has no known origin topic: choose one here or in the replay dialog.'}
        </p>
      </div>

      {edited.value ? (
        <PayloadEditor
          name="Value"
          state={edited.value}
          check={valueCheck}
          rows={14}
          onChange={(value) => update({ value })}
        />
      ) : (
        <p className="text-sm text-zinc-500">
          The value ({formatBytes(record.value.size)},{' '}
          {record.value.truncated ? 'larger than the indexed part' : 'binary'}) cannot be edited here; replay
          sends it unchanged.
        </p>
      )}
      {edited.key ? (
        <PayloadEditor
          name="Key"
          state={edited.key}
          check={keyCheck}
          rows={2}
          onChange={(key) => update({ key })}
        />
      ) : (
        <p className="text-sm text-zinc-500">The key is binary and cannot be edited here.</p>
      )}
      <HeadersEditor
        rows={edited.headers}
        binary={binaryHeaders}
        onChange={(headers) => update({ headers })}
      />

      <section aria-label="Changes against the original" className="space-y-2">
        <h3 className="text-sm font-semibold">Changes against the original</h3>
        {!changed && <p className="text-sm text-zinc-500">No changes.</p>}
        {body.value !== undefined && (
          <DiffView
            label="Value diff"
            before={diffText(original.value, null)}
            after={diffText(edited.value, valueCheck)}
          />
        )}
        {body.key !== undefined && (
          <DiffView
            label="Key diff"
            before={diffText(original.key, null)}
            after={diffText(edited.key, keyCheck)}
          />
        )}
        {body.headers !== undefined && (
          <DiffView
            label="Headers diff"
            before={headerLines(original.headers)}
            after={headerLines(edited.headers)}
          />
        )}
        {body.targetTopic !== undefined && (
          <p className="text-sm">
            Target topic: <span className="font-mono">{original.targetTopic || '(none)'}</span> →{' '}
            <span className="font-mono">{body.targetTopic}</span>
          </p>
        )}
      </section>

      <p
        data-testid="fix-size"
        className={`text-sm ${size.fits ? 'text-zinc-600 dark:text-zinc-400' : 'font-medium text-red-800 dark:text-red-300'}`}
      >
        About {formatBytes(size.bytes)} as a record batch;{' '}
        {limits.data?.maxMessageBytes != null
          ? `${limits.data.topic} accepts up to ${formatBytes(size.limit)} (max.message.bytes)`
          : `Kafka's default limit is ${formatBytes(size.limit)}`}
        .{!size.fits && ' Too large: the target topic would refuse it.'}
      </p>

      {error && (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {error.message}
        </p>
      )}
      {saved && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {saved}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" disabled={blocked || !changed || save.isPending} className={primaryButtonClass}>
          {save.isPending ? 'Saving…' : 'Save draft'}
        </button>
        {draft && (
          <button
            type="button"
            onClick={() => discard.mutate()}
            disabled={discard.isPending}
            className={dangerButtonClass}
          >
            Discard draft
          </button>
        )}
        <button type="button" onClick={() => update(start)} disabled={save.isPending} className={buttonClass}>
          Reset
        </button>
        <button type="button" onClick={onDone} className={buttonClass}>
          Done
        </button>
        {blocked && (
          <span className="text-sm text-zinc-500">
            {invalidJson
              ? 'Fix the JSON to save.'
              : emptyHeaderName
                ? 'Every header needs a name.'
                : !size.fits
                  ? 'Too large to save.'
                  : 'Choose a valid target topic.'}
          </span>
        )}
      </div>
    </form>
  );
}
