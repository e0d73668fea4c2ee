// ListOffsets v0-3: earliest (-2) is the log start offset, latest (-1) the high watermark, any other
// timestamp the first record at or after it (records are decoded for that, compressed or not).
import type { ApiHandler, RequestContext } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import type { Partition } from '../cluster/partition';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { decodeRecords, readBatchHeader } from '../protocol/record-batch';
import { Writer } from '../protocol/writer';

export const LATEST_TIMESTAMP = -1;
export const EARLIEST_TIMESTAMP = -2;

export interface ListOffsetsRequest {
  replicaId: number;
  isolationLevel: number;
  topics: { name: string; partitions: { index: number; timestamp: number; maxNumOffsets: number }[] }[];
}

export interface ListOffsetsPartitionResponse {
  index: number;
  errorCode: number;
  /** v0 only. */
  oldStyleOffsets: number[];
  timestamp: number;
  offset: number;
}

export interface ListOffsetsResponse {
  topics: { name: string; partitions: ListOffsetsPartitionResponse[] }[];
}

export function decodeListOffsetsRequest(r: Reader, version: number): ListOffsetsRequest {
  const replicaId = r.int32();
  const isolationLevel = version >= 2 ? r.int8() : 0;
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => ({
      index: p.int32(),
      timestamp: p.int64n(),
      maxNumOffsets: version === 0 ? p.int32() : 1,
    })),
  }));
  return { replicaId, isolationLevel, topics };
}

export function encodeListOffsetsResponse(version: number, res: ListOffsetsResponse): Writer {
  const w = new Writer(64 + res.topics.length * 64);
  if (version >= 2) w.int32(0);
  w.array(res.topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => {
      y.int32(p.index).int16(p.errorCode);
      if (version === 0) y.array(p.oldStyleOffsets, (z, o) => z.int64(o));
      else y.int64(p.timestamp).int64(p.offset);
    });
  });
  return w;
}

function failed(index: number, errorCode: number): ListOffsetsPartitionResponse {
  return { index, errorCode, oldStyleOffsets: [], timestamp: -1, offset: -1 };
}

/** The first record (below the high watermark) whose timestamp is at or after `target`. */
async function offsetForTimestamp(
  p: Partition,
  target: number,
): Promise<{ offset: number; timestamp: number } | null> {
  const log = p.log;
  for (const e of log.entries) {
    if (e.baseOffset >= p.highWatermark) break;
    if (e.maxTimestamp < target) continue;
    const header = readBatchHeader(e.bytes);
    try {
      for (const r of await decodeRecords(e.bytes)) {
        const offset = e.baseOffset + r.offsetDelta;
        const timestamp = header.firstTimestamp + r.timestampDelta;
        if (offset >= log.logStartOffset && timestamp >= target) return { offset, timestamp };
      }
    } catch {
      return { offset: Math.max(e.baseOffset, log.logStartOffset), timestamp: e.maxTimestamp };
    }
  }
  return null;
}

async function listPartition(
  cluster: Cluster,
  ctx: RequestContext,
  topic: string,
  req: { index: number; timestamp: number },
): Promise<ListOffsetsPartitionResponse> {
  const p = cluster.partition(topic, req.index);
  if (!p) return failed(req.index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (p.leader !== ctx.brokerId) return failed(req.index, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  let found: { offset: number; timestamp: number } | null;
  if (req.timestamp === EARLIEST_TIMESTAMP) found = { offset: p.log.logStartOffset, timestamp: -1 };
  else if (req.timestamp === LATEST_TIMESTAMP) found = { offset: p.highWatermark, timestamp: -1 };
  else found = await offsetForTimestamp(p, req.timestamp);
  return {
    index: req.index,
    errorCode: ErrorCode.NONE,
    oldStyleOffsets: found ? [found.offset] : [],
    timestamp: found?.timestamp ?? -1,
    offset: found?.offset ?? -1,
  };
}

export const listOffsetsHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.ListOffsets,
  minVersion: 0,
  maxVersion: 3,
  async handle(cluster, ctx, body) {
    const req = decodeListOffsetsRequest(body, ctx.apiVersion);
    const res: ListOffsetsResponse = { topics: [] };
    for (const t of req.topics) {
      res.topics.push({
        name: t.name,
        partitions: await Promise.all(t.partitions.map((p) => listPartition(cluster, ctx, t.name, p))),
      });
    }
    return encodeListOffsetsResponse(ctx.apiVersion, res);
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeListOffsetsRequest(body, ctx.apiVersion);
    return encodeListOffsetsResponse(ctx.apiVersion, {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => failed(p.index, code)),
      })),
    });
  },
};
