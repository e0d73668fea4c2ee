// Kafka API keys the embedded cluster knows about (numbers from the Kafka protocol spec).
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  DeleteRecords: 21,
  InitProducerId: 22,
  DescribeConfigs: 32,
  CreatePartitions: 37,
  DeleteGroups: 42,
} as const;

export type ApiKeyNumber = (typeof ApiKey)[keyof typeof ApiKey];

export function apiName(key: number): string {
  for (const [name, value] of Object.entries(ApiKey)) if (value === key) return name;
  return `api-${key}`;
}
