// ApiVersions v0-2: advertises exactly the APIs and versions in the dispatch table.
import type { ApiHandler } from '../broker/handler';
import type { DispatchTable } from '../broker/dispatch';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';

export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

export interface ApiVersionsResponse {
  errorCode: number;
  apis: ApiVersionRange[];
}

export function encodeApiVersionsResponse(version: number, res: ApiVersionsResponse): Writer {
  const w = new Writer(16 + res.apis.length * 6);
  w.int16(res.errorCode);
  w.array(res.apis, (w2, api) => w2.int16(api.apiKey).int16(api.minVersion).int16(api.maxVersion));
  if (version >= 1) w.int32(0);
  return w;
}

export function advertisedVersions(table: DispatchTable): ApiVersionRange[] {
  return table.list().map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion }));
}

/**
 * Clients that start with a newer ApiVersions (librdkafka sends v3) get error 35 in the v0 layout with
 * the full list, and retry with the highest version we list.
 */
export function unsupportedApiVersionsResponse(table: DispatchTable): Writer {
  return encodeApiVersionsResponse(0, {
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apis: advertisedVersions(table),
  });
}

export const apiVersionsHandler: ApiHandler<DispatchTable> = {
  apiKey: ApiKey.ApiVersions,
  minVersion: 0,
  maxVersion: 2,
  // v0-2 requests have an empty body.
  handle(table, ctx) {
    return encodeApiVersionsResponse(ctx.apiVersion, {
      errorCode: ErrorCode.NONE,
      apis: advertisedVersions(table),
    });
  },
  errorResponse(_table, ctx, _body, code) {
    return encodeApiVersionsResponse(ctx.apiVersion, { errorCode: code, apis: [] });
  },
};
