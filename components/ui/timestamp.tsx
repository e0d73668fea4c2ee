'use client';

import { formatAgo, formatLocal, formatUtc } from '@/lib/ui/format';
import { useIsClient, useNow } from '@/lib/ui/use-now';

/** A time in UTC, with the reader's local time on hover (added after hydration: the server knows no zone). */
export function Timestamp({
  ms,
  seconds = true,
  zone = true,
}: {
  ms: number | null;
  seconds?: boolean;
  zone?: boolean;
}) {
  const isClient = useIsClient();
  if (ms === null) return <span className="text-zinc-400">unknown</span>;
  return (
    <time dateTime={new Date(ms).toISOString()} title={isClient ? formatLocal(ms) : undefined}>
      {formatUtc(ms, { seconds, zone })}
    </time>
  );
}

/** `5 min ago`, with the UTC and local time on hover; blank until the browser clock is known. */
export function Ago({ ms }: { ms: number | null }) {
  const now = useNow();
  if (ms === null) return <span className="text-zinc-400">never</span>;
  return (
    <time
      dateTime={new Date(ms).toISOString()}
      title={now === null ? formatUtc(ms) : `${formatUtc(ms)} · ${formatLocal(ms)}`}
    >
      {now === null ? formatUtc(ms, { seconds: false }) : formatAgo(ms, now)}
    </time>
  );
}
