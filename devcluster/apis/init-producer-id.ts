// InitProducerId v0-1 for idempotent (non-transactional) producers: a fresh producer id, epoch 0.
import type { ApiHandler } from '../broker/handler';
import type { Cluster } from '../cluster/cluster';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';

export interface InitProducerIdRequest {
  transactionalId: string | null;
  transactionTimeoutMs: number;
}

export interface InitProducerIdResponse {
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

export function decodeInitProducerIdRequest(r: Reader, _version: number): InitProducerIdRequest {
  return { transactionalId: r.nullableString(), transactionTimeoutMs: r.int32() };
}

export function encodeInitProducerIdResponse(_version: number, res: InitProducerIdResponse): Writer {
  return new Writer(32).int32(0).int16(res.errorCode).int64(res.producerId).int16(res.producerEpoch);
}

export const initProducerIdHandler: ApiHandler<Cluster> = {
  apiKey: ApiKey.InitProducerId,
  minVersion: 0,
  maxVersion: 1,
  handle(cluster, ctx, body) {
    const req = decodeInitProducerIdRequest(body, ctx.apiVersion);
    // Transactions are not implemented: a transactional producer is refused here, up front.
    if (req.transactionalId !== null) {
      return encodeInitProducerIdResponse(ctx.apiVersion, {
        errorCode: ErrorCode.INVALID_REQUEST,
        producerId: -1,
        producerEpoch: -1,
      });
    }
    return encodeInitProducerIdResponse(ctx.apiVersion, {
      errorCode: ErrorCode.NONE,
      producerId: cluster.nextProducerId(),
      producerEpoch: 0,
    });
  },
  errorResponse(_cluster, ctx, body, code) {
    decodeInitProducerIdRequest(body, ctx.apiVersion);
    return encodeInitProducerIdResponse(ctx.apiVersion, {
      errorCode: code,
      producerId: -1,
      producerEpoch: -1,
    });
  },
};
