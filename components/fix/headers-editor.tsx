'use client';

import { buttonClass, inputClass } from '@/components/ui/modal-dialog';
import type { HeaderRow } from '@/lib/ui/fix-draft';

/** The record's headers as rows of name and value; a value can be null (kafkajs cannot send those: replay drops them). */
export function HeadersEditor({
  rows,
  binary,
  onChange,
}: {
  rows: HeaderRow[];
  binary: number;
  onChange: (rows: HeaderRow[]) => void;
}) {
  const set = (i: number, row: HeaderRow) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset className="space-y-1.5">
      <legend className="text-sm font-semibold">Headers ({rows.length})</legend>
      {binary > 0 && (
        <p className="text-xs text-amber-800 dark:text-amber-300">
          {binary} binary header {binary === 1 ? 'value is' : 'values are'} not shown; changing the headers
          drops {binary === 1 ? 'it' : 'them'}.
        </p>
      )}
      {rows.length > 0 && (
        <ul className="max-h-64 space-y-1 overflow-y-auto">
          {rows.map((row, i) => (
            <li key={i} className="flex items-center gap-1.5">
              <input
                aria-label={`Header ${i + 1} name`}
                value={row.key}
                onChange={(e) => set(i, { ...row, key: e.target.value })}
                className={`${inputClass} w-1/3 font-mono text-xs`}
              />
              <input
                aria-label={`Header ${i + 1} value`}
                value={row.value ?? ''}
                disabled={row.value === null}
                placeholder={row.value === null ? 'null' : undefined}
                onChange={(e) => set(i, { ...row, value: e.target.value })}
                className={`${inputClass} min-w-0 flex-1 font-mono text-xs`}
              />
              <label className="flex items-center gap-1 text-xs">
                <input
                  type="checkbox"
                  checked={row.value === null}
                  onChange={(e) => set(i, { ...row, value: e.target.checked ? null : '' })}
                />
                null
              </label>
              <button
                type="button"
                aria-label={`Remove header ${row.key || i + 1}`}
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
                className={`${buttonClass} px-2 text-xs`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        onClick={() => onChange([...rows, { key: '', value: '' }])}
        className={buttonClass}
      >
        Add header
      </button>
    </fieldset>
  );
}
