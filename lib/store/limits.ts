import 'server-only';

/** Keys are matched on this many characters; longer keys match by their beginning. */
export const KEY_CHARS = 1000;
/** Full text covers this much of a value: enough for the fields people search, bounded index size and ingest cost. */
export const VALUE_TEXT_CHARS = 2048;
/** Error message plus cause, for full text. */
export const MESSAGE_TEXT_CHARS = 2000;
export const MESSAGE_PREVIEW_CHARS = 300;
export const KEY_PREVIEW_CHARS = 120;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
/** Above this many candidates for `q` or `key`, counts stop being exact (see Count). */
export const COUNT_CAP = 10_000;
export const MAX_BUCKETS = 1000;
/** The most values one filter field may list. */
export const MAX_FILTER_VALUES = 200;
