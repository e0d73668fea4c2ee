import 'server-only';
import { formatName, statusName } from './codes';
import type { StoreContext } from './context';
import { tallyFilter, type Tally } from './counting';
import { DIMS, resolveFilter, type Dim } from './filter';
import type { FacetValue, Facets, RecordFilter } from './types';

/** Counts per value of each dimension, each counted with every filter except its own. */
export function facets(ctx: StoreContext, topic: string, filter: RecordFilter): Facets {
  const resolved = resolveFilter(ctx, topic, filter);
  if (resolved === null) {
    return { group: [], errorClass: [], originTopic: [], partition: [], status: [], format: [], exact: true };
  }
  const { tally, exact } = tallyFilter(ctx, resolved, true);
  const { dict } = ctx;
  return {
    group: facetOf(tally, 'group', (id) => dict.group(id)).map(({ value, count }) => ({
      value: value.extId,
      title: value.title,
      count,
    })),
    errorClass: facetOf(tally, 'errorClass', (id) => dict.className(id)),
    originTopic: facetOf(tally, 'originTopic', (id) => dict.originName(id)),
    partition: facetOf(tally, 'partition', (id) => id),
    status: facetOf(tally, 'status', statusName),
    format: facetOf(tally, 'format', formatName),
    exact,
  };
}

/** One facet of a tally with facets, biggest first. */
export function facetOf<T>(tally: Tally, dim: Dim, name: (id: number) => T): FacetValue<T>[] {
  const counts = tally.facets?.[DIMS.indexOf(dim)] ?? [];
  const found: [number, number][] = [];
  counts.forEach((count, id) => {
    if (count > 0) found.push([id, count]);
  });
  return found
    .sort(([a, countA], [b, countB]) => countB - countA || a - b)
    .map(([id, count]) => ({ value: name(id), count }));
}
