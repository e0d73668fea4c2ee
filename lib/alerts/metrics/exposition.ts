// The Prometheus text exposition format (version 0.0.4): one HELP and TYPE line per family, then its samples.
// Families are plain data, so each source of metrics is a function returning some and adding one is one line in
// families.ts.

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Record<string, string>;

export interface MetricFamily {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels?: Labels; value: number }[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  for (const [name] of entries) {
    if (!LABEL.test(name) || name.startsWith('__')) throw new Error(`invalid label name ${name}`);
  }
  return `{${entries.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`;
}

/** The exposition text of the families; a family without samples still declares itself. */
export function renderExposition(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    if (!NAME.test(family.name)) throw new Error(`invalid metric name ${family.name}`);
    if (seen.has(family.name)) throw new Error(`metric family ${family.name} appears twice`);
    seen.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      lines.push(`${family.name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

/** Keeps the biggest `top` values and sums the rest under `other`, so a label's cardinality stays bounded. */
export function topAndOther<T>(
  items: readonly T[],
  top: number,
  count: (item: T) => number,
): { kept: T[]; other: number } {
  const sorted = [...items].sort((a, b) => count(b) - count(a));
  return {
    kept: sorted.slice(0, top),
    other: sorted.slice(top).reduce((sum, item) => sum + count(item), 0),
  };
}
