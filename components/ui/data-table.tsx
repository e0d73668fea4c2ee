import type { ReactNode } from 'react';

export interface DataColumn {
  label: ReactNode;
  /** Numbers are right-aligned so their digits line up. */
  align?: 'left' | 'right';
  className?: string;
}

/** Padding for a DataTable cell, so headers and cells line up. */
export const CELL = 'px-3 py-2';

/** The frame every list table in the app shares: bordered, scrolling sideways on narrow screens, one row per item. */
export function DataTable({
  columns,
  caption,
  testId,
  children,
}: {
  columns: DataColumn[];
  caption?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-sm" data-testid={testId}>
        {caption && <caption className={`${CELL} text-left text-sm font-semibold`}>{caption}</caption>}
        <thead className="bg-zinc-50 text-left text-xs text-zinc-500 uppercase dark:bg-zinc-900">
          <tr>
            {columns.map((column, i) => (
              <th
                key={i}
                scope="col"
                className={`${CELL} font-medium ${column.align === 'right' ? 'text-right' : ''} ${column.className ?? ''}`}
              >
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">{children}</tbody>
      </table>
    </div>
  );
}
