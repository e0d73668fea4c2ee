'use client';

import { useState } from 'react';
import { formatBytes } from '@/lib/ui/format';
import { hexDump } from '@/lib/ui/hex-dump';

const INITIAL_BYTES = 16 * 1024;

export function HexDumpView({ bytes }: { bytes: Uint8Array }) {
  const [limit, setLimit] = useState(INITIAL_BYTES);
  const lines = hexDump(bytes, limit);
  return (
    <div>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-5" data-testid="hex-view">
        {lines.map((line) => (
          <div key={line.offset}>
            <span className="text-zinc-500">{line.offset}</span>
            {'  '}
            <span>{line.hex.padEnd(49)}</span>
            {'  '}
            <span className="text-zinc-600 dark:text-zinc-400">|{line.ascii}|</span>
          </div>
        ))}
      </pre>
      {bytes.length > limit && (
        <button
          type="button"
          onClick={() => setLimit(bytes.length)}
          className="m-3 mt-0 text-xs text-sky-700 underline dark:text-sky-400"
        >
          Show all {formatBytes(bytes.length)}
        </button>
      )}
    </div>
  );
}
