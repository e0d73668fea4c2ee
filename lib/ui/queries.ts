// Every query the pages make, as shared queryOptions: the hooks that read the same data use the same key, and
// a change of filter is a change of key (the canonical query string), never a stale cache hit.
import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import type {
  DlqSummary,
  ErrorGroupSummary,
  Facets,
  Histogram,
  RecordPage,
  StoredRecord,
} from '@/lib/store/types';
import { ApiError, getJson, NetworkError, shouldRetry } from './api-client';
import { filterQueryString, type RecordFilter } from './record-filter';

export type DlqOverview = DlqSummary & { sparkline: number[] };

/** The background ingestion's view of Kafka; null before it has started. */
export interface IngestState {
  /** Whether the last discovery pass reached the cluster. */
  connected: boolean;
  /** When the cluster last answered one (server clock). */
  lastSyncAt: number | null;
}

export interface DlqList {
  dlqs: DlqOverview[];
  ingest: IngestState | null;
}

export interface HealthStatus {
  status: string;
  kafka: { reachable: boolean; brokers: number };
  /** When this answer arrived (browser clock). */
  checkedAt: number;
  /** The last answer that found Kafka reachable, while this page was open; null if none did. */
  lastReachableAt: number | null;
}

const PAGE_SIZE = 200;
const HISTOGRAM_BUCKETS = 60;

const topicPath = (topic: string) => `/api/dlqs/${encodeURIComponent(topic)}`;
const withQuery = (path: string, query: string) => (query ? `${path}?${query}` : path);

export const healthQuery = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: async ({ signal, client }): Promise<HealthStatus> => {
      const previous = client.getQueryData<HealthStatus>(['health']);
      let response: Response;
      try {
        response = await fetch('/api/health', { signal, cache: 'no-store' });
      } catch (err) {
        if (signal.aborted) throw err;
        throw new NetworkError('DLQ Desk did not answer; check that the server is running.');
      }
      const body = (await response.json().catch(() => null)) as Partial<HealthStatus> | null;
      if (!body?.kafka) throw new ApiError(response.status, response.statusText || 'health check failed');
      const checkedAt = Date.now();
      return {
        status: body.status ?? 'unknown',
        kafka: body.kafka,
        checkedAt,
        lastReachableAt: body.kafka.reachable ? checkedAt : (previous?.lastReachableAt ?? null),
      };
    },
    refetchInterval: 15_000,
    retry: shouldRetry,
  });

export const dlqsQuery = () =>
  queryOptions({
    queryKey: ['dlqs'],
    queryFn: ({ signal }) => getJson<DlqList>('/api/dlqs', signal),
    refetchInterval: 30_000,
    retry: shouldRetry,
  });

export const groupsQuery = (topic: string) =>
  queryOptions({
    queryKey: ['dlq', topic, 'groups'],
    queryFn: ({ signal }) =>
      getJson<{ groups: ErrorGroupSummary[]; total: number }>(`${topicPath(topic)}/groups`, signal),
    refetchInterval: 30_000,
    retry: shouldRetry,
  });

export const facetsQuery = (topic: string, filter: RecordFilter) => {
  const query = filterQueryString(filter);
  return queryOptions({
    queryKey: ['dlq', topic, 'facets', query],
    queryFn: ({ signal }) => getJson<Facets>(withQuery(`${topicPath(topic)}/facets`, query), signal),
    placeholderData: keepPreviousData,
    retry: shouldRetry,
  });
};

export const histogramQuery = (topic: string, filter: RecordFilter) => {
  const params = new URLSearchParams(filterQueryString(filter));
  params.set('buckets', String(HISTOGRAM_BUCKETS));
  const query = params.toString();
  return queryOptions({
    queryKey: ['dlq', topic, 'histogram', query],
    queryFn: ({ signal }) => getJson<Histogram>(`${topicPath(topic)}/histogram?${query}`, signal),
    placeholderData: keepPreviousData,
    retry: shouldRetry,
  });
};

export const recordsQuery = (topic: string, filter: RecordFilter) => {
  const query = filterQueryString(filter);
  return infiniteQueryOptions({
    queryKey: ['dlq', topic, 'records', query],
    queryFn: ({ signal, pageParam }) => {
      const params = new URLSearchParams(query);
      params.set('limit', String(PAGE_SIZE));
      if (pageParam) params.set('cursor', pageParam);
      return getJson<RecordPage>(`${topicPath(topic)}/records?${params}`, signal);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    // Refetching an infinite query refetches every loaded page, hundreds after a long scroll: new records come
    // in through the explicit refresh (which starts again from the first page) instead.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    retry: shouldRetry,
  });
};

/** One record as the API shows it: masked fields named, and whether this answer carries their real values. */
export interface RecordView extends StoredRecord {
  masked: string[];
  revealed: boolean;
}

/**
 * One record, masked; `reveal` asks for the real values (operators and admins, audited on every fetch). Under
 * `['record', id]` either way, so invalidating a record refreshes whichever view is on screen.
 */
export const recordQuery = (id: string, reveal = false) =>
  queryOptions({
    queryKey: reveal ? ['record', id, 'revealed'] : ['record', id],
    queryFn: ({ signal }) =>
      getJson<RecordView>(`/api/records/${encodeURIComponent(id)}${reveal ? '?reveal=1' : ''}`, signal),
    retry: shouldRetry,
    // Real values are fetched when asked for, not on a focus change, and leave memory with the drawer.
    refetchOnWindowFocus: !reveal,
    gcTime: reveal ? 0 : undefined,
  });
