// The contract between the broker's network layer and the per-API handlers.
// A handler decodes the request body (after the request header), acts on the cluster, and returns the
// response body (without the correlation id, which the network layer writes). Handlers for one concern
// live together (e.g. devcluster/groups/handlers.ts) and are collected into the broker's dispatch table.
import type { Reader } from '../protocol/reader';
import type { Writer } from '../protocol/writer';

export interface RequestContext {
  /** Id of the broker that received the request. */
  brokerId: number;
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** Address of the client, for logs and fault injection. */
  remote: string;
}

export interface ApiHandler<Deps> {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
  /**
   * Returns the response body, or null when the request needs no response (Produce with acks=0).
   * May be async (long-poll Fetch, acks=all waiting for replication, JoinGroup barrier).
   */
  handle(deps: Deps, ctx: RequestContext, body: Reader): Promise<Writer | null> | Writer | null;
  /**
   * The response this request gets when it fails as a whole with `code`, every topic/partition/group
   * error set to it, without acting on the cluster. Used by fault injection ("inject N errors").
   */
  errorResponse?(deps: Deps, ctx: RequestContext, body: Reader, code: number): Writer;
}
