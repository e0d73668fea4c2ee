'use client';

import { useState } from 'react';
import { Popover } from '@/components/ui/popover';
import { formatCount } from '@/lib/ui/format';

export interface FacetOption<T> {
  value: T;
  label: string;
  count: number | null;
}

const MAX_SHOWN = 200;

/**
 * A multi-select over one facet, with the record count beside each option. Chosen values stay listed even
 * when the other filters leave them no records, so they can still be unticked.
 */
export function FacetFilter<T extends string | number | null>({
  name,
  options,
  selected,
  onToggle,
  onClear,
}: {
  name: string;
  options: FacetOption<T>[];
  selected: T[];
  onToggle: (value: T) => void;
  onClear: () => void;
}) {
  const [search, setSearch] = useState('');
  const listed = [
    ...selected
      .filter((v) => !options.some((o) => o.value === v))
      .map((value) => ({ value, label: value === null ? '(none)' : String(value), count: null })),
    ...options,
  ];
  const needle = search.trim().toLowerCase();
  const shown = (needle ? listed.filter((o) => o.label.toLowerCase().includes(needle)) : listed).slice(
    0,
    MAX_SHOWN,
  );
  const active = selected.length > 0;

  return (
    <Popover
      label={
        <>
          {name}
          {active && (
            <span className="ml-1 rounded bg-sky-600 px-1 text-xs text-white">{selected.length}</span>
          )}
          <span aria-hidden className="ml-1 text-zinc-400">
            ▾
          </span>
        </>
      }
      buttonClassName={`rounded border px-2 py-1 text-sm whitespace-nowrap hover:bg-zinc-100 dark:hover:bg-zinc-800 ${
        active ? 'border-sky-500 dark:border-sky-600' : 'border-zinc-300 dark:border-zinc-700'
      }`}
    >
      {() => (
        <fieldset className="w-80 space-y-2">
          <legend className="sr-only">{name}</legend>
          {listed.length > 8 && (
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              aria-label={`Find a ${name.toLowerCase()}`}
              placeholder="Find…"
              className="w-full rounded border border-zinc-300 bg-transparent px-2 py-1 text-sm dark:border-zinc-700"
            />
          )}
          {shown.length === 0 && <p className="px-1 text-sm text-zinc-500">No values.</p>}
          <ul className="max-h-72 space-y-0.5 overflow-y-auto">
            {shown.map((option) => (
              <li key={String(option.value)}>
                <label className="flex cursor-pointer items-start gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
                  <input
                    type="checkbox"
                    checked={selected.includes(option.value)}
                    onChange={() => onToggle(option.value)}
                    className="mt-0.5"
                  />
                  <span className="min-w-0 flex-1 break-words">
                    {option.value === null ? <em className="text-zinc-500">(none)</em> : option.label}
                  </span>
                  <span className="text-xs text-zinc-500 tabular-nums">
                    {option.count === null ? '–' : formatCount(option.count)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {active && (
            <button
              type="button"
              onClick={onClear}
              className="text-xs text-sky-700 hover:underline dark:text-sky-400"
            >
              Clear {name.toLowerCase()}
            </button>
          )}
        </fieldset>
      )}
    </Popover>
  );
}
