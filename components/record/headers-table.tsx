'use client';

import { useState } from 'react';
import type { DlqHeader, HeaderEncoding } from '@/lib/dlq/types';
import { sourceBytes, toHex } from '@/lib/ui/bytes';
import { formatBytes } from '@/lib/ui/format';

const ENCODING: Record<HeaderEncoding, string> = {
  utf8: 'UTF-8 text',
  'decimal-int': 'decimal text',
  'decimal-long': 'decimal text',
  'int32-be': '4-byte big-endian int',
  'int64-be': '8-byte big-endian long',
  'int32-be-or-byte': 'big-endian int',
  'bigint-be': 'big-endian integer',
  bytes: 'bytes',
};

const MAX_HEX_BYTES = 512;
// A hostile record can carry thousands of headers: the first ones show at once, the rest on request.
const INITIAL_HEADERS = 200;
// Long header values (Spring's stack trace header) fold away behind their first characters.
const FOLD_CHARS = 240;

function LongText({ text }: { text: string }) {
  if (text.length <= FOLD_CHARS) return <span className="font-mono whitespace-pre-wrap">{text}</span>;
  return (
    <details>
      <summary className="cursor-pointer font-mono whitespace-pre-wrap">
        {text.slice(0, FOLD_CHARS)}…{' '}
        <span className="font-sans text-sky-700 dark:text-sky-400">show all</span>
      </summary>
      <span className="font-mono whitespace-pre-wrap">{text}</span>
    </details>
  );
}

function DecodedValue({ header }: { header: DlqHeader }) {
  if (header.text === null && header.base64 === null)
    return <span className="text-zinc-400 italic">null</span>;
  if (header.decodedAs && header.decodedAs !== 'utf8' && header.decodedAs !== 'bytes') {
    return header.decoded === null || header.decoded === undefined ? (
      <span className="text-red-700 dark:text-red-400">
        malformed ({ENCODING[header.decodedAs]} expected)
      </span>
    ) : (
      <span>
        <span className="font-mono font-medium" data-testid="header-decoded">
          {String(header.decoded)}
        </span>{' '}
        <span className="text-zinc-500">({ENCODING[header.decodedAs]})</span>
      </span>
    );
  }
  if (header.text !== null) return <LongText text={header.text} />;
  return (
    <span className="font-mono break-all">
      <span className="mr-1 text-zinc-500">base64</span>
      {header.base64}
    </span>
  );
}

/** Every header in wire order (repeats kept), decoded where a convention defines it, or as raw hex. */
export function HeadersTable({ headers }: { headers: DlqHeader[] }) {
  const [raw, setRaw] = useState(false);
  const [all, setAll] = useState(false);
  const shown = all ? headers : headers.slice(0, INITIAL_HEADERS);
  const lastIndex = new Map(headers.map((h, i) => [h.key, i]));
  if (headers.length === 0) return <p className="text-sm text-zinc-500">No headers.</p>;
  return (
    <div className="space-y-1.5">
      <label className="flex items-center gap-2 text-xs">
        <input type="checkbox" checked={raw} onChange={(e) => setRaw(e.target.checked)} />
        Show raw bytes as hex
      </label>
      <div className="overflow-x-auto rounded-md border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-xs" data-testid="headers-table">
          <thead className="bg-zinc-50 text-left text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th scope="col" className="px-2 py-1 font-medium">
                Header
              </th>
              <th scope="col" className="px-2 py-1 font-medium">
                {raw ? 'Raw bytes (hex)' : 'Value'}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-900">
            {shown.map((header, i) => {
              const bytes = raw ? sourceBytes(header) : null;
              return (
                <tr key={i} className="align-top" data-header={header.key}>
                  <td className="w-60 px-2 py-1 font-mono [overflow-wrap:anywhere]">
                    {header.key}
                    {header.convention && (
                      <span className="block font-sans text-[10px] text-zinc-500">{header.convention}</span>
                    )}
                    {lastIndex.get(header.key) !== i && (
                      <span className="block font-sans text-[10px] text-amber-700 dark:text-amber-400">
                        repeated: a later one counts
                      </span>
                    )}
                  </td>
                  <td className="px-2 py-1 [overflow-wrap:anywhere]">
                    {raw ? (
                      bytes === null ? (
                        <span className="text-zinc-400 italic">null</span>
                      ) : (
                        <span className="font-mono break-all">
                          {toHex(bytes, MAX_HEX_BYTES) || '(0 bytes)'}
                        </span>
                      )
                    ) : (
                      <DecodedValue header={header} />
                    )}
                    {header.truncated && (
                      <span className="ml-1 text-amber-700 dark:text-amber-400">
                        (cut; {formatBytes(header.size ?? 0)} in Kafka)
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {shown.length < headers.length && (
        <button
          type="button"
          onClick={() => setAll(true)}
          className="text-xs text-sky-700 underline dark:text-sky-400"
        >
          Show all {headers.length} headers
        </button>
      )}
    </div>
  );
}
