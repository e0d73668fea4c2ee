import type { ReactNode } from 'react';

/** Label/value pairs; empty values are left out rather than shown as blanks. */
export function FieldList({
  fields,
  testId,
}: {
  fields: [label: string, value: ReactNode][];
  testId?: string;
}) {
  const shown = fields.filter(([, value]) => value !== null && value !== undefined && value !== '');
  return (
    <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1 text-sm" data-testid={testId}>
      {shown.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-zinc-500">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
