'use client';

import { useMemo, useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import type { Payload } from '@/lib/dlq/types';
import { sourceBase64, sourceBytes } from '@/lib/ui/bytes';
import { formatBytes } from '@/lib/ui/format';
import { prettyJson } from '@/lib/ui/json-pretty';
import { HexDumpView } from './hex-dump-view';
import { JsonView } from './json-view';

type Mode = 'json' | 'text' | 'hex';

function download(bytes: Uint8Array, name: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A key or value: pretty JSON, text or hex dump, with copy and download of the exact bytes. */
export function PayloadView({
  payload,
  name,
  fileName,
}: {
  payload: Payload;
  name: string;
  fileName: string;
}) {
  const lines = useMemo(
    () => (payload.kind === 'json' && payload.text !== null ? prettyJson(payload.text) : null),
    [payload],
  );
  const bytes = useMemo(() => sourceBytes(payload), [payload]);
  const base64 = useMemo(() => sourceBase64(payload), [payload]);
  const modes: Mode[] = [
    ...(lines ? (['json'] as const) : []),
    ...(payload.text !== null ? (['text'] as const) : []),
    'hex',
  ];
  const [chosen, setChosen] = useState<Mode | null>(null);
  const mode = chosen !== null && modes.includes(chosen) ? chosen : modes[0]!;

  if (payload.kind === 'null') {
    return <p className="text-sm text-zinc-500 italic">null{name === 'Value' ? ' (a tombstone)' : ''}</p>;
  }
  if (payload.kind === 'empty') return <p className="text-sm text-zinc-500 italic">empty (0 bytes)</p>;

  return (
    <div className="rounded-md border border-zinc-200 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-2 py-1.5 text-xs dark:border-zinc-800">
        <div
          role="group"
          aria-label={`${name} view`}
          className="flex overflow-hidden rounded border border-zinc-300 dark:border-zinc-700"
        >
          {modes.map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode === m}
              onClick={() => setChosen(m)}
              className={`px-2 py-0.5 ${mode === m ? 'bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800'}`}
            >
              {m === 'json' ? 'Pretty JSON' : m === 'text' ? 'Text' : 'Hex'}
            </button>
          ))}
        </div>
        <span className="text-zinc-500">
          {payload.kind}, {formatBytes(payload.size)}
          {payload.schemaId !== null && <>, Schema Registry schema id {payload.schemaId}</>}
        </span>
        <span className="ml-auto flex gap-1.5">
          {payload.text !== null && (
            <CopyButton text={payload.text} label={`Copy ${name.toLowerCase()} as text`}>
              Copy text
            </CopyButton>
          )}
          {base64 !== null && (
            <button
              type="button"
              onClick={() => bytes && download(bytes, fileName)}
              className="rounded border border-zinc-300 px-1.5 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Download bytes
            </button>
          )}
          {base64 !== null && (
            <CopyButton text={base64} label={`Copy ${name.toLowerCase()} as base64`}>
              Copy base64
            </CopyButton>
          )}
        </span>
      </div>
      {payload.truncated && (
        <p className="border-b border-zinc-200 bg-amber-50 px-3 py-1 text-xs text-amber-900 dark:border-zinc-800 dark:bg-amber-950 dark:text-amber-200">
          Only the first {formatBytes(bytes?.length ?? 0)} of {formatBytes(payload.size)} are stored in the
          index; the rest is in Kafka.
        </p>
      )}
      <div className="max-h-[28rem] overflow-auto">
        {mode === 'json' && lines && <JsonView lines={lines} />}
        {mode === 'text' && (
          <pre
            className="p-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap"
            data-testid="text-view"
          >
            {payload.text}
          </pre>
        )}
        {mode === 'hex' && bytes && <HexDumpView bytes={bytes} />}
      </div>
    </div>
  );
}
