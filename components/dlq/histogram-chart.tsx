'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { QueryError } from '@/components/ui/query-error';
import { Skeleton } from '@/components/ui/skeleton';
import { niceMax } from '@/lib/ui/chart';
import { formatCount, formatDuration, formatUtc, plural } from '@/lib/ui/format';
import { histogramQuery } from '@/lib/ui/queries';
import type { RecordFilter } from '@/lib/ui/record-filter';

const HEIGHT = 64;
const BAR = 10;

/** The filtered records over time; clicking a bar narrows the time range to it. */
export function HistogramChart({
  topic,
  filter,
  setFilter,
}: {
  topic: string;
  filter: RecordFilter;
  setFilter: (next: RecordFilter) => void;
}) {
  const histogram = useQuery(histogramQuery(topic, filter));
  const [hover, setHover] = useState<number | null>(null);

  if (histogram.isError) {
    return (
      <QueryError error={histogram.error} what="the histogram" onRetry={() => void histogram.refetch()} />
    );
  }
  if (!histogram.data) {
    return (
      <div role="status" aria-label="Loading the histogram">
        <Skeleton className="h-24" />
      </div>
    );
  }
  const { buckets, bucketMs, exact } = histogram.data;
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.count)));
  const width = Math.max(1, buckets.length) * BAR;
  const hovered = hover !== null ? buckets[hover] : undefined;
  const first = buckets[0];
  const last = buckets[buckets.length - 1];

  return (
    <figure
      aria-labelledby="histogram-caption"
      className={`rounded-md border border-zinc-200 p-2 dark:border-zinc-800 ${histogram.isPlaceholderData ? 'opacity-60' : ''}`}
    >
      <figcaption
        id="histogram-caption"
        className="flex justify-between gap-2 text-xs text-zinc-600 dark:text-zinc-400"
      >
        <span>
          {hovered
            ? `${formatUtc(hovered.start, { seconds: false })} · ${plural(hovered.count, 'record')} (click to zoom in)`
            : `${exact ? '' : 'about '}${plural(total, 'record')} over time, ${formatDuration(bucketMs)} per bar`}
        </span>
        <span className="tabular-nums">max {formatCount(max)}</span>
      </figcaption>
      <svg
        role="img"
        aria-label={`Records per ${formatDuration(bucketMs)}: ${buckets.map((b) => b.count).join(', ')}`}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="mt-1 block h-16 w-full cursor-pointer"
        onMouseLeave={() => setHover(null)}
        onMouseMove={(event) => {
          const rect = event.currentTarget.getBoundingClientRect();
          const index = Math.floor(((event.clientX - rect.left) / rect.width) * buckets.length);
          setHover(index >= 0 && index < buckets.length ? index : null);
        }}
        onClick={() => {
          if (hovered) setFilter({ ...filter, from: hovered.start, to: hovered.start + bucketMs });
        }}
      >
        {buckets.map((bucket, i) => {
          const h = bucket.count === 0 ? 0 : Math.max(1.5, (bucket.count / max) * HEIGHT);
          return (
            <rect
              key={bucket.start}
              x={i * BAR + 1}
              y={HEIGHT - h}
              width={BAR - 2}
              height={h}
              className={i === hover ? 'fill-sky-800 dark:fill-sky-300' : 'fill-sky-600 dark:fill-sky-500'}
            />
          );
        })}
      </svg>
      {first && last && (
        <div className="mt-0.5 flex justify-between text-[11px] text-zinc-500 tabular-nums">
          <span>{formatUtc(first.start, { seconds: false })}</span>
          <span>{formatUtc(last.start + bucketMs, { seconds: false })}</span>
        </div>
      )}
    </figure>
  );
}
