'use client';

import { useState } from 'react';
import { Popover } from '@/components/ui/popover';
import { formatUtc } from '@/lib/ui/format';
import { fromUtcInputValue, RANGE_PRESETS, toUtcInputValue } from '@/lib/ui/time-range';

function rangeLabel(from: number | null, to: number | null): string {
  if (from === null && to === null) return 'All time';
  if (to === null) return `Since ${formatUtc(from!, { seconds: false })}`;
  if (from === null) return `Before ${formatUtc(to, { seconds: false })}`;
  return `${formatUtc(from, { seconds: false })} – ${formatUtc(to, { seconds: false })}`;
}

export function TimeRangeFilter({
  from,
  to,
  onChange,
}: {
  from: number | null;
  to: number | null;
  onChange: (from: number | null, to: number | null) => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Time range">
      {RANGE_PRESETS.map((preset) => (
        <button
          key={preset.label}
          type="button"
          aria-label={`Last ${preset.label}`}
          onClick={() => onChange(Date.now() - preset.ms, null)}
          className="rounded border border-zinc-300 px-1.5 py-1 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          {preset.label}
        </button>
      ))}
      <Popover
        label={<span data-testid="time-range">{rangeLabel(from, to)}</span>}
        align="end"
        buttonClassName={`rounded border px-2 py-1 text-xs whitespace-nowrap hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
          from !== null || to !== null
            ? 'border-sky-500 dark:border-sky-600'
            : 'border-zinc-300 dark:border-zinc-700'
        }`}
      >
        {(close) => (
          <CustomRange
            from={from}
            to={to}
            onApply={(f, t) => {
              onChange(f, t);
              close();
            }}
          />
        )}
      </Popover>
    </div>
  );
}

function CustomRange({
  from,
  to,
  onApply,
}: {
  from: number | null;
  to: number | null;
  onApply: (from: number | null, to: number | null) => void;
}) {
  const [fromText, setFromText] = useState(toUtcInputValue(from));
  const [toText, setToText] = useState(toUtcInputValue(to));
  const fromMs = fromUtcInputValue(fromText);
  const toMs = fromUtcInputValue(toText);
  const invalid = fromMs !== null && toMs !== null && fromMs >= toMs;
  const input =
    'mt-1 block w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700 dark:[color-scheme:dark]';
  return (
    <form
      className="w-72 space-y-2 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!invalid) onApply(fromMs, toMs);
      }}
    >
      <label className="block">
        From (UTC)
        <input
          type="datetime-local"
          value={fromText}
          onChange={(e) => setFromText(e.target.value)}
          className={input}
        />
      </label>
      <label className="block">
        To (UTC, exclusive)
        <input
          type="datetime-local"
          value={toText}
          onChange={(e) => setToText(e.target.value)}
          className={input}
        />
      </label>
      {invalid && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          The start must be before the end.
        </p>
      )}
      <div className="flex justify-between">
        <button
          type="button"
          onClick={() => onApply(null, null)}
          className="text-xs text-sky-700 hover:underline dark:text-sky-400"
        >
          All time
        </button>
        <button
          type="submit"
          disabled={invalid}
          className="rounded bg-sky-700 px-2 py-1 text-xs font-medium text-white hover:bg-sky-800 disabled:opacity-50"
        >
          Apply
        </button>
      </div>
    </form>
  );
}
