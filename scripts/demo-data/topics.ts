import type { Domain } from './business-events';

export type Convention =
  | 'kafka-connect'
  | 'spring-kafka'
  | 'spring-cloud-stream'
  | 'smallrye'
  | 'karafka'
  | 'json-envelope'
  | 'junk';

export type DemoCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface DemoSource {
  topic: string;
  domain: Domain;
  weight: number;
}

export interface DemoDlq {
  topic: string;
  convention: Convention;
  sources: readonly DemoSource[];
  /** Source topics get the same count: Spring and Spring Cloud Stream keep the original partition. */
  partitions: number;
  consumerGroup: string;
  /** How the failing application's producer compresses its DLQ batches. */
  compression: DemoCompression;
  /** Share of the background failures. */
  weight: number;
}

/** Each framework's default DLQ naming, with the source topics whose consumers fail. */
export const DEMO_DLQS: readonly DemoDlq[] = [
  {
    topic: 'payments.DLT',
    convention: 'spring-kafka',
    sources: [{ topic: 'payments', domain: 'payments', weight: 1 }],
    partitions: 6,
    consumerGroup: 'payment-processor',
    compression: 'zstd',
    weight: 18,
  },
  {
    topic: 'orders-dlt',
    convention: 'spring-kafka',
    sources: [{ topic: 'orders', domain: 'orders', weight: 1 }],
    partitions: 6,
    consumerGroup: 'order-fulfillment',
    compression: 'lz4',
    weight: 14,
  },
  {
    topic: 'error.shipments.billing-group',
    convention: 'spring-cloud-stream',
    sources: [{ topic: 'shipments', domain: 'shipments', weight: 1 }],
    partitions: 3,
    consumerGroup: 'billing-group',
    compression: 'snappy',
    weight: 10,
  },
  {
    topic: 'dead-letter-topic-inventory',
    convention: 'smallrye',
    sources: [{ topic: 'inventory-updates', domain: 'inventory', weight: 1 }],
    partitions: 3,
    consumerGroup: 'inventory-service',
    compression: 'none',
    weight: 10,
  },
  {
    topic: 'connect-dlq-jdbc-sink',
    convention: 'kafka-connect',
    sources: [
      { topic: 'customers', domain: 'customers', weight: 3 },
      { topic: 'users', domain: 'users', weight: 2 },
    ],
    partitions: 3,
    consumerGroup: 'connect-postgres-jdbc-sink',
    compression: 'gzip',
    weight: 12,
  },
  {
    topic: 'karafka-dlq',
    convention: 'karafka',
    sources: [{ topic: 'user-signups', domain: 'users', weight: 1 }],
    partitions: 3,
    consumerGroup: 'karafka_signups_app',
    compression: 'snappy',
    weight: 8,
  },
  {
    topic: 'notifications.DLQ',
    convention: 'json-envelope',
    sources: [{ topic: 'notifications', domain: 'notifications', weight: 1 }],
    partitions: 3,
    consumerGroup: 'notification-dispatcher',
    compression: 'none',
    weight: 10,
  },
  {
    topic: 'invoices-dlq',
    convention: 'json-envelope',
    sources: [{ topic: 'invoices', domain: 'invoices', weight: 1 }],
    partitions: 2,
    consumerGroup: 'invoice-renderer',
    compression: 'lz4',
    weight: 6,
  },
  {
    topic: 'clickstream-dlq',
    convention: 'junk',
    sources: [{ topic: 'clickstream', domain: 'clickstream', weight: 1 }],
    partitions: 3,
    consumerGroup: 'clickstream-enricher',
    compression: 'none',
    weight: 6,
  },
];

/** The topics the failing consumers read, each created with its DLQ's partition count. */
export const DEMO_SOURCE_TOPICS: ReadonlyArray<{ topic: string; partitions: number }> = [
  ...new Map(
    DEMO_DLQS.flatMap((dlq) => dlq.sources.map((source) => [source.topic, dlq.partitions] as const)),
  ),
].map(([topic, partitions]) => ({ topic, partitions }));

export function demoDlq(topic: string): DemoDlq {
  const dlq = DEMO_DLQS.find((candidate) => candidate.topic === topic);
  if (!dlq) throw new Error(`not a demo DLQ topic: ${topic}`);
  return dlq;
}
