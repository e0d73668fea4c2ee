// DeleteRecords v0-1: moves a partition's log start offset (-1 = up to the high watermark) on every
// replica at once and answers with the new low watermark.
import type { ApiHandler, RequestContext } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface DeleteRecordsRequest {
  topics: { name: string; partitions: { index: number; offset: number }[] }[];
  timeoutMs: number;
}

export interface DeleteRecordsResponse {
  topics: { name: string; partitions: { index: number; lowWatermark: number; errorCode: number }[] }[];
}

export function decodeDeleteRecordsRequest(r: Reader, _version: number): DeleteRecordsRequest {
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => ({ index: p.int32(), offset: p.int64n() })),
  }));
  return { topics, timeoutMs: r.int32() };
}

export function encodeDeleteRecordsResponse(_version: number, res: DeleteRecordsResponse): Writer {
  const w = new Writer(64 + res.topics.length * 64);
  w.int32(0);
  w.array(res.topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => y.int32(p.index).int64(p.lowWatermark).int16(p.errorCode));
  });
  return w;
}

function deleteUpTo(
  cluster: Cluster,
  ctx: RequestContext,
  topic: string,
  index: number,
  offset: number,
): { lowWatermark: number; errorCode: number } {
  const p = cluster.partition(topic, index);
  if (!p) return { lowWatermark: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  if (p.leader !== ctx.brokerId) return { lowWatermark: -1, errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER };
  const target = offset === -1 ? p.highWatermark : offset;
  if (target < 0 || target > p.highWatermark)
    return { lowWatermark: -1, errorCode: ErrorCode.OFFSET_OUT_OF_RANGE };
  for (const log of p.logs.values()) log.advanceStart(target);
  p.notify();
  return { lowWatermark: p.log.logStartOffset, errorCode: ErrorCode.NONE };
}

export const deleteRecordsHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.DeleteRecords,
  minVersion: 0,
  maxVersion: 1,
  handle(cluster, ctx, body) {
    const req = decodeDeleteRecordsRequest(body, ctx.apiVersion);
    return encodeDeleteRecordsResponse(ctx.apiVersion, {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          index: p.index,
          ...deleteUpTo(cluster, ctx, t.name, p.index, p.offset),
        })),
      })),
    });
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeDeleteRecordsRequest(body, ctx.apiVersion);
    return encodeDeleteRecordsResponse(ctx.apiVersion, {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ index: p.index, lowWatermark: -1, errorCode: code })),
      })),
    });
  },
};
