// The records filter as it lives in the page URL. The parameter names are the records API's own
// (lib/schemas/records.ts), so the page's query string is the API's query string: a link pasted into the
// incident channel restores the same view, and the canonical form doubles as the query cache key.

export const LIST_FIELDS = ['group', 'errorClass', 'originTopic', 'partition', 'status', 'format'] as const;
export type ListField = (typeof LIST_FIELDS)[number];

/** Values of the list fields; null stands for "none" (no error class, origin unknown) and is `x=` in the URL. */
export interface RecordFilter {
  group: string[];
  errorClass: (string | null)[];
  originTopic: (string | null)[];
  partition: number[];
  status: string[];
  format: string[];
  /** ms since the epoch, inclusive */
  from: number | null;
  /** exclusive */
  to: number | null;
  /** exact key, or a prefix when it ends with `*` */
  key: string;
  /** full text */
  q: string;
}

export type ListValue<F extends ListField> = RecordFilter[F][number];

// The API's limits: values per parameter, and the lengths of names, keys and search text.
const MAX_VALUES = 200;
const MAX_NAME = 1000;
const MAX_KEY = 1000;
const MAX_Q = 500;
const GROUP_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ENUM_VALUE = /^[a-z-]{1,40}$/;

export const EMPTY_FILTER: RecordFilter = {
  group: [],
  errorClass: [],
  originTopic: [],
  partition: [],
  status: [],
  format: [],
  from: null,
  to: null,
  key: '',
  q: '',
};

export function parseTime(text: string | null): number | null {
  if (text === null || text === '') return null;
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function formatTimeParam(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)].slice(0, MAX_VALUES);
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** Reads the filter from a query string. Values the API would refuse are dropped rather than shown as an error. */
export function parseRecordFilter(params: URLSearchParams): RecordFilter {
  const names = (field: ListField) =>
    unique(params.getAll(field).filter((v) => v.length <= MAX_NAME)).map((v) => (v === '' ? null : v));
  return normalizeFilter({
    group: unique(params.getAll('group').filter((v) => GROUP_ID.test(v))),
    errorClass: names('errorClass'),
    originTopic: names('originTopic'),
    partition: unique(
      params
        .getAll('partition')
        .filter((v) => /^\d{1,7}$/.test(v))
        .map(Number)
        .filter((n) => n <= 1_000_000),
    ),
    status: unique(params.getAll('status').filter((v) => ENUM_VALUE.test(v))),
    format: unique(params.getAll('format').filter((v) => ENUM_VALUE.test(v))),
    from: parseTime(params.get('from')),
    to: parseTime(params.get('to')),
    key: (params.get('key') ?? '').slice(0, MAX_KEY),
    q: (params.get('q') ?? '').slice(0, MAX_Q),
  });
}

/** One spelling per filter: sorted lists, no blank text. Equal filters give equal query strings. */
export function normalizeFilter(filter: RecordFilter): RecordFilter {
  return {
    group: unique(filter.group).sort(),
    errorClass: unique(filter.errorClass).sort(compareNullable),
    originTopic: unique(filter.originTopic).sort(compareNullable),
    partition: unique(filter.partition).sort((a, b) => a - b),
    status: unique(filter.status).sort(),
    format: unique(filter.format).sort(),
    from: filter.from,
    to: filter.to,
    key: filter.key.trim() === '' ? '' : filter.key,
    q: filter.q.trim() === '' ? '' : filter.q,
  };
}

/** The filter's own parameters, in a fixed order. */
export function filterSearchParams(filter: RecordFilter): URLSearchParams {
  const params = new URLSearchParams();
  const f = normalizeFilter(filter);
  for (const field of LIST_FIELDS) {
    for (const value of f[field]) params.append(field, value === null ? '' : String(value));
  }
  if (f.from !== null) params.set('from', formatTimeParam(f.from));
  if (f.to !== null) params.set('to', formatTimeParam(f.to));
  if (f.key) params.set('key', f.key);
  if (f.q) params.set('q', f.q);
  return params;
}

export function filterQueryString(filter: RecordFilter): string {
  return filterSearchParams(filter).toString();
}

const FILTER_PARAMS = new Set<string>([...LIST_FIELDS, 'from', 'to', 'key', 'q']);

/** The page's query string with the filter replaced and every other parameter (the open record) kept. */
export function withFilter(current: URLSearchParams, filter: RecordFilter): URLSearchParams {
  const next = filterSearchParams(filter);
  for (const [name, value] of current) {
    if (!FILTER_PARAMS.has(name)) next.append(name, value);
  }
  return next;
}

export function isFilterEmpty(filter: RecordFilter): boolean {
  return filterQueryString(filter) === '';
}

export function toggleValue<F extends ListField>(
  filter: RecordFilter,
  field: F,
  value: ListValue<F>,
): RecordFilter {
  const current = filter[field] as ListValue<F>[];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return normalizeFilter({ ...filter, [field]: next });
}

export function setValues<F extends ListField>(
  filter: RecordFilter,
  field: F,
  values: ListValue<F>[],
): RecordFilter {
  return normalizeFilter({ ...filter, [field]: values });
}
