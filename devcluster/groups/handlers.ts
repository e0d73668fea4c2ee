// Wire codecs for the group APIs (pre-flexible versions only) in front of the GroupCoordinator.
// Version ranges cover kafkajs 2.2.4, librdkafka 2.0 (kcat) and kafka-python 2.0, which each pick
// min(their max, ours). Group requests that reach a broker other than the group's coordinator get
// NOT_COORDINATOR, so clients look the coordinator up again as they would against Kafka.
import type { ApiHandler, RequestContext } from '../broker/handler';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import type { CoordinatorAddress, GroupClusterView } from './cluster-view';
import {
  joinError,
  syncError,
  type FetchedOffset,
  type GroupDescription,
  type GroupListing,
  type JoinResult,
  type LeaveResult,
  type LeavingMember,
  type SyncResult,
  type GroupCoordinator,
  type TopicPartitionError,
} from './coordinator';

export interface GroupDeps {
  coordinator: GroupCoordinator;
  view: GroupClusterView;
}

type GroupHandler = ApiHandler<GroupDeps>;

/** One group API as decode -> act -> encode, so injected failures reuse the same codec. */
interface GroupApi<Req, Res> {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
  decode(body: Reader, version: number): Req;
  act(deps: GroupDeps, ctx: RequestContext, req: Req): Res | Promise<Res>;
  /** The answer when the whole request fails with `code`. */
  fail(req: Req, code: number): Res;
  encode(res: Res, version: number): Writer;
}

function handlerFor<Req, Res>(api: GroupApi<Req, Res>): GroupHandler {
  return {
    apiKey: api.apiKey,
    minVersion: api.minVersion,
    maxVersion: api.maxVersion,
    handle(deps, ctx, body) {
      const res = api.act(deps, ctx, api.decode(body, ctx.apiVersion));
      return res instanceof Promise
        ? res.then((r) => api.encode(r, ctx.apiVersion))
        : api.encode(res, ctx.apiVersion);
    },
    errorResponse(_deps, ctx, body, code) {
      return api.encode(api.fail(api.decode(body, ctx.apiVersion), code), ctx.apiVersion);
    },
  };
}

const NO_THROTTLE = 0;
const COORDINATOR_KEY_GROUP = 0;

function coordinatorError(view: GroupClusterView, ctx: RequestContext, groupId: string): number {
  const coordinator = view.coordinatorFor(groupId);
  if (coordinator === null) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  return coordinator.nodeId === ctx.brokerId ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR;
}

// Kafka reports a member's host as "/<ip>".
function clientHost(remote: string): string {
  const match = /^\[?(.*?)\]?:\d+$/.exec(remote);
  return `/${match?.[1] ?? remote}`;
}

// Request buffers are not kept: copy anything the coordinator stores beyond this request.
function ownedBytes(r: Reader): Buffer {
  return Buffer.from(r.bytes());
}

function byTopic<T extends { topic: string }>(items: readonly T[]): [string, T[]][] {
  const topics = new Map<string, T[]>();
  for (const item of items) {
    const list = topics.get(item.topic);
    if (list) list.push(item);
    else topics.set(item.topic, [item]);
  }
  return [...topics];
}

const findCoordinator: GroupApi<
  { key: string; keyType: number },
  { errorCode: number; errorMessage: string | null; node: CoordinatorAddress | null }
