'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
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
  const filterQuery = filterQueryString(parseRecordFilter(new URLSearchParams(searchParams.toString())));
  const filter = useMemo(() => parseRecordFilter(new URLSearchParams(filterQuery)), [filterQuery]);
  const openRecordId = searchParams.get(RECORD_PARAM);

  const setFilter = useCallback(
    (next: RecordFilter, options: { replace?: boolean } = {}) => {
      const current = new URLSearchParams(window.location.search);
      navigate(withFilter(current, next), pathname, options.replace ?? false);
    },
    [pathname],
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
