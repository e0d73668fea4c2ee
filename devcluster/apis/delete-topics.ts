// DeleteTopics v0-1 (controller only).
import type { ApiHandler } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface DeleteTopicsRequest {
  topics: string[];
  timeoutMs: number;
}

export interface DeleteTopicsResponse {
  topics: { name: string; errorCode: number }[];
}

export function decodeDeleteTopicsRequest(r: Reader, _version: number): DeleteTopicsRequest {
  return { topics: r.array((x) => x.string()), timeoutMs: r.int32() };
}

export function encodeDeleteTopicsResponse(version: number, res: DeleteTopicsResponse): Writer {
  const w = new Writer(64 + res.topics.length * 32);
  if (version >= 1) w.int32(0);
  w.array(res.topics, (x, t) => x.string(t.name).int16(t.errorCode));
  return w;
}

export const deleteTopicsHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.DeleteTopics,
  minVersion: 0,
  maxVersion: 1,
  handle(cluster, ctx, body) {
    const req = decodeDeleteTopicsRequest(body, ctx.apiVersion);
    const notController = cluster.controllerId !== ctx.brokerId;
    return encodeDeleteTopicsResponse(ctx.apiVersion, {
      topics: req.topics.map((name) => ({
        name,
        errorCode: notController ? ErrorCode.NOT_CONTROLLER : cluster.deleteTopic(name).code,
      })),
    });
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeDeleteTopicsRequest(body, ctx.apiVersion);
    return encodeDeleteTopicsResponse(ctx.apiVersion, {
      topics: req.topics.map((name) => ({ name, errorCode: code })),
    });
  },
};
