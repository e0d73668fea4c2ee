'use client';

import type { InflowChart as Chart } from '@/lib/alerts/types';
import { niceMax } from '@/lib/ui/chart';
import { formatDuration, formatUtc, plural } from '@/lib/ui/format';

const HEIGHT = 40;
const BAR = 6;

/** Fill colours of the stacked groups, biggest first; the rest is grey. */
export const GROUP_FILLS = [
  'fill-red-500',
  'fill-amber-500',
  'fill-sky-500',
  'fill-violet-500',
  'fill-teal-500',
];
export const GROUP_SWATCHES = ['bg-red-500', 'bg-amber-500', 'bg-sky-500', 'bg-violet-500', 'bg-teal-500'];
const OTHER_FILL = 'fill-zinc-400 dark:fill-zinc-600';

/** Inflow per bucket, stacked by error group (biggest at the bottom). */
export function InflowChart({ chart }: { chart: Chart }) {
  const totals = chart.buckets.map((b) => b.counts.reduce((a, c) => a + c, b.other));
  const max = niceMax(Math.max(0, ...totals));
  const width = Math.max(1, chart.buckets.length) * BAR;
  const label = `Records per ${formatDuration(chart.bucketMs)} from ${formatUtc(chart.from, { seconds: false })}: ${totals.join(', ')}`;
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${HEIGHT}`}
      preserveAspectRatio="none"
      className="block h-10 w-56"
      data-testid="inflow-chart"
    >
      <line
        x1={0}
        x2={width}
        y1={HEIGHT - 0.25}
        y2={HEIGHT - 0.25}
        className="stroke-zinc-200 dark:stroke-zinc-800"
        strokeWidth={0.5}
      />
      {chart.buckets.map((bucket, i) => {
        let y = HEIGHT;
        const parts = [
          ...bucket.counts.map((count, g) => ({ count, fill: GROUP_FILLS[g] ?? OTHER_FILL })),
          { count: bucket.other, fill: OTHER_FILL },
        ];
        return (
          <g key={bucket.start}>
            <title>{`${formatUtc(bucket.start, { seconds: false })}: ${plural(totals[i] ?? 0, 'record')}`}</title>
            {parts.map(({ count, fill }, p) => {
              if (count <= 0) return null;
              const h = Math.max(0.75, (count / max) * HEIGHT);
              y -= h;
              return <rect key={p} x={i * BAR + 0.5} y={y} width={BAR - 1} height={h} className={fill} />;
            })}
          </g>
        );
      })}
    </svg>
  );
}
