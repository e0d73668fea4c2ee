// Produce v0-7. Each partition's record set becomes exactly one stored batch v2: v3-7 must send one
// valid batch, stored as sent with only its base offset and leader epoch stamped; v0-2 send legacy
// message sets (magic 0 or 1), converted to one batch v2 in the producer's codec, as Kafka 3.x does.
// acks=0 gets no response, acks=1 is answered after the leader's append, acks=-1 once the ISR holds it.
import type { ApiHandler, RequestContext } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Compression } from '../protocol/compression';
import { parseLegacyMessageSet, UnsupportedCompressionError } from '../protocol/legacy-message-set';
import { ProtocolDecodeError, type Reader } from '../protocol/reader';
import {
  compressionOf,
  encodeBatch,
  isTransactional,
  readBatchHeader,
  splitProducedBatches,
  type BatchHeader,
} from '../protocol/record-batch';
import { Writer } from '../protocol/writer';

export interface ProduceRequest {
  transactionalId: string | null;
  acks: number;
  timeoutMs: number;
  topics: { name: string; partitions: { index: number; records: Buffer | null }[] }[];
}

export interface ProducePartitionResponse {
  index: number;
  errorCode: number;
  baseOffset: number;
  logAppendTimeMs: number;
  logStartOffset: number;
}

export interface ProduceResponse {
  topics: { name: string; partitions: ProducePartitionResponse[] }[];
}

export function decodeProduceRequest(r: Reader, version: number): ProduceRequest {
  const transactionalId = version >= 3 ? r.nullableString() : null;
  const acks = r.int16();
  const timeoutMs = r.int32();
  const topics = r.array((t) => ({
    name: t.string(),
    partitions: t.array((p) => ({ index: p.int32(), records: p.nullableBytes() })),
  }));
  return { transactionalId, acks, timeoutMs, topics };
}

export function encodeProduceResponse(version: number, res: ProduceResponse): Writer {
  const w = new Writer(64 + res.topics.length * 64);
  w.array(res.topics, (x, t) => {
    x.string(t.name);
    x.array(t.partitions, (y, p) => {
      y.int32(p.index).int16(p.errorCode).int64(p.baseOffset);
      if (version >= 2) y.int64(p.logAppendTimeMs);
      if (version >= 5) y.int64(p.logStartOffset);
    });
  });
  if (version >= 1) w.int32(0);
  return w;
}

/** The magic byte sits at the same position in a legacy message and in a record batch. */
const MAGIC_OFFSET = 16;

function failed(index: number, errorCode: number): ProducePartitionResponse {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 };
}

async function producePartition(
  cluster: Cluster,
  ctx: RequestContext,
  req: ProduceRequest,
  topic: string,
  index: number,
  records: Buffer | null,
): Promise<ProducePartitionResponse> {
  const p = cluster.partition(topic, index);
  if (!p) return failed(index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  if (p.leader !== ctx.brokerId) return failed(index, ErrorCode.NOT_LEADER_OR_FOLLOWER);
  if (req.acks !== 0 && req.acks !== 1 && req.acks !== -1)
    return failed(index, ErrorCode.INVALID_REQUIRED_ACKS);
  const batch = storedBatch(ctx.apiVersion, records ?? Buffer.alloc(0));
  if ('code' in batch) return failed(index, batch.code);
  // Transactions are not implemented; refusing is better than storing batches no one can commit.
  if (req.transactionalId !== null || isTransactional(batch.header.attributes))
    return failed(index, ErrorCode.INVALID_REQUEST);
  if (batch.bytes.length > p.config.number('max.message.bytes'))
    return failed(index, ErrorCode.MESSAGE_TOO_LARGE);
  if (req.acks === -1 && p.isr.length < p.minInsyncReplicas)
    return failed(index, ErrorCode.NOT_ENOUGH_REPLICAS);
  // Without timestamps (magic 0), Kafka's retention goes by the segment's modification time, which here
  // is the append time.
  const header = batch.header.maxTimestamp < 0 ? { ...batch.header, maxTimestamp: Date.now() } : batch.header;
  const appended = p.append(header, batch.bytes);
  if (!('entry' in appended)) return failed(index, appended.code);
  const errorCode =
    req.acks === -1 ? await p.awaitCommitted(appended.entry, ctx.brokerId, req.timeoutMs) : ErrorCode.NONE;
  if (errorCode !== ErrorCode.NONE) return failed(index, errorCode);
  return {
    index,
    errorCode,
    baseOffset: appended.entry.baseOffset,
    logAppendTimeMs: -1,
    logStartOffset: p.log.logStartOffset,
  };
}

/** The batch v2 a partition's record set is stored as, or the error Kafka answers instead. */
function storedBatch(
  version: number,
  records: Buffer,
): { header: BatchHeader; bytes: Buffer } | { code: number } {
  try {
    if (version < 3 && records.length > MAGIC_OFFSET && records.readInt8(MAGIC_OFFSET) < 2) {
      const legacy = parseLegacyMessageSet(records);
      const bytes = encodeBatch(legacy.records, legacy.codec);
      return { header: readBatchHeader(bytes), bytes };
    }
    const batches = splitProducedBatches(records);
    const batch = batches[0]!;
    if (batches.length !== 1) return { code: ErrorCode.CORRUPT_MESSAGE };
    // KIP-110: zstd needs Produce v7, so brokers know the client can also fetch it.
    if (version < 7 && compressionOf(batch.header.attributes) === Compression.Zstd)
      return { code: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE };
    return batch;
  } catch (err) {
    if (err instanceof ProtocolDecodeError) return { code: ErrorCode.CORRUPT_MESSAGE };
    if (err instanceof UnsupportedCompressionError) return { code: ErrorCode.UNSUPPORTED_COMPRESSION_TYPE };
    throw err;
  }
}

export const produceHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.Produce,
  minVersion: 0,
  maxVersion: 7,
  async handle(cluster, ctx, body) {
    const req = decodeProduceRequest(body, ctx.apiVersion);
    // Every partition is appended before anything awaits, so appends keep the request's order.
    const topics = req.topics.map((t) => ({
      name: t.name,
      partitions: Promise.all(
        t.partitions.map((p) => producePartition(cluster, ctx, req, t.name, p.index, p.records)),
      ),
    }));
    const res: ProduceResponse = { topics: [] };
    for (const t of topics) res.topics.push({ name: t.name, partitions: await t.partitions });
    return req.acks === 0 ? null : encodeProduceResponse(ctx.apiVersion, res);
  },
  errorResponse(_cluster, ctx, body, code) {
    const req = decodeProduceRequest(body, ctx.apiVersion);
    return encodeProduceResponse(ctx.apiVersion, {
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => failed(p.index, code)),
      })),
    });
  },
};
