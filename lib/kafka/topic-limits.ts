import 'server-only';
import { ConfigResourceTypes } from 'kafkajs';
import { getKafka } from './client';

// The fix editor checks an edited record against its target topic's max.message.bytes before anyone replays it.
// Answers are cached briefly: the editor asks on every change of target, and topic configs rarely change.

export interface TopicLimits {
  topic: string;
  exists: boolean;
  /** null when the topic does not exist or the cluster did not say. */
  maxMessageBytes: number | null;
}

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; limits: TopicLimits }>();

export async function topicLimits(topic: string): Promise<TopicLimits> {
  const hit = cache.get(topic);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.limits;
  const admin = getKafka().admin();
  await admin.connect();
  let limits: TopicLimits;
  try {
    const topics = await admin.listTopics();
    if (!topics.includes(topic)) {
      limits = { topic, exists: false, maxMessageBytes: null };
    } else {
      const described = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }],
        includeSynonyms: false,
      });
      const value = described.resources[0]?.configEntries.find(
        (e) => e.configName === 'max.message.bytes',
      )?.configValue;
      const bytes = value === undefined ? NaN : Number(value);
      limits = { topic, exists: true, maxMessageBytes: Number.isFinite(bytes) ? bytes : null };
    }
  } finally {
    await admin.disconnect();
  }
  cache.set(topic, { at: Date.now(), limits });
  if (cache.size > 1000) cache.delete(cache.keys().next().value!);
  return limits;
}
