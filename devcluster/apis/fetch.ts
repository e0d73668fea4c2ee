// Fetch v0-11. Batches go out as stored (never decompressed), only below the high watermark, within
// max_bytes and partition_max_bytes (the first batch of the response always, so consumers progress).
// Fetch v0-3 clients cannot read batches v2: they get them down-converted to message sets (magic 0 for
// v0-1, magic 1 for v2-3), and v0-2, which predate KIP-74, get a hard partition_max_bytes cut that may
// end in a partial message, as Kafka's raw log reads did.
// Long-poll: with fewer than min_bytes available the response waits up to max_wait_ms for new data.
// Fetch sessions are declined: every response carries session id 0, so clients send full requests.
import type { ApiHandler, RequestContext } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import type { Partition } from '../cluster/partition';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { downConvertBatch, UnsupportedCompressionError } from '../protocol/legacy-message-set';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

const MAX_INT32 = 0x7fffffff;

export interface FetchRequest {
  replicaId: number;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: {
    name: string;
    partitions: {
      index: number;
      currentLeaderEpoch: number;
      fetchOffset: number;
      logStartOffset: number;
      maxBytes: number;
    }[];
  }[];
  forgotten: { name: string; partitions: number[] }[];
  rackId: string;
}

export interface FetchPartitionResponse {
  index: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  abortedTransactions: { producerId: number; firstOffset: number }[];
  preferredReadReplica: number;
  records: Buffer[];
  recordsSize: number;
}

export interface FetchResponse {
  errorCode: number;
  sessionId: number;
  topics: { name: string; partitions: FetchPartitionResponse[] }[];
}

export function decodeFetchRequest(r: Reader, version: number): FetchRequest {
  const replicaId = r.int32();
  const maxWaitMs = r.int32();
  const minBytes = r.int32();
  const maxBytes = version >= 3 ? r.int32() : MAX_INT32;
  const isolationLevel = version >= 4 ? r.int8() : 0;
  const sessionId = version >= 7 ? r.int32() : 0;
  const sessionEpoch = version >= 7 ? r.int32() : -1;
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => ({
      index: p.int32(),
      currentLeaderEpoch: version >= 9 ? p.int32() : -1,
      fetchOffset: p.int64n(),
      logStartOffset: version >= 5 ? p.int64n() : -1,
      maxBytes: p.int32(),
    })),
  }));
  const forgotten =
    version >= 7 ? r.array((t) => ({ name: t.string(), partitions: t.array((p) => p.int32()) })) : [];
  const rackId = version >= 11 ? r.string() : '';
  return {
    replicaId,
    maxWaitMs,
    minBytes,
    maxBytes,
    isolationLevel,
    sessionId,
    sessionEpoch,
    topics,
    forgotten,
    rackId,
  };
}

export function encodeFetchResponse(version: number, res: FetchResponse): Writer {
  let size = 64;
  for (const t of res.topics) for (const p of t.partitions) size += 64 + t.name.length + p.recordsSize;
  const w = new Writer(size);
  if (version >= 1) w.int32(0);
  if (version >= 7) w.int16(res.errorCode).int32(res.sessionId);
  w.array(res.topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => {
      y.int32(p.index).int16(p.errorCode).int64(p.highWatermark);
      if (version >= 4) y.int64(p.lastStableOffset);
      if (version >= 5) y.int64(p.logStartOffset);
      if (version >= 4) y.array(p.abortedTransactions, (z, a) => z.int64(a.producerId).int64(a.firstOffset));
      if (version >= 11) y.int32(p.preferredReadReplica);
      y.int32(p.recordsSize);
      for (const b of p.records) y.raw(b);
    });
  });
  return w;
}

function partitionError(index: number, errorCode: number): FetchPartitionResponse {
  return {
    index,
    errorCode,
    highWatermark: -1,
    lastStableOffset: -1,
    logStartOffset: -1,
    abortedTransactions: [],
    preferredReadReplica: -1,
    records: [],
    recordsSize: 0,
  };
}

interface Collected {
  response: FetchResponse;
  bytes: number;
  failed: boolean;
}

function collect(cluster: Cluster, ctx: RequestContext, req: FetchRequest): Collected {
  let bytes = 0;
  let failed = false;
  const topics = req.topics.map((t) => ({
    name: t.name,
    partitions: t.partitions.map((fp): FetchPartitionResponse => {
      const p = cluster.partition(t.name, fp.index);
      const error = p
        ? readError(p, ctx, fp.currentLeaderEpoch, fp.fetchOffset)
        : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      if (error !== ErrorCode.NONE || !p) {
        failed = true;
        return partitionError(fp.index, error);
      }
      const log = p.log;
      const limit = Math.min(fp.maxBytes, Math.max(0, req.maxBytes - bytes));
      const read = log.read(fp.fetchOffset, p.highWatermark, limit, bytes === 0);
      bytes += read.size;
      return {
        index: fp.index,
        errorCode: ErrorCode.NONE,
        highWatermark: p.highWatermark,
        lastStableOffset: p.highWatermark,
        logStartOffset: log.logStartOffset,
        abortedTransactions: [],
        preferredReadReplica: -1,
        records: read.batches,
        recordsSize: read.size,
      };
    }),
  }));
  return { response: { errorCode: ErrorCode.NONE, sessionId: 0, topics }, bytes, failed };
}

