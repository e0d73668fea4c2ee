'use client';

import { useState, type Ref } from 'react';

/**
 * A text filter applied on Enter (not on every key: each change is a new query and a new URL). Remount it with
 * `key={value}` to show a value that changed elsewhere (Back, a cleared chip).
 */
export function TextFilter({
  ref,
  label,
  value,
  placeholder,
  hint,
  onApply,
  className = '',
}: {
  ref?: Ref<HTMLInputElement>;
  label: string;
  value: string;
  placeholder: string;
  hint?: string;
  onApply: (value: string) => void;
  className?: string;
}) {
  const [draft, setDraft] = useState(value);
  return (
    <form
      role="search"
      className={`flex min-w-0 items-center ${className}`}
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <label className="flex w-full min-w-0 items-center gap-2 rounded border border-zinc-300 px-2 focus-within:border-sky-500 dark:border-zinc-700">
        <span className="shrink-0 text-xs font-medium text-zinc-500">{label}</span>
        <input
          ref={ref}
          type="search"
          value={draft}
          placeholder={placeholder}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (draft !== value) onApply(draft);
          }}
          className="min-w-0 flex-1 bg-transparent py-1 text-sm outline-none"
        />
        {hint && (
          <kbd
            aria-hidden
            className="rounded border border-zinc-300 px-1 text-xs text-zinc-400 dark:border-zinc-700"
          >
            {hint}
          </kbd>
        )}
      </label>
    </form>
  );
}
