'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { buttonClass, inputClass, ModalDialog, primaryButtonClass } from '@/components/ui/modal-dialog';
import type { JsonPatchOperation } from '@/lib/fix/json-patch';
import { sendJson } from '@/lib/ui/api-send';
import { formatCount, plural } from '@/lib/ui/format';
import type { DryRun, JobView, ReplayRequest } from '@/lib/ui/replay-types';
import { selectionCount, selectionRequest } from '@/lib/ui/selection-body';
import type { RecordSelection } from '@/lib/ui/selection';
import { DryRunReport } from './dry-run-report';

const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
// Above this many records the operator types the count: a click is too easy to make by accident.
export const TYPED_CONFIRMATION_ABOVE = 1000;
const DEFAULT_RATE = 100;

type Options = Omit<ReplayRequest, 'selection' | 'dryRun' | 'patch'>;

const optionsKey = (o: Options, patch: JsonPatchOperation[] | null) => JSON.stringify([o, patch]);

/**
 * Replay the selection: choose target, partitioning, rate and header policy, see the dry run (what would be sent,
 * where, what is skipped and why), then confirm naming the count and targets. The job page takes over from there.
 */
export function ReplayDialog({
  topic,
  selection,
  patch: givenPatch = null,
  onClose,
}: {
  topic: string;
  selection: RecordSelection;
  patch?: JsonPatchOperation[] | null;
  onClose: () => void;
}) {
  const router = useRouter();
  const id = useId();
  const [targetMode, setTargetMode] = useState<'original' | 'topic'>('original');
  const [targetTopic, setTargetTopic] = useState('');
  const [partitioning, setPartitioning] = useState<'key' | 'original'>('key');
  const [rate, setRate] = useState(String(DEFAULT_RATE));
  const [stripErrorHeaders, setStripErrorHeaders] = useState(true);
  const [patch, setPatch] = useState(givenPatch);
  const [typed, setTyped] = useState('');

  const rateNumber = Number(rate);
  const rateValid = Number.isInteger(rateNumber) && rateNumber >= 1;
  const topicValid = targetMode === 'original' || TOPIC.test(targetTopic.trim());
  const options: Options = {
    target: targetMode === 'original' ? { mode: 'original' } : { mode: 'topic', topic: targetTopic.trim() },
    partitioning,
    ratePerSecond: rateNumber,
    stripErrorHeaders,
  };
  const request = (dryRun: boolean): ReplayRequest => ({
    selection: selectionRequest(topic, selection),
    ...options,
    ...(patch ? { patch } : {}),
    dryRun,
  });

  const dryRun = useMutation({
    mutationFn: (key: string) =>
      sendJson<{ dryRun: DryRun }>('POST', '/api/replays', request(true)).then((r) => ({
        key,
        report: r.dryRun,
      })),
  });
  const start = useMutation({
    mutationFn: () => sendJson<{ job: JobView }>('POST', '/api/replays', request(false)),
    onSuccess: ({ job }) => {
      onClose();
      router.push(`/replays/${encodeURIComponent(job.id)}`);
    },
  });

  const key = optionsKey(options, patch);
  // A preview of other options than those on screen must not be confirmed.
  const report = dryRun.data?.key === key ? dryRun.data.report : null;
  const sending = report ? Object.values(report.byTarget).reduce((a, b) => a + b, 0) : 0;
  const targets = report ? Object.keys(report.byTarget) : [];
  const needsTyping = sending > TYPED_CONFIRMATION_ABOVE;
  const confirmed = !needsTyping || typed.replace(/[\s,._]/g, '') === String(sending);

  return (
    <ModalDialog title="Replay records" onClose={onClose} wide testId="replay-dialog">
      <div className="space-y-4 text-sm">
        <p>
          {selection.kind === 'filter' ? 'Every record matching the filter: ' : ''}
          {selection.kind === 'filter' && !selection.exact ? 'more than ' : ''}
          {plural(selectionCount(selection), 'record')} of <span className="font-mono">{topic}</span>.
        </p>
        <fieldset className="space-y-1">
          <legend className="font-semibold">Target</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name={`${id}-target`}
              checked={targetMode === 'original'}
              onChange={() => setTargetMode('original')}
            />
            Each record&apos;s original topic
          </label>
          <div className="flex flex-wrap items-center gap-2">
            <label className="flex items-center gap-2">
              <input
                type="radio"
                name={`${id}-target`}
                checked={targetMode === 'topic'}
                onChange={() => setTargetMode('topic')}
              />
              One topic:
            </label>
            <input
              aria-label="Target topic"
              value={targetTopic}
              onFocus={() => setTargetMode('topic')}
              onChange={(e) => setTargetTopic(e.target.value)}
              aria-invalid={!topicValid}
              className={`${inputClass} font-mono`}
            />
          </div>
        </fieldset>
        <div className="flex flex-wrap gap-6">
          <label className="flex items-center gap-2">
            <span className="font-semibold">Partitioning</span>
            <select
              value={partitioning}
              onChange={(e) => setPartitioning(e.target.value as 'key' | 'original')}
              className={inputClass}
            >
              <option value="key">By key</option>
              <option value="original">Original partition number</option>
            </select>
          </label>
          <label className="flex items-center gap-2">
            <span className="font-semibold">Rate</span>
            <input
              type="number"
              min={1}
              step={1}
              value={rate}
              onChange={(e) => setRate(e.target.value)}
              aria-invalid={!rateValid}
              className={`${inputClass} w-24`}
            />
            records/s
          </label>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={stripErrorHeaders}
              onChange={(e) => setStripErrorHeaders(e.target.checked)}
            />
            Strip the DLQ error headers
          </label>
        </div>
        {patch && (
          <p className="flex flex-wrap items-center gap-2 rounded bg-sky-50 px-2 py-1 dark:bg-sky-950">
            With a bulk patch of {plural(patch.length, 'operation')} applied to each value (records with a
            saved fix draft send the draft).
            <button type="button" onClick={() => setPatch(null)} className="underline">
              Replay without the patch
            </button>
          </p>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={() => dryRun.mutate(key)}
            disabled={!rateValid || !topicValid || dryRun.isPending}
            className={report ? buttonClass : primaryButtonClass}
          >
            {dryRun.isPending ? 'Running the dry run…' : report ? 'Dry run again' : 'Dry run'}
          </button>
          {!report && !dryRun.isPending && (
            <span className="text-zinc-500">Nothing is sent before you have seen the dry run.</span>
          )}
        </div>
        {dryRun.error && (
          <p role="alert" className="text-red-800 dark:text-red-300">
            Dry run failed: {dryRun.error.message}
          </p>
        )}
        {dryRun.data && !report && (
          <p className="text-amber-800 dark:text-amber-300">
            The options changed since the dry run: run it again.
          </p>
        )}
        {report && <DryRunReport report={report} />}
        {report && sending > 0 && (
          <form
            className="space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800"
            onSubmit={(e) => {
              e.preventDefault();
              if (confirmed) start.mutate();
            }}
          >
            {needsTyping && (
              <label className="flex flex-wrap items-center gap-2">
                Type <span className="font-mono font-semibold">{sending}</span> to confirm replaying{' '}
                {formatCount(sending)} records:
                <input
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                  autoComplete="off"
                  className={`${inputClass} w-32 font-mono`}
                />
              </label>
            )}
            <button type="submit" disabled={!confirmed || start.isPending} className={primaryButtonClass}>
              {start.isPending ? 'Starting…' : `Replay ${plural(sending, 'record')} to ${targets.join(', ')}`}
            </button>
            {start.error && (
              <p role="alert" className="text-red-800 dark:text-red-300">
                Could not start the replay: {start.error.message}
              </p>
            )}
          </form>
        )}
      </div>
    </ModalDialog>
  );
}
