import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { AlertsResponse, ChartRange, InflowChart } from '@/lib/alerts/types';
import { getJson, shouldRetry } from '@/lib/ui/api-client';

export const alertsQuery = () =>
  queryOptions({
    queryKey: ['alerts'],
    queryFn: ({ signal }) => getJson<AlertsResponse>('/api/alerts', signal),
    refetchInterval: 15_000,
    retry: shouldRetry,
  });

export const inflowChartQuery = (topic: string, range: ChartRange) =>
  queryOptions({
    queryKey: ['alerts', topic, 'inflow', range],
    queryFn: ({ signal }) =>
      getJson<InflowChart>(`/api/alerts/${encodeURIComponent(topic)}?range=${range}`, signal),
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
    retry: shouldRetry,
  });
