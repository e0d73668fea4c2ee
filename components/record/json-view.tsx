'use client';

import { useState } from 'react';
import type { JsonLine, JsonTokenType } from '@/lib/ui/json-pretty';
import { formatCount } from '@/lib/ui/format';

const TOKEN_CLASS: Record<JsonTokenType, string> = {
  key: 'text-sky-800 dark:text-sky-300',
  string: 'text-emerald-800 dark:text-emerald-300',
  number: 'text-amber-800 dark:text-amber-300',
  literal: 'text-fuchsia-800 dark:text-fuchsia-300',
  punct: 'text-zinc-500',
};

// Thousands of spans are fine; a hundred thousand make the drawer sluggish, so long documents are cut until asked.
const INITIAL_LINES = 2_000;

/** Highlighted JSON as React elements: every token is text, nothing is ever parsed as HTML. */
export function JsonView({ lines }: { lines: JsonLine[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, INITIAL_LINES);
  return (
    <div>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-5" data-testid="json-view">
        {shown.map((line, i) => (
          <div key={i} style={{ paddingLeft: `${line.depth * 2}ch` }}>
            {line.tokens.map((token, j) => (
              <span key={j} className={TOKEN_CLASS[token.type]}>
                {token.text}
              </span>
            ))}
          </div>
        ))}
      </pre>
      {shown.length < lines.length && (
        <button
          type="button"
          onClick={() => setAll(true)}
          className="m-3 mt-0 text-xs text-sky-700 underline dark:text-sky-400"
        >
          Show all {formatCount(lines.length)} lines
        </button>
      )}
    </div>
  );
}