> = {
  apiKey: ApiKey.FindCoordinator,
  minVersion: 0,
  maxVersion: 2,
  decode: (body, v) => ({ key: body.string(), keyType: v >= 1 ? body.int8() : COORDINATOR_KEY_GROUP }),
  act({ view }, _ctx, req) {
    if (req.keyType !== COORDINATOR_KEY_GROUP) {
      return {
        errorCode: ErrorCode.INVALID_REQUEST,
        errorMessage: 'devcluster coordinates consumer groups only (no transactions)',
        node: null,
      };
    }
    const node = view.coordinatorFor(req.key);
    return node === null
      ? this.fail(req, ErrorCode.COORDINATOR_NOT_AVAILABLE)
      : { errorCode: ErrorCode.NONE, errorMessage: null, node };
  },
  fail: (_req, code) => ({ errorCode: code, errorMessage: null, node: null }),
  encode(res, v) {
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    w.int16(res.errorCode);
    if (v >= 1) w.nullableString(res.errorMessage);
    return w
      .int32(res.node?.nodeId ?? -1)
      .string(res.node?.host ?? '')
      .int32(res.node?.port ?? -1);
  },
};

interface JoinGroupWire {
  groupId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  requireKnownMemberId: boolean;
}

const joinGroup: GroupApi<JoinGroupWire, JoinResult> = {
  apiKey: ApiKey.JoinGroup,
  minVersion: 0,
  maxVersion: 5,
  decode(body, v) {
    const groupId = body.string();
    const sessionTimeoutMs = body.int32();
    return {
      groupId,
      sessionTimeoutMs,
      // v0 has no rebalance timeout: Kafka uses the session timeout for both.
      rebalanceTimeoutMs: v >= 1 ? body.int32() : sessionTimeoutMs,
      memberId: body.string(),
      groupInstanceId: v >= 5 ? body.nullableString() : null,
      protocolType: body.string(),
      protocols: body.array((r) => ({ name: r.string(), metadata: ownedBytes(r) })),
      requireKnownMemberId: v >= 4,
    };
  },
  act({ coordinator, view }, ctx, req) {
    const notHere = coordinatorError(view, ctx, req.groupId);
    if (notHere !== ErrorCode.NONE) return this.fail(req, notHere);
    return coordinator.join({ ...req, clientId: ctx.clientId ?? '', clientHost: clientHost(ctx.remote) });
  },
  fail: (req, code) => joinError(code, req.memberId),
  encode(res, v) {
    const w = new Writer();
    if (v >= 2) w.int32(NO_THROTTLE);
    return w
      .int16(res.errorCode)
      .int32(res.generationId)
      .string(res.protocolName)
      .string(res.leaderId)
      .string(res.memberId)
      .array(res.members, (mw, m) => {
        mw.string(m.memberId);
        if (v >= 5) mw.nullableString(m.groupInstanceId);
        mw.bytes(m.metadata);
      });
  },
};

interface SyncGroupWire {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

const syncGroup: GroupApi<SyncGroupWire, SyncResult> = {
  apiKey: ApiKey.SyncGroup,
  minVersion: 0,
  maxVersion: 3,
  decode(body, v) {
    const groupId = body.string();
    const generationId = body.int32();
    const memberId = body.string();
    if (v >= 3) body.nullableString(); // group_instance_id: static membership is not modelled
    const assignments = body.array((r) => ({ memberId: r.string(), assignment: ownedBytes(r) }));
    return { groupId, generationId, memberId, assignments };
  },
  act({ coordinator, view }, ctx, req) {
    const notHere = coordinatorError(view, ctx, req.groupId);
    return notHere !== ErrorCode.NONE ? this.fail(req, notHere) : coordinator.sync(req);
  },
  fail: (_req, code) => syncError(code),
  encode(res, v) {
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    return w.int16(res.errorCode).bytes(res.assignment);
  },
};

const heartbeat: GroupApi<{ groupId: string; generationId: number; memberId: string }, number> = {
  apiKey: ApiKey.Heartbeat,
  minVersion: 0,
  maxVersion: 3,
  decode(body, v) {
    const req = { groupId: body.string(), generationId: body.int32(), memberId: body.string() };
    if (v >= 3) body.nullableString(); // group_instance_id
    return req;
  },
  act({ coordinator, view }, ctx, req) {
    const notHere = coordinatorError(view, ctx, req.groupId);
    return notHere !== ErrorCode.NONE ? notHere : coordinator.heartbeat(req);
  },
  fail: (_req, code) => code,
  encode(errorCode, v) {
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    return w.int16(errorCode);
  },
};

const leaveGroup: GroupApi<{ groupId: string; members: LeavingMember[] }, LeaveResult> = {
  apiKey: ApiKey.LeaveGroup,
  minVersion: 0,
  maxVersion: 3,
  decode(body, v) {
    const groupId = body.string();
    const members =
      v >= 3
        ? body.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() }))
        : [{ memberId: body.string(), groupInstanceId: null }];
    return { groupId, members };
  },
  act({ coordinator, view }, ctx, req) {
    const notHere = coordinatorError(view, ctx, req.groupId);
    return notHere !== ErrorCode.NONE ? this.fail(req, notHere) : coordinator.leave(req.groupId, req.members);
  },
  fail: (_req, code) => ({ errorCode: code, members: [] }),
  encode(res, v) {
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    if (v < 3) {
      // Before the batch form, the single member's outcome is the response's error.
      const memberError = res.members[0]?.errorCode ?? ErrorCode.NONE;
      return w.int16(res.errorCode !== ErrorCode.NONE ? res.errorCode : memberError);
    }
    return w.int16(res.errorCode).array(res.members, (mw, m) => {
      mw.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode);
    });
  },
};

