// Formatting that gives the same text on the server and in every browser (no locale or time zone dependence),
// except formatLocal, which is only ever called in the browser.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2025-03-14 09:26:53 UTC`; without seconds `2025-03-14 09:26 UTC`; without the zone where a heading says it. */
export function formatUtc(ms: number, { seconds = true, zone = true } = {}): string {
  const d = new Date(ms);
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${seconds ? `:${pad(d.getUTCSeconds())}` : ''}`;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${time}${zone ? ' UTC' : ''}`;
}

/** The same instant in the browser's own time zone, for the hover text beside a UTC timestamp. */
export function formatLocal(ms: number): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return new Date(ms).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
}

const grouping = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return grouping.format(n);
}

/** `1 record`, `2,001 records` */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** A share of a total as a whole percentage, `<1%` for small non-zero shares. */
export function formatShare(count: number, total: number): string {
  if (total <= 0 || count <= 0) return '0%';
  const pct = (count / total) * 100;
  if (pct < 1) return '<1%';
  return `${Math.round(pct)}%`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`; future times (clock skew) read as `just now`. */
export function formatAgo(ms: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - ms) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** `15 min`, `2 h`, `3 d`: a duration in its largest whole unit. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}
