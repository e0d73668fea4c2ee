'use client';

import { useQuery } from '@tanstack/react-query';
import { dlqsQuery, healthQuery } from '@/lib/ui/queries';
import { Ago, Timestamp } from './timestamp';

const box = 'rounded border px-3 py-2 text-sm';

/**
 * Says when the data on screen may be stale: Kafka unreachable (the index still answers, but nothing new
 * arrives), or DLQ Desk itself not answering (the page keeps what it loaded).
 */
export function KafkaStatusBanner() {
  const health = useQuery(healthQuery());
  const dlqs = useQuery(dlqsQuery());

  if (health.isError) {
    return (
      <p
        role="alert"
        className={`${box} border-red-200 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100`}
      >
        DLQ Desk is not answering. The page keeps what it loaded
        {health.data && (
          <>
            {' '}
            (last answer <Ago ms={health.data.checkedAt} />)
          </>
        )}
        .
      </p>
    );
  }

  const ingest = dlqs.data?.ingest;
  const unreachable = health.data?.kafka.reachable === false || ingest?.connected === false;
  if (!unreachable) return null;
  const inSyncAt = ingest?.lastSyncAt ?? health.data?.lastReachableAt ?? null;
  return (
    // Not the ingest's lastError: it names broker addresses, which the page keeps to itself like /api/health.
    <div
      role="alert"
      data-testid="kafka-unreachable"
      className={`${box} border-amber-200 bg-amber-50 text-amber-950 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-100`}
    >
      <p>
        <strong className="font-semibold">Kafka is unreachable.</strong>{' '}
        {inSyncAt !== null ? (
          <>
            The records shown were last in step with Kafka <Ago ms={inSyncAt} /> (<Timestamp ms={inSyncAt} />
            ).
          </>
        ) : (
          <>The records shown are those indexed before the connection was lost.</>
        )}{' '}
        New failures appear once Kafka answers again.
      </p>
    </div>
  );
}