interface OffsetCommitWire {
  groupId: string;
  generationId: number;
  memberId: string;
  offsets: { topic: string; partition: number; offset: number; metadata: string | null }[];
}

const offsetCommit: GroupApi<OffsetCommitWire, TopicPartitionError[]> = {
  apiKey: ApiKey.OffsetCommit,
  minVersion: 0,
  maxVersion: 5,
  decode(body, v) {
    const groupId = body.string();
    const generationId = v >= 1 ? body.int32() : -1;
    const memberId = v >= 1 ? body.string() : '';
    // retention_time (v2-v4): ignored, committed offsets are kept until the group is deleted.
    if (v >= 2 && v <= 4) body.int64();
    const offsets = body.array((t) => {
      const topic = t.string();
      return t.array((p) => {
        const partition = p.int32();
        const offset = p.int64n();
        if (v === 1) p.int64(); // commit_timestamp: the broker stamps commits itself
        return { topic, partition, offset, metadata: p.nullableString() };
      });
    });
    return { groupId, generationId, memberId, offsets: offsets.flat() };
  },
  act({ coordinator, view }, ctx, req) {
    const notHere = coordinatorError(view, ctx, req.groupId);
    return notHere !== ErrorCode.NONE ? this.fail(req, notHere) : coordinator.commitOffsets(req);
  },
  fail: (req, code) => req.offsets.map(({ topic, partition }) => ({ topic, partition, errorCode: code })),
  encode(results, v) {
    const w = new Writer();
    if (v >= 3) w.int32(NO_THROTTLE);
    return w.array(byTopic(results), (tw, [topic, partitions]) => {
      tw.string(topic).array(partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode);
      });
    });
  },
};

const offsetFetch: GroupApi<
  { groupId: string; partitions: { topic: string; partition: number }[] | null },
  { errorCode: number; offsets: FetchedOffset[] }
> = {
  apiKey: ApiKey.OffsetFetch,
  minVersion: 0,
  maxVersion: 4,
  decode(body, v) {
    const groupId = body.string();
    const readTopic = (t: Reader) => {
      const topic = t.string();
      return t.array((p) => ({ topic, partition: p.int32() }));
    };
    // Null topics (v2+) ask for every committed offset of the group.
    const topics = v >= 2 ? body.nullableArray(readTopic) : body.array(readTopic);
    return { groupId, partitions: topics === null ? null : topics.flat() };
  },
  act({ coordinator, view }, ctx, req) {
    const notHere = coordinatorError(view, ctx, req.groupId);
    return notHere !== ErrorCode.NONE
      ? this.fail(req, notHere)
      : coordinator.fetchOffsets(req.groupId, req.partitions);
  },
  fail: (req, code) => ({
    errorCode: code,
    // v0-v1 have no top-level error, so it goes on every partition too.
    offsets: (req.partitions ?? []).map((p) => ({ ...p, offset: -1, metadata: '', errorCode: code })),
  }),
  encode(res, v) {
    const w = new Writer();
    if (v >= 3) w.int32(NO_THROTTLE);
    w.array(byTopic(res.offsets), (tw, [topic, offsets]) => {
      tw.string(topic).array(offsets, (pw, p) => {
        pw.int32(p.partition).int64(p.offset).nullableString(p.metadata).int16(p.errorCode);
      });
    });
    if (v >= 2) w.int16(res.errorCode);
    return w;
  },
};

