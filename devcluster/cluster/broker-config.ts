// The configuration DescribeConfigs reports: per-topic entries with their source and synonyms, and a
// broker's static configuration (the settings it was started with, named as in server.properties).
import type { Cluster, Topic } from './cluster';
import { TOPIC_CONFIG_DEFAULTS } from './topic-config';

/** Kafka's DescribeConfigs config_source values. */
export const ConfigSource = { TOPIC: 1, STATIC_BROKER: 4, DEFAULT: 5 } as const;

export interface DescribedConfig {
  name: string;
  value: string | null;
  readOnly: boolean;
  source: number;
  isSensitive: boolean;
  synonyms: { name: string; value: string | null; source: number }[];
}

/** Broker settings that provide a topic config's default, where Kafka names them differently. */
const BROKER_SYNONYMS: Record<string, string> = {
  'cleanup.policy': 'log.cleanup.policy',
  'delete.retention.ms': 'log.cleaner.delete.retention.ms',
  'max.message.bytes': 'message.max.bytes',
  'message.timestamp.type': 'log.message.timestamp.type',
  'min.compaction.lag.ms': 'log.cleaner.min.compaction.lag.ms',
  'retention.bytes': 'log.retention.bytes',
  'retention.ms': 'log.retention.ms',
  'segment.bytes': 'log.segment.bytes',
  'segment.ms': 'log.roll.ms',
};

function brokerName(topicConfig: string): string {
  return BROKER_SYNONYMS[topicConfig] ?? topicConfig;
}

export function describeTopicConfig(cluster: Cluster, topic: Topic): DescribedConfig[] {
  const brokerDefaults = cluster.settings.topicDefaults;
  return topic.config.names().map((name) => {
    const source = topic.config.source(name);
    const synonyms: DescribedConfig['synonyms'] = [];
    const override = topic.overrides.get(name);
    if (override !== undefined) synonyms.push({ name, value: override, source: ConfigSource.TOPIC });
    const brokerDefault = brokerDefaults[name];
    if (brokerDefault !== undefined)
      synonyms.push({ name: brokerName(name), value: brokerDefault, source: ConfigSource.STATIC_BROKER });
    synonyms.push({
      name: brokerName(name),
      value: TOPIC_CONFIG_DEFAULTS[name] ?? null,
      source: ConfigSource.DEFAULT,
    });
    return {
      name,
      value: topic.config.get(name),
      readOnly: false,
      source:
        source === 'topic'
          ? ConfigSource.TOPIC
          : source === 'broker'
            ? ConfigSource.STATIC_BROKER
            : ConfigSource.DEFAULT,
      isSensitive: false,
      synonyms,
    };
  });
}

export function describeBrokerConfig(cluster: Cluster, brokerId: number): DescribedConfig[] {
  const s = cluster.settings;
  const broker = cluster.brokers.get(brokerId);
  const listener = broker ? `PLAINTEXT://${broker.host}:${broker.port}` : null;
  const entries: [string, string | null, boolean][] = [
    ['broker.id', String(brokerId), true],
    ['listeners', listener, true],
    ['advertised.listeners', listener, true],
    ['num.partitions', String(s.defaultPartitions), true],
    ['default.replication.factor', String(s.defaultReplicationFactor), true],
    ['auto.create.topics.enable', String(s.autoCreateTopics), true],
    ['controlled.shutdown.enable', 'true', false],
    ['log.retention.hours', '168', false],
    ['replica.lag.time.max.ms', '30000', false],
  ];
  const seen = new Set(entries.map(([name]) => name));
  for (const [topicName, defaultValue] of Object.entries(TOPIC_CONFIG_DEFAULTS)) {
    const name = brokerName(topicName);
    if (seen.has(name)) continue;
    seen.add(name);
    const configured = s.topicDefaults[topicName];
    entries.push([name, configured ?? defaultValue, configured !== undefined]);
  }
  return entries.map(([name, value, configured]) => ({
    name,
    value,
    readOnly: true,
    source: configured ? ConfigSource.STATIC_BROKER : ConfigSource.DEFAULT,
    isSensitive: false,
    synonyms: [{ name, value, source: configured ? ConfigSource.STATIC_BROKER : ConfigSource.DEFAULT }],
  }));
}
