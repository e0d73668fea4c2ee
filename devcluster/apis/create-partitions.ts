// CreatePartitions v0-1 (controller only): grow a topic, optionally with explicit replica assignment.
import type { ApiHandler } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface CreatePartitionsRequest {
  topics: { name: string; count: number; assignments: number[][] | null }[];
  timeoutMs: number;
  validateOnly: boolean;
}

export interface CreatePartitionsResponse {
  results: { name: string; errorCode: number; errorMessage: string | null }[];
}

export function decodeCreatePartitionsRequest(r: Reader, _version: number): CreatePartitionsRequest {
  const topics = r.array((t) => ({
    name: t.string(),
    count: t.int32(),
    assignments: t.nullableArray((a) => a.array((b) => b.int32())),
  }));
  return { topics, timeoutMs: r.int32(), validateOnly: r.boolean() };
}

export function encodeCreatePartitionsResponse(_version: number, res: CreatePartitionsResponse): Writer {
  const w = new Writer(64 + res.results.length * 64);
  w.int32(0);
  w.array(res.results, (x, t) => x.string(t.name).int16(t.errorCode).nullableString(t.errorMessage));
  return w;
}

export const createPartitionsHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.CreatePartitions,
  minVersion: 0,
  maxVersion: 1,
  handle(cluster, ctx, body) {
    const req = decodeCreatePartitionsRequest(body, ctx.apiVersion);
    const notController = cluster.controllerId !== ctx.brokerId;
    return encodeCreatePartitionsResponse(ctx.apiVersion, {
      results: req.topics.map((t) => {
        const r = notController
          ? {
              code: ErrorCode.NOT_CONTROLLER,
              message: 'This is not the correct controller for this cluster.',
            }
          : cluster.createPartitions(
              t.name,
              t.count,
              t.assignments?.length ? t.assignments : null,
              req.validateOnly,
            );
        return { name: t.name, errorCode: r.code, errorMessage: r.message };
      }),
    });
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeCreatePartitionsRequest(body, ctx.apiVersion);
    return encodeCreatePartitionsResponse(ctx.apiVersion, {
      results: req.topics.map((t) => ({ name: t.name, errorCode: code, errorMessage: null })),
    });
  },
};