function readError(
  p: Partition,
  ctx: RequestContext,
  currentLeaderEpoch: number,
  fetchOffset: number,
): number {
  if (p.deleted) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  if (p.leader !== ctx.brokerId) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
  // KIP-110: a topic configured for zstd is refused to clients too old to be sure to read zstd.
  if (ctx.apiVersion < 10 && p.config.get('compression.type') === 'zstd')
    return ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
  if (currentLeaderEpoch >= 0 && currentLeaderEpoch < p.leaderEpoch) return ErrorCode.FENCED_LEADER_EPOCH;
  if (currentLeaderEpoch > p.leaderEpoch) return ErrorCode.UNKNOWN_LEADER_EPOCH;
  const log = p.log;
  if (fetchOffset < log.logStartOffset || fetchOffset > log.endOffset) return ErrorCode.OFFSET_OUT_OF_RANGE;
  return ErrorCode.NONE;
}

/**
 * Rewrites the collected batches as message sets for Fetch v0-3, leaving out records before the fetch
 * offset. v3 keeps whole converted batches within the limits (the response's first always); v0-2 cut
 * each partition's message set at its partition_max_bytes. A zstd batch, which no message set can
 * carry, fails its partition with UNSUPPORTED_COMPRESSION_TYPE.
 */
async function downConvert(res: FetchResponse, req: FetchRequest, version: number): Promise<FetchResponse> {
  const magic = version <= 1 ? 0 : 1;
  let total = 0;
  const topics: FetchResponse['topics'] = [];
  for (const [ti, t] of res.topics.entries()) {
    const partitions: FetchPartitionResponse[] = [];
    for (const [pi, p] of t.partitions.entries()) {
      const fp = req.topics[ti]!.partitions[pi]!;
      const converted: Buffer[] = [];
      try {
        for (const batch of p.records) converted.push(await downConvertBatch(batch, magic, fp.fetchOffset));
      } catch (err) {
        if (!(err instanceof UnsupportedCompressionError)) throw err;
        partitions.push(partitionError(p.index, ErrorCode.UNSUPPORTED_COMPRESSION_TYPE));
        continue;
      }
      let records: Buffer[];
      if (version === 3) {
        records = [];
        let size = 0;
        for (const set of converted) {
          const fits = size + set.length <= fp.maxBytes && total + set.length <= req.maxBytes;
          if (!fits && total > 0) break;
          records.push(set);
          size += set.length;
          total += set.length;
        }
      } else {
        records = [Buffer.concat(converted).subarray(0, Math.max(0, fp.maxBytes))];
      }
      partitions.push({ ...p, records, recordsSize: records.reduce((n, b) => n + b.length, 0) });
    }
    topics.push({ name: t.name, partitions });
  }
  return { ...res, topics };
}

/** Resolves when any of the partitions changes (new data, leader change, deletion) or after `ms`. */
function waitForChange(partitions: Partition[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribes: (() => void)[] = [];
    const done = (): void => {
      clearTimeout(timer);
      for (const u of unsubscribes) u();
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const p of partitions) unsubscribes.push(p.subscribe(done));
  });
}

export const fetchHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.Fetch,
  minVersion: 0,
  maxVersion: 11,
  async handle(cluster, ctx, body) {
    const req = decodeFetchRequest(body, ctx.apiVersion);
    if (req.sessionId !== 0) {
      return encodeFetchResponse(ctx.apiVersion, {
        errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND,
        sessionId: 0,
        topics: [],
      });
    }
    const deadline = Date.now() + Math.max(0, req.maxWaitMs);
    for (;;) {
      const result = collect(cluster, ctx, req);
      const remaining = deadline - Date.now();
      if (result.bytes >= req.minBytes || result.failed || remaining <= 0) {
        const response =
          ctx.apiVersion < 4 ? await downConvert(result.response, req, ctx.apiVersion) : result.response;
        return encodeFetchResponse(ctx.apiVersion, response);
      }
      const partitions = req.topics.flatMap((t) =>
        t.partitions.map((fp) => cluster.partition(t.name, fp.index)!),
      );
      await waitForChange(partitions, remaining);
    }
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeFetchRequest(body, ctx.apiVersion);
    return encodeFetchResponse(ctx.apiVersion, {
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => partitionError(p.index, code)),
      })),
    });
  },
};
