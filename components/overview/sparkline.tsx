import { sparklinePath } from '@/lib/ui/chart';

const WIDTH = 120;
const HEIGHT = 28;

/** 24 hourly counts as a line, oldest on the left. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const path = sparklinePath(values, WIDTH, HEIGHT);
  return (
    <svg
      role="img"
      aria-label={label}
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      className="overflow-visible text-sky-600 dark:text-sky-400"
    >
      <line
        x1={0}
        x2={WIDTH}
        y1={HEIGHT - 0.5}
        y2={HEIGHT - 0.5}
        className="stroke-zinc-200 dark:stroke-zinc-800"
      />
      <path d={path} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" />
    </svg>
  );
}
