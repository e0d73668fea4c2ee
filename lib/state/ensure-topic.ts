import 'server-only';
import type { Admin } from 'kafkajs';

export interface TopicSettings {
  /** Topic configs set at creation only; an existing topic is left as its owner configured it. */
  configs: Record<string, string>;
}

/**
 * Creates the topic if it is missing: one partition, replication factor min(3, brokers). With three
 * replicas, min.insync.replicas 2 so an acks=all write survives one broker loss; with fewer, the
 * cluster default (a higher value could never be met on a small cluster).
 */
export function ensureTopic(admin: Admin, topic: string, settings: TopicSettings): Promise<void> {
  // Start-up opens the state topic from several places at once: one creation per topic and process, so they don't
  // race each other into CreateTopics errors. A failure is forgotten, and the next call tries again.
  let pending = creating.get(topic);
  if (!pending) {
    pending = createIfMissing(admin, topic, settings).finally(() => creating.delete(topic));
    creating.set(topic, pending);
  }
  return pending;
}

const creating = new Map<string, Promise<void>>();

async function createIfMissing(admin: Admin, topic: string, settings: TopicSettings): Promise<void> {
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return;
  const brokers = (await admin.describeCluster()).brokers.length;
  const replicationFactor = Math.max(1, Math.min(3, brokers));
  const configs: Record<string, string> = { ...settings.configs };
  if (replicationFactor === 3) configs['min.insync.replicas'] ??= '2';
  // false = another instance created it first, which is just as good.
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      {
        topic,
        numPartitions: 1,
        replicationFactor,
        configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
      },
    ],
  });
}
