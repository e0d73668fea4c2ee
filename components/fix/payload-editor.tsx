'use client';

import { useId, useRef } from 'react';
import { buttonClass, inputClass } from '@/components/ui/modal-dialog';
import type { JsonCheck } from '@/lib/fix/json-validate';
import type { PayloadMode, PayloadState } from '@/lib/ui/fix-draft';

/**
 * One editable key or value: JSON checked as you type (the first error's line and column shown, with a button that
 * puts the cursor there), plain text, or null.
 */
export function PayloadEditor({
  name,
  state,
  check,
  onChange,
  rows,
}: {
  name: string;
  state: PayloadState;
  check: JsonCheck | null;
  onChange: (next: PayloadState) => void;
  rows: number;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const invalid = check !== null && !check.ok;

  const format = () => {
    if (check?.ok) onChange({ ...state, text: JSON.stringify(check.value, null, 2) });
  };
  const goToError = () => {
    if (!check || check.ok || !area.current) return;
    area.current.focus();
    area.current.setSelectionRange(check.offset, Math.min(check.offset + 1, state.text.length));
  };

  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <label htmlFor={id} className="font-semibold">
          {name}
        </label>
        <select
          aria-label={`${name} type`}
          value={state.mode}
          onChange={(e) => onChange({ ...state, mode: e.target.value as PayloadMode })}
          className={inputClass}
        >
          <option value="json">JSON</option>
          <option value="text">Text</option>
          <option value="null">null</option>
        </select>
        {state.mode === 'json' && (
          <button type="button" onClick={format} disabled={!check?.ok} className={buttonClass}>
            Format JSON
          </button>
        )}
      </div>
      {state.mode !== 'null' && (
        <textarea
          id={id}
          ref={area}
          rows={rows}
          spellCheck={false}
          value={state.text}
          aria-invalid={invalid}
          aria-describedby={invalid ? `${id}-error` : undefined}
          onChange={(e) => onChange({ ...state, text: e.target.value })}
          className={`${inputClass} block w-full font-mono text-xs leading-5 ${invalid ? 'border-red-500 dark:border-red-500' : ''}`}
        />
      )}
      {check && !check.ok && (
        <p
          id={`${id}-error`}
          role="alert"
          data-testid={`${name.toLowerCase()}-json-error`}
          className="flex flex-wrap items-center gap-2 text-sm text-red-800 dark:text-red-300"
        >
          <span>
            Invalid JSON at line {check.line}, column {check.column}: {check.message}
          </span>
          <button type="button" onClick={goToError} className="underline">
            Go to error
          </button>
        </p>
      )}
    </div>
  );
}
