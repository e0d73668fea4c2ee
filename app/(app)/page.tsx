import { getConfig } from '@/lib/config';
import { clusterStatus } from '@/lib/kafka/cluster-status';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  const config = getConfig();
  const status = await clusterStatus();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <section aria-label="Cluster" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
        <h2 className="font-medium">Kafka cluster</h2>
        <p className="mt-1 text-sm" data-testid="cluster-status">
          {status.reachable ? (
            <span className="text-emerald-700 dark:text-emerald-400">
              Reachable, {status.brokers} broker(s)
            </span>
          ) : (
            <span className="text-red-700 dark:text-red-400">
              Unreachable: check kafka.brokers and the network
            </span>
          )}
        </p>
      </section>
      <section
        aria-label="Watched topics"
        className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      >
        <h2 className="font-medium">Watched DLQ topics</h2>
        <ul className="mt-1 list-inside list-disc text-sm">
          {config.dlq.topics.map((t) => (
            <li key={t}>
              <code>{t}</code>
            </li>
          ))}
          {config.dlq.patterns.map((p) => (
            <li key={p}>
              pattern <code>{p}</code>
            </li>
          ))}
          {config.dlq.defaultPattern && (
            <li>the built-in pattern for common DLQ names (.DLT, -dlt, .DLQ, ...)</li>
          )}
        </ul>
      </section>
    </div>
  );
}
