import 'server-only';
import v8 from 'node:v8';

/**
 * V8 grows the heap up to 4x what survived the last full collection when allocation is fast, as it is while a
 * backlog is ingested: the server then carries a hundred MB of garbage (and the fetch buffers it holds). Growing by
 * at most 50% kept peak RSS while indexing a million 1 KB records at 333 MB instead of about 455 MB, at the same
 * records per second (--optimize-for-size: 269 MB, but 35% slower ingest). The server sets it at start; the
 * profile tools (bench/*-profile.ts) set it too, so that they measure under the server's conditions.
 */
export function capHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=50');
}
