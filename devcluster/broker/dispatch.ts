// The broker's dispatch table: one entry per API key, each a handler bound to its dependencies, so
// handlers with different dependency types (cluster APIs, group APIs) sit side by side.
import type { ApiHandler, RequestContext } from './handler';
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';

export interface DispatchEntry {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
  handle(ctx: RequestContext, body: Reader): Promise<Writer | null> | Writer | null;
  errorResponse: ((ctx: RequestContext, body: Reader, code: number) => Writer) | null;
}

export function bindHandler<Deps>(handler: ApiHandler<Deps>, deps: Deps): DispatchEntry {
  const { errorResponse } = handler;
  return {
    apiKey: handler.apiKey,
    minVersion: handler.minVersion,
    maxVersion: handler.maxVersion,
    handle: (ctx, body) => handler.handle(deps, ctx, body),
    errorResponse: errorResponse
      ? (ctx, body, code) => errorResponse.call(handler, deps, ctx, body, code)
      : null,
  };
}

export class DispatchTable {
  private readonly entries = new Map<number, DispatchEntry>();

  add(entry: DispatchEntry): this {
    if (this.entries.has(entry.apiKey)) throw new Error(`API key ${entry.apiKey} registered twice`);
    this.entries.set(entry.apiKey, entry);
    return this;
  }

  get(apiKey: number): DispatchEntry | undefined {
    return this.entries.get(apiKey);
  }

  /** Every API with its version range, in key order (what ApiVersions advertises). */
  list(): DispatchEntry[] {
    return [...this.entries.values()].sort((a, b) => a.apiKey - b.apiKey);
  }
}
