// Time range presets. Choosing one writes an absolute `from` into the URL (and no `to`), so a shared link shows
// the window the sender was looking at, not one that slid along since.

export interface RangePreset {
  label: string;
  ms: number;
}

export const RANGE_PRESETS: readonly RangePreset[] = [
  { label: '15m', ms: 15 * 60_000 },
  { label: '1h', ms: 3_600_000 },
  { label: '6h', ms: 6 * 3_600_000 },
  { label: '24h', ms: 24 * 3_600_000 },
  { label: '7d', ms: 7 * 24 * 3_600_000 },
  { label: '30d', ms: 30 * 24 * 3_600_000 },
];

/** A time for an `<input type="datetime-local">` that we treat as UTC: `2025-03-14T09:26`. */
export function toUtcInputValue(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms).toISOString().slice(0, 16);
}

export function fromUtcInputValue(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const ms = Date.parse(`${value}Z`);
  return Number.isFinite(ms) ? ms : null;
}
