// CreateTopics v0-3 (answered by the controller only, like Kafka): partitions and replication factor
// (-1 = broker default) or an explicit assignment, configs, validate_only.
import type { ApiHandler } from '../broker/handler';
import type { Cluster, AdminResult } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface CreatableTopic {
  name: string;
  numPartitions: number;
  replicationFactor: number;
  assignments: { partitionIndex: number; brokerIds: number[] }[];
  configs: { name: string; value: string | null }[];
}

export interface CreateTopicsRequest {
  topics: CreatableTopic[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreateTopicsResponse {
  topics: { name: string; errorCode: number; errorMessage: string | null }[];
}

export function decodeCreateTopicsRequest(r: Reader, version: number): CreateTopicsRequest {
  const topics = r.array((t): CreatableTopic => ({
    name: t.string(),
    numPartitions: t.int32(),
    replicationFactor: t.int16(),
    assignments: t.array((a) => ({ partitionIndex: a.int32(), brokerIds: a.array((b) => b.int32()) })),
    configs: t.array((c) => ({ name: c.string(), value: c.nullableString() })),
  }));
  const timeoutMs = r.int32();
  const validateOnly = version >= 1 ? r.boolean() : false;
  return { topics, timeoutMs, validateOnly };
}

export function encodeCreateTopicsResponse(version: number, res: CreateTopicsResponse): Writer {
  const w = new Writer(64 + res.topics.length * 64);
  if (version >= 2) w.int32(0);
  w.array(res.topics, (x, t) => {
    x.string(t.name).int16(t.errorCode);
    if (version >= 1) x.nullableString(t.errorMessage);
  });
  return w;
}

function createOne(cluster: Cluster, t: CreatableTopic, validateOnly: boolean): AdminResult {
  let assignment: number[][] | null = null;
  if (t.assignments.length > 0) {
    const sorted = [...t.assignments].sort((a, b) => a.partitionIndex - b.partitionIndex);
    if (sorted.some((a, i) => a.partitionIndex !== i)) {
      return {
        code: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
        message: 'Partitions should be a consecutive 0-based integer sequence',
      };
    }
    assignment = sorted.map((a) => a.brokerIds);
  }
  const configs: Record<string, string | null> = {};
  for (const c of t.configs) configs[c.name] = c.value;
  return cluster.createTopic(
    {
      name: t.name,
      partitions: t.numPartitions,
      replicationFactor: t.replicationFactor,
      assignment,
      configs,
    },
    validateOnly,
  );
}

export const createTopicsHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.CreateTopics,
  minVersion: 0,
  maxVersion: 3,
  handle(cluster, ctx, body) {
    const req = decodeCreateTopicsRequest(body, ctx.apiVersion);
    const counts = new Map<string, number>();
    for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    const notController = cluster.controllerId !== ctx.brokerId;
    const topics = req.topics.map((t) => {
      let result: AdminResult;
      if (notController)
        result = {
          code: ErrorCode.NOT_CONTROLLER,
          message: 'This is not the correct controller for this cluster.',
        };
      else if (counts.get(t.name)! > 1)
        result = {
          code: ErrorCode.INVALID_REQUEST,
          message: `Topic ${t.name} appears more than once in the request`,
        };
      else result = createOne(cluster, t, req.validateOnly);
      return { name: t.name, errorCode: result.code, errorMessage: result.message };
    });
    return encodeCreateTopicsResponse(ctx.apiVersion, { topics });
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeCreateTopicsRequest(body, ctx.apiVersion);
    return encodeCreateTopicsResponse(ctx.apiVersion, {
      topics: req.topics.map((t) => ({ name: t.name, errorCode: code, errorMessage: null })),
    });
  },
};
