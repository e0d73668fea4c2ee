'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { filterQueryString, parseRecordFilter, withFilter, type RecordFilter } from './record-filter';

const RECORD_PARAM = 'record';

function navigate(params: URLSearchParams, pathname: string, replace: boolean) {
  const search = params.toString();
  const url = search ? `${pathname}?${search}` : pathname;
  // Next.js folds pushState/replaceState into its router: useSearchParams updates, no server round trip.
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
}

/** The records filter and the open record, read from and written to the URL. */
export function useRecordFilter() {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const urlQuery = filterQueryString(parseRecordFilter(new URLSearchParams(searchParams.toString())));
  // The router applies a pushState in a transition, a moment later. Until then the new filter is shown from
  // here, so a ticked box stays ticked instead of flicking back; Back or any other URL change wins.
  const [pending, setPending] = useState<{ base: string; next: string } | null>(null);
  const filterQuery = pending !== null && pending.base === urlQuery ? pending.next : urlQuery;
  const filter = useMemo(() => parseRecordFilter(new URLSearchParams(filterQuery)), [filterQuery]);
  const openRecordId = searchParams.get(RECORD_PARAM);

  const setFilter = useCallback(
    (next: RecordFilter, options: { replace?: boolean } = {}) => {
      setPending({ base: urlQuery, next: filterQueryString(next) });
      const current = new URLSearchParams(window.location.search);
      navigate(withFilter(current, next), pathname, options.replace ?? false);
    },
    [pathname, urlQuery],
  );

  const openRecord = useCallback(
    (id: string | null) => {
      const params = new URLSearchParams(window.location.search);
      const wasOpen = params.has(RECORD_PARAM);
      if (id === null) params.delete(RECORD_PARAM);
      else params.set(RECORD_PARAM, id);
      // Moving between records replaces the history entry, so Back closes the drawer instead of stepping
      // through every record looked at.
      navigate(params, pathname, wasOpen);
    },
    [pathname],
  );

  return { filter, filterQuery, setFilter, openRecordId, openRecord };
}