const listGroups: GroupApi<null, { errorCode: number; groups: GroupListing[] }> = {
  apiKey: ApiKey.ListGroups,
  minVersion: 0,
  maxVersion: 2,
  decode: () => null,
  act({ coordinator, view }, ctx) {
    // Each broker lists only the groups it coordinates; clients ask every broker and merge.
    const groups = coordinator
      .listGroups()
      .filter((g) => view.coordinatorFor(g.groupId)?.nodeId === ctx.brokerId);
    return { errorCode: ErrorCode.NONE, groups };
  },
  fail: (_req, code) => ({ errorCode: code, groups: [] }),
  encode(res, v) {
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    return w.int16(res.errorCode).array(res.groups, (gw, g) => {
      gw.string(g.groupId).string(g.protocolType);
    });
  },
};

type DescribedGroup = Omit<GroupDescription, 'state'> & { state: string };

function groupError(groupId: string, errorCode: number): DescribedGroup {
  // Kafka leaves the state empty when it cannot describe a group at all.
  return { errorCode, groupId, state: '', protocolType: '', protocolName: '', members: [] };
}

const describeGroups: GroupApi<string[], DescribedGroup[]> = {
  apiKey: ApiKey.DescribeGroups,
  minVersion: 0,
  maxVersion: 2,
  decode: (body) => body.array((r) => r.string()),
  act({ coordinator, view }, ctx, groupIds) {
    return groupIds.map((groupId) => {
      const notHere = coordinatorError(view, ctx, groupId);
      return notHere !== ErrorCode.NONE ? groupError(groupId, notHere) : coordinator.describeGroup(groupId);
    });
  },
  fail: (groupIds, code) => groupIds.map((groupId) => groupError(groupId, code)),
  encode(groups, v) {
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    return w.array(groups, (gw, g) => {
      gw.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolName);
      gw.array(g.members, (mw, m) => {
        mw.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
      });
    });
  },
};

const deleteGroups: GroupApi<string[], { groupId: string; errorCode: number }[]> = {
  apiKey: ApiKey.DeleteGroups,
  minVersion: 0,
  maxVersion: 1,
  decode: (body) => body.array((r) => r.string()),
  act({ coordinator, view }, ctx, groupIds) {
    return groupIds.map((groupId) => {
      const notHere = coordinatorError(view, ctx, groupId);
      return { groupId, errorCode: notHere !== ErrorCode.NONE ? notHere : coordinator.deleteGroup(groupId) };
    });
  },
  fail: (groupIds, code) => groupIds.map((groupId) => ({ groupId, errorCode: code })),
  encode: (results) =>
    new Writer().int32(NO_THROTTLE).array(results, (gw, r) => {
      gw.string(r.groupId).int16(r.errorCode);
    }),
};

export const groupHandlers: GroupHandler[] = [
  handlerFor(findCoordinator),
  handlerFor(joinGroup),
  handlerFor(syncGroup),
  handlerFor(heartbeat),
  handlerFor(leaveGroup),
  handlerFor(offsetCommit),
  handlerFor(offsetFetch),
  handlerFor(listGroups),
  handlerFor(describeGroups),
  handlerFor(deleteGroups),
];
