'use client';

/** Which fields masking hides on this record, and for operators the (audited) way to see the real values. */
export function MaskedNotice({
  fields,
  revealed,
  canReveal,
  revealing,
  error,
  onReveal,
}: {
  fields: string[];
  revealed: boolean;
  canReveal: boolean;
  revealing: boolean;
  error: string | null;
  onReveal: () => void;
}) {
  const list = <span className="font-mono text-xs">{fields.join(', ')}</span>;
  return (
    <div
      data-testid="masked-notice"
      className="mx-4 mb-3 space-y-1 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      {revealed ? (
        <p>Showing real values of masked fields: {list}. This view is recorded in the audit trail.</p>
      ) : (
        <p>Masked fields: {list}.</p>
      )}
      {canReveal && !revealed && (
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={onReveal}
            disabled={revealing}
            className="rounded border border-amber-400 bg-white px-2 py-0.5 text-xs font-medium hover:bg-amber-100 disabled:opacity-50 dark:border-amber-700 dark:bg-zinc-900 dark:hover:bg-amber-900"
          >
            {revealing ? 'Revealing…' : 'Reveal masked values'}
          </button>
          <span className="text-xs">Revealing is recorded in the audit trail.</span>
        </div>
      )}
      {error && (
        <p role="alert" className="text-red-700 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}
