// Topic configuration: Kafka's defaults, validation of overrides, and the effective value of each key.
// Defaults are those of Apache Kafka 2.x/3.x brokers, so tools that read them see familiar numbers.

export const TOPIC_CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'cleanup.policy': 'delete',
  'compression.type': 'producer',
  'delete.retention.ms': '86400000',
  'file.delete.delay.ms': '60000',
  'flush.messages': '9223372036854775807',
  'flush.ms': '9223372036854775807',
  'index.interval.bytes': '4096',
  'max.compaction.lag.ms': '9223372036854775807',
  'max.message.bytes': '1048588',
  'message.downconversion.enable': 'true',
  'message.timestamp.difference.max.ms': '9223372036854775807',
  'message.timestamp.type': 'CreateTime',
  'min.cleanable.dirty.ratio': '0.5',
  'min.compaction.lag.ms': '0',
  'min.insync.replicas': '1',
  preallocate: 'false',
  'retention.bytes': '-1',
  'retention.ms': '604800000',
  'segment.bytes': '1073741824',
  'segment.index.bytes': '10485760',
  'segment.jitter.ms': '0',
  'segment.ms': '604800000',
  'unclean.leader.election.enable': 'false',
};

const LONG_KEYS = new Set([
  'delete.retention.ms',
  'file.delete.delay.ms',
  'flush.messages',
  'flush.ms',
  'max.compaction.lag.ms',
  'message.timestamp.difference.max.ms',
  'min.compaction.lag.ms',
  'retention.bytes',
  'retention.ms',
  'segment.ms',
  'segment.jitter.ms',
]);
const INT_KEYS = new Set([
  'index.interval.bytes',
  'max.message.bytes',
  'min.insync.replicas',
  'segment.bytes',
  'segment.index.bytes',
]);
const BOOLEAN_KEYS = new Set([
  'message.downconversion.enable',
  'preallocate',
  'unclean.leader.election.enable',
]);
const CHOICES: Record<string, readonly string[]> = {
  'compression.type': ['producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'],
  // The broker never rewrites batches on append, so LogAppendTime (which would) is not offered.
  'message.timestamp.type': ['CreateTime'],
};

/** Returns a message describing why the override is invalid, or null when it is acceptable. */
export function validateTopicConfig(name: string, value: string | null): string | null {
  if (!(name in TOPIC_CONFIG_DEFAULTS)) return `Unknown topic config name: ${name}`;
  if (value === null) return null;
  const invalid = `Invalid value ${value} for configuration ${name}`;
  if (LONG_KEYS.has(name) || INT_KEYS.has(name)) {
    if (!/^-?\d+$/.test(value))
      return `${invalid}: Not a number of type ${LONG_KEYS.has(name) ? 'LONG' : 'INT'}`;
    const n = Number(value);
    if (INT_KEYS.has(name) && (n > 2147483647 || n < 0)) return `${invalid}: Value must be at least 0`;
    if (name === 'min.insync.replicas' && n < 1) return `${invalid}: Value must be at least 1`;
    if ((name === 'retention.ms' || name === 'retention.bytes') && n < -1)
      return `${invalid}: Value must be at least -1`;
    return null;
  }
  if (BOOLEAN_KEYS.has(name))
    return value === 'true' || value === 'false'
      ? null
      : `${invalid}: Expected value to be either true or false`;
  if (name === 'cleanup.policy') {
    const parts = value.split(',').map((p) => p.trim());
    return parts.length > 0 && parts.every((p) => p === 'delete' || p === 'compact')
      ? null
      : `${invalid}: String must be one of: compact, delete`;
  }
  if (name === 'min.cleanable.dirty.ratio') {
    const n = Number(value);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? null : `${invalid}: Value must be between 0 and 1`;
  }
  const choices = CHOICES[name];
  if (choices && !choices.includes(value)) return `${invalid}: String must be one of: ${choices.join(', ')}`;
  return null;
}

/** Where a topic's effective value comes from: its own override, the broker's default, Kafka's default. */
export type ConfigOrigin = 'topic' | 'broker' | 'default';

/** The topic's configuration: explicit overrides over broker-level defaults over Kafka's defaults. */
export class TopicConfig {
  constructor(
    private readonly overrides: Map<string, string>,
    private readonly brokerDefaults: Readonly<Record<string, string>>,
  ) {}

  get(name: string): string {
    return this.overrides.get(name) ?? this.brokerDefaults[name] ?? TOPIC_CONFIG_DEFAULTS[name] ?? '';
  }

  source(name: string): ConfigOrigin {
    if (this.overrides.has(name)) return 'topic';
    return name in this.brokerDefaults ? 'broker' : 'default';
  }

  number(name: string): number {
    return Number(this.get(name));
  }

  get compacted(): boolean {
    return this.get('cleanup.policy').includes('compact');
  }

  get deletesOld(): boolean {
    return this.get('cleanup.policy').includes('delete');
  }

  names(): string[] {
    return Object.keys(TOPIC_CONFIG_DEFAULTS);
  }
}
