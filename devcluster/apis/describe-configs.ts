// DescribeConfigs v0-2 for topic (2) and broker (4) resources.
import type { ApiHandler } from '../broker/handler';
import {
  ConfigSource,
  describeBrokerConfig,
  describeTopicConfig,
  type DescribedConfig,
} from '../cluster/broker-config';
import type { Cluster } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export const ResourceType = { TOPIC: 2, BROKER: 4 } as const;

export interface DescribeConfigsRequest {
  resources: { type: number; name: string; configNames: string[] | null }[];
  includeSynonyms: boolean;
}

export interface DescribeConfigsResult {
  errorCode: number;
  errorMessage: string | null;
  type: number;
  name: string;
  configs: DescribedConfig[];
}

export interface DescribeConfigsResponse {
  results: DescribeConfigsResult[];
}

export function decodeDescribeConfigsRequest(r: Reader, version: number): DescribeConfigsRequest {
  const resources = r.array((x) => ({
    type: x.int8(),
    name: x.string(),
    configNames: x.nullableArray((y) => y.string()),
  }));
  return { resources, includeSynonyms: version >= 1 ? r.boolean() : false };
}

export function encodeDescribeConfigsResponse(version: number, res: DescribeConfigsResponse): Writer {
  const w = new Writer(256 + res.results.length * 2048);
  w.int32(0);
  w.array(res.results, (x, r) => {
    x.int16(r.errorCode).nullableString(r.errorMessage).int8(r.type).string(r.name);
    x.array(r.configs, (y, c) => {
      y.string(c.name).nullableString(c.value).boolean(c.readOnly);
      if (version === 0) y.boolean(c.source === ConfigSource.DEFAULT);
      else y.int8(c.source);
      y.boolean(c.isSensitive);
      if (version >= 1)
        y.array(c.synonyms, (z, s) => z.string(s.name).nullableString(s.value).int8(s.source));
    });
  });
  return w;
}

function describe(cluster: Cluster, type: number, name: string): DescribeConfigsResult {
  const base = { type, name, errorCode: ErrorCode.NONE, errorMessage: null, configs: [] };
  if (type === ResourceType.TOPIC) {
    const topic = cluster.topics.get(name);
    if (!topic)
      return {
        ...base,
        errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        errorMessage: `Topic '${name}' does not exist.`,
      };
    return { ...base, configs: describeTopicConfig(cluster, topic) };
  }
  if (type === ResourceType.BROKER) {
    const id = name === '' ? cluster.controllerId : Number(name);
    if (!/^\d*$/.test(name) || !cluster.brokers.has(id)) {
      return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unknown broker id ${name}` };
    }
    return { ...base, configs: describeBrokerConfig(cluster, id) };
  }
  return { ...base, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unsupported resource type ${type}` };
}

export const describeConfigsHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.DescribeConfigs,
  minVersion: 0,
  maxVersion: 2,
  handle(cluster, ctx, body) {
    const req = decodeDescribeConfigsRequest(body, ctx.apiVersion);
    const results = req.resources.map((r) => {
      const result = describe(cluster, r.type, r.name);
      const wanted = r.configNames && r.configNames.length > 0 ? new Set(r.configNames) : null;
      const configs = result.configs
        .filter((c) => !wanted || wanted.has(c.name))
        .map((c) => (req.includeSynonyms ? c : { ...c, synonyms: [] }));
      return { ...result, configs };
    });
    return encodeDescribeConfigsResponse(ctx.apiVersion, { results });
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeDescribeConfigsRequest(body, ctx.apiVersion);
    return encodeDescribeConfigsResponse(ctx.apiVersion, {
      results: req.resources.map((r) => ({
        errorCode: code,
        errorMessage: null,
        type: r.type,
        name: r.name,
        configs: [],
      })),
    });
  },
};
