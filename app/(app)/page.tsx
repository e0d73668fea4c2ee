import { DlqOverview } from '@/components/overview/dlq-overview';
import { getConfig } from '@/lib/config';
import { clusterStatus } from '@/lib/kafka/cluster-status';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const { dlq } = getConfig();
  const status = await clusterStatus();
  return (
    <div className="mx-auto max-w-7xl space-y-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="text-sm" data-testid="cluster-status">
          {status.reachable ? (
            <span className="text-emerald-700 dark:text-emerald-400">
              Kafka: Reachable, {status.brokers} broker(s)
            </span>
          ) : (
            <span className="text-red-700 dark:text-red-400">
              Kafka: Unreachable: check kafka.brokers and the network
            </span>
          )}
        </p>
      </div>
      <DlqOverview
        watched={{ topics: dlq.topics, patterns: dlq.patterns, defaultPattern: dlq.defaultPattern }}
      />
    </div>
  );
}
