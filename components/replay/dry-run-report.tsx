'use client';

import { DiffView } from '@/components/fix/diff-view';
import { formatCount } from '@/lib/ui/format';
import type { DryRun, DryRunSample, SampleBytes } from '@/lib/ui/replay-types';

function Counts({
  title,
  counts,
  testId,
}: {
  title: string;
  counts: Record<string, number>;
  testId: string;
}) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return (
    <div>
      <h4 className="font-semibold">{title}</h4>
      {entries.length === 0 ? (
        <p className="text-zinc-500">None.</p>
      ) : (
        <table data-testid={testId} className="text-left">
          <tbody>
            {entries.map(([name, count]) => (
              <tr key={name}>
                <td className="pr-4 font-mono break-all">{name}</td>
                <td className="text-right tabular-nums">{formatCount(count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Text for display: pretty JSON when it parses, the text as is, or a note for binary and null. */
function shown(bytes: SampleBytes): string {
  if (bytes === null) return 'null';
  if ('base64' in bytes) return `(binary, base64) ${bytes.base64}`;
  try {
    return JSON.stringify(JSON.parse(bytes.text), null, 2);
  } catch {
    return bytes.text;
  }
}

function Sample({ sample }: { sample: DryRunSample }) {
  return (
    <details className="rounded-md border border-zinc-200 dark:border-zinc-800" data-testid="dry-run-sample">
      <summary className="cursor-pointer px-2 py-1">
        <span className="font-mono">{sample.id}</span> →{' '}
        <span className="font-mono">
          {sample.target.topic}
          {sample.target.partition !== null && `/${sample.target.partition}`}
        </span>
        {sample.diff && <span className="ml-2 text-xs text-sky-700 dark:text-sky-400">payload changed</span>}
      </summary>
      <div className="space-y-2 border-t border-zinc-200 p-2 dark:border-zinc-800">
        <p>
          Key: <span className="font-mono break-all">{shown(sample.key)}</span>
        </p>
        <div>
          <h5 className="font-medium">Headers as sent</h5>
          <ul className="font-mono text-xs">
            {sample.headers.map((h, i) => (
              <li key={i} className="break-all">
                {h.key}: {h.value}
              </li>
            ))}
          </ul>
        </div>
        {sample.diff && (
          <div>
            <h5 className="font-medium">Payload diff</h5>
            <DiffView
              label={`Payload diff of ${sample.id}`}
              before={shown(sample.diff.before)}
              after={shown(sample.diff.after)}
            />
          </div>
        )}
        <div>
          <h5 className="font-medium">Value as sent</h5>
          <pre className="max-h-60 overflow-auto rounded bg-zinc-50 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-zinc-900">
            {shown(sample.value)}
          </pre>
        </div>
      </div>
    </details>
  );
}

/** What a replay would send: counts per target, what is skipped or would fail and why, and five records as sent. */
export function DryRunReport({ report }: { report: DryRun }) {
  return (
    <section aria-label="Dry run" data-testid="dry-run" className="space-y-3">
      <h3 className="font-semibold">Dry run: {formatCount(report.total)} records checked, nothing sent</h3>
      <div className="flex flex-wrap gap-8">
        <Counts title="Would be sent to" counts={report.byTarget} testId="dry-run-targets" />
        <Counts title="Skipped" counts={report.skipped} testId="dry-run-skipped" />
        {Object.keys(report.failed ?? {}).length > 0 && (
          <Counts title="Would fail" counts={report.failed} testId="dry-run-failed" />
        )}
      </div>
      {report.notes.length > 0 && (
        <ul className="list-disc pl-5 text-amber-900 dark:text-amber-200">
          {report.notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      {report.samples.length > 0 && (
        <div className="space-y-1">
          <h4 className="font-semibold">Samples</h4>
          {report.samples.map((s) => (
            <Sample key={s.id} sample={s} />
          ))}
        </div>
      )}
    </section>
  );
}
