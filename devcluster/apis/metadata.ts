// Metadata v0-6: live brokers, the controller, and topics with leader, replicas, ISR and offline
// replicas. Missing topics are created when auto-creation is on (cluster setting, and the request's
// allow_auto_topic_creation from v4); a partition without a leader reports LEADER_NOT_AVAILABLE.
import type { ApiHandler } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import { validateTopicName } from '../cluster/assignment';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface MetadataRequest {
  /** null = all topics. */
  topics: string[] | null;
  allowAutoTopicCreation: boolean;
}

export interface MetadataBroker {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

export interface MetadataPartition {
  errorCode: number;
  partitionIndex: number;
  leaderId: number;
  replicaNodes: number[];
  isrNodes: number[];
  offlineReplicas: number[];
}

export interface MetadataTopic {
  errorCode: number;
  name: string;
  isInternal: boolean;
  partitions: MetadataPartition[];
}

export interface MetadataResponse {
  brokers: MetadataBroker[];
  clusterId: string | null;
  controllerId: number;
  topics: MetadataTopic[];
}

export function decodeMetadataRequest(r: Reader, version: number): MetadataRequest {
  if (version === 0) {
    const topics = r.array((x) => x.string());
    return { topics: topics.length === 0 ? null : topics, allowAutoTopicCreation: true };
  }
  const topics = r.nullableArray((x) => x.string());
  const allowAutoTopicCreation = version >= 4 ? r.boolean() : true;
  return { topics, allowAutoTopicCreation };
}

export function encodeMetadataResponse(version: number, res: MetadataResponse): Writer {
  const w = new Writer(256 + res.topics.length * 64);
  if (version >= 3) w.int32(0);
  w.array(res.brokers, (x, b) => {
    x.int32(b.nodeId).string(b.host).int32(b.port);
    if (version >= 1) x.nullableString(b.rack);
  });
  if (version >= 2) w.nullableString(res.clusterId);
  if (version >= 1) w.int32(res.controllerId);
  w.array(res.topics, (x, t) => {
    x.int16(t.errorCode).string(t.name);
    if (version >= 1) x.boolean(t.isInternal);
    x.array(t.partitions, (y, p) => {
      y.int16(p.errorCode).int32(p.partitionIndex).int32(p.leaderId);
      y.array(p.replicaNodes, (z, id) => z.int32(id));
      y.array(p.isrNodes, (z, id) => z.int32(id));
      if (version >= 5) y.array(p.offlineReplicas, (z, id) => z.int32(id));
    });
  });
  return w;
}

function describeTopic(cluster: Cluster, name: string): MetadataTopic | null {
  const topic = cluster.topics.get(name);
  if (!topic) return null;
  return {
    errorCode: ErrorCode.NONE,
    name,
    isInternal: false,
    partitions: topic.partitions.map((p) => ({
      errorCode: p.leader < 0 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
      partitionIndex: p.index,
      leaderId: p.leader,
      replicaNodes: p.replicas,
      isrNodes: p.isr,
      offlineReplicas: p.offlineReplicas(),
    })),
  };
}

function brokersOf(cluster: Cluster): MetadataBroker[] {
  return cluster.liveBrokers().map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: null }));
}

function missingTopic(cluster: Cluster, name: string, allowAutoCreate: boolean): MetadataTopic {
  const empty = { name, isInternal: false, partitions: [] };
  const nameProblem = validateTopicName(name);
  if (nameProblem) return { ...empty, errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION };
  if (!allowAutoCreate || !cluster.settings.autoCreateTopics)
    return { ...empty, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  const created = cluster.autoCreateTopic(name);
  if (created.code !== ErrorCode.NONE) return { ...empty, errorCode: ErrorCode.LEADER_NOT_AVAILABLE };
  return describeTopic(cluster, name)!;
}

export const metadataHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.Metadata,
  minVersion: 0,
  maxVersion: 6,
  handle(cluster, ctx, body) {
    const req = decodeMetadataRequest(body, ctx.apiVersion);
    const names = req.topics ?? [...cluster.topics.keys()].sort();
    const topics = names.map(
      (name) => describeTopic(cluster, name) ?? missingTopic(cluster, name, req.allowAutoTopicCreation),
    );
    return encodeMetadataResponse(ctx.apiVersion, {
      brokers: brokersOf(cluster),
      clusterId: cluster.settings.clusterId,
      controllerId: cluster.controllerId,
      topics,
    });
  },
  errorResponse(cluster, ctx, body, code) {
    const req = decodeMetadataRequest(body, ctx.apiVersion);
    const names = req.topics ?? [...cluster.topics.keys()].sort();
    return encodeMetadataResponse(ctx.apiVersion, {
      brokers: brokersOf(cluster),
      clusterId: cluster.settings.clusterId,
      controllerId: cluster.controllerId,
      topics: names.map((name) => ({ errorCode: code, name, isInternal: false, partitions: [] })),
    });
  },
};
