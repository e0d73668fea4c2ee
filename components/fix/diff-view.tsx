'use client';

import { useMemo } from 'react';
import { diffLines, foldUnchanged, hasChanges } from '@/lib/fix/line-diff';

const styles = {
  same: 'text-zinc-600 dark:text-zinc-400',
  del: 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100',
  add: 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100',
} as const;
const marks = { same: ' ', del: '-', add: '+' } as const;

/** Unified line diff; removed and added lines say so in text too, not only in colour. */
export function DiffView({ before, after, label }: { before: string; after: string; label: string }) {
  const lines = useMemo(() => diffLines(before, after), [before, after]);
  const pieces = useMemo(() => foldUnchanged(lines), [lines]);
  if (!hasChanges(lines)) return <p className="text-sm text-zinc-500">No changes.</p>;
  return (
    <pre
      aria-label={label}
      data-testid="diff"
      className="max-h-80 overflow-auto rounded-md border border-zinc-200 font-mono text-xs leading-5 dark:border-zinc-800"
    >
      {pieces.map((piece, i) =>
        piece.kind === 'skip' ? (
          <div key={i} className="bg-zinc-50 px-2 text-zinc-500 dark:bg-zinc-900">
            ⋯ {piece.lines} unchanged {piece.lines === 1 ? 'line' : 'lines'}
          </div>
        ) : (
          <div key={i} className={`px-2 whitespace-pre-wrap ${styles[piece.kind]}`}>
            <span aria-hidden className="select-none">
              {marks[piece.kind]}{' '}
            </span>
            {piece.kind !== 'same' && (
              <span className="sr-only">{piece.kind === 'add' ? 'added: ' : 'removed: '}</span>
            )}
            {piece.text}
          </div>
        ),
      )}
    </pre>
  );
}
