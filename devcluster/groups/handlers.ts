// Wire codecs for the group APIs (pre-flexible versions only) in front of the GroupCoordinator.
// Version ranges cover kafkajs 2.2.4, librdkafka 2.0 (kcat) and kafka-python 2.0, which each pick
// min(their max, ours). Group requests that reach a broker other than the group's coordinator get
// NOT_COORDINATOR, so clients look the coordinator up again as they would against Kafka.
import type { ApiHandler, RequestContext } from '../broker/handler';
import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import type { Reader } from '../protocol/reader';
import { Writer } from '../protocol/writer';
import type { GroupClusterView } from './cluster-view';
import { joinError, syncError, type GroupCoordinator, type LeavingMember } from './coordinator';

export interface GroupDeps {
  coordinator: GroupCoordinator;
  view: GroupClusterView;
}

type GroupHandler = ApiHandler<GroupDeps>;

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

const findCoordinator: GroupHandler = {
  apiKey: ApiKey.FindCoordinator,
  minVersion: 0,
  maxVersion: 2,
  handle({ view }, ctx, body) {
    const v = ctx.apiVersion;
    const key = body.string();
    const keyType = v >= 1 ? body.int8() : COORDINATOR_KEY_GROUP;
    let errorCode: number = ErrorCode.NONE;
    let errorMessage: string | null = null;
    const node = keyType === COORDINATOR_KEY_GROUP ? view.coordinatorFor(key) : null;
    if (keyType !== COORDINATOR_KEY_GROUP) {
      errorCode = ErrorCode.INVALID_REQUEST;
      errorMessage = 'devcluster coordinates consumer groups only (no transactions)';
    } else if (node === null) {
      errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    w.int16(errorCode);
    if (v >= 1) w.nullableString(errorMessage);
    return w
      .int32(node?.nodeId ?? -1)
      .string(node?.host ?? '')
      .int32(node?.port ?? -1);
  },
};

const joinGroup: GroupHandler = {
  apiKey: ApiKey.JoinGroup,
  minVersion: 0,
  maxVersion: 5,
  async handle({ coordinator, view }, ctx, body) {
    const v = ctx.apiVersion;
    const groupId = body.string();
    const sessionTimeoutMs = body.int32();
    // v0 has no rebalance timeout: Kafka uses the session timeout for both.
    const rebalanceTimeoutMs = v >= 1 ? body.int32() : sessionTimeoutMs;
    const memberId = body.string();
    const groupInstanceId = v >= 5 ? body.nullableString() : null;
    const protocolType = body.string();
    const protocols = body.array((r) => ({ name: r.string(), metadata: ownedBytes(r) }));

    const notHere = coordinatorError(view, ctx, groupId);
    const result =
      notHere !== ErrorCode.NONE
        ? joinError(notHere, memberId)
        : await coordinator.join({
            groupId,
            memberId,
            groupInstanceId,
            sessionTimeoutMs,
            rebalanceTimeoutMs,
            protocolType,
            protocols,
            clientId: ctx.clientId ?? '',
            clientHost: clientHost(ctx.remote),
            requireKnownMemberId: v >= 4,
          });

    const w = new Writer();
    if (v >= 2) w.int32(NO_THROTTLE);
    return w
      .int16(result.errorCode)
      .int32(result.generationId)
      .string(result.protocolName)
      .string(result.leaderId)
      .string(result.memberId)
      .array(result.members, (mw, m) => {
        mw.string(m.memberId);
        if (v >= 5) mw.nullableString(m.groupInstanceId);
        mw.bytes(m.metadata);
      });
  },
};

const syncGroup: GroupHandler = {
  apiKey: ApiKey.SyncGroup,
  minVersion: 0,
  maxVersion: 3,
  async handle({ coordinator, view }, ctx, body) {
    const v = ctx.apiVersion;
    const groupId = body.string();
    const generationId = body.int32();
    const memberId = body.string();
    if (v >= 3) body.nullableString(); // group_instance_id: static membership is not modelled
    const assignments = body.array((r) => ({ memberId: r.string(), assignment: ownedBytes(r) }));

    const notHere = coordinatorError(view, ctx, groupId);
    const result =
      notHere !== ErrorCode.NONE
        ? syncError(notHere)
        : await coordinator.sync({ groupId, generationId, memberId, assignments });

    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    return w.int16(result.errorCode).bytes(result.assignment);
  },
};

const heartbeat: GroupHandler = {
  apiKey: ApiKey.Heartbeat,
  minVersion: 0,
  maxVersion: 3,
  handle({ coordinator, view }, ctx, body) {
    const v = ctx.apiVersion;
    const groupId = body.string();
    const generationId = body.int32();
    const memberId = body.string();
    if (v >= 3) body.nullableString(); // group_instance_id

    const notHere = coordinatorError(view, ctx, groupId);
    const errorCode =
      notHere !== ErrorCode.NONE ? notHere : coordinator.heartbeat({ groupId, memberId, generationId });

    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    return w.int16(errorCode);
  },
};

const leaveGroup: GroupHandler = {
  apiKey: ApiKey.LeaveGroup,
  minVersion: 0,
  maxVersion: 3,
  handle({ coordinator, view }, ctx, body) {
    const v = ctx.apiVersion;
    const groupId = body.string();
    const leaving: LeavingMember[] =
      v >= 3
        ? body.array((r) => ({ memberId: r.string(), groupInstanceId: r.nullableString() }))
        : [{ memberId: body.string(), groupInstanceId: null }];

    const notHere = coordinatorError(view, ctx, groupId);
    const result =
      notHere !== ErrorCode.NONE ? { errorCode: notHere, members: [] } : coordinator.leave(groupId, leaving);

    const w = new Writer();
    if (v >= 1) w.int32(NO_THROTTLE);
    if (v < 3) {
      // Before the batch form, the single member's outcome is the response's error.
      const memberError = result.members[0]?.errorCode ?? ErrorCode.NONE;
      return w.int16(result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError);
    }
    return w.int16(result.errorCode).array(result.members, (mw, m) => {
      mw.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode);
    });
  },
};

const offsetCommit: GroupHandler = {
  apiKey: ApiKey.OffsetCommit,
  minVersion: 0,
  maxVersion: 5,
  handle({ coordinator, view }, ctx, body) {
    const v = ctx.apiVersion;
    const groupId = body.string();
    const generationId = v >= 1 ? body.int32() : -1;
    const memberId = v >= 1 ? body.string() : '';
    // retention_time (v2-v4): ignored, as modern brokers let offsets.retention.minutes decide.
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

    const flat = offsets.flat();
    const notHere = coordinatorError(view, ctx, groupId);
    const results =
      notHere !== ErrorCode.NONE
        ? flat.map(({ topic, partition }) => ({ topic, partition, errorCode: notHere }))
        : coordinator.commitOffsets({ groupId, generationId, memberId, offsets: flat });

    const w = new Writer();
    if (v >= 3) w.int32(NO_THROTTLE);
    return w.array(byTopic(results), (tw, [topic, partitions]) => {
      tw.string(topic).array(partitions, (pw, p) => {
        pw.int32(p.partition).int16(p.errorCode);
      });
    });
  },
};

const offsetFetch: GroupHandler = {
  apiKey: ApiKey.OffsetFetch,
  minVersion: 0,
  maxVersion: 4,
  handle({ coordinator, view }, ctx, body) {
    const v = ctx.apiVersion;
    const groupId = body.string();
    const readTopic = (t: Reader) => {
      const topic = t.string();
      return t.array((p) => ({ topic, partition: p.int32() }));
    };
    // Null topics (v2+) ask for every committed offset of the group.
    const topics = v >= 2 ? body.nullableArray(readTopic) : body.array(readTopic);
    const partitions = topics === null ? null : topics.flat();

    const notHere = coordinatorError(view, ctx, groupId);
    const result =
      notHere !== ErrorCode.NONE
        ? {
            errorCode: notHere,
            // v0-v1 have no top-level error, so it goes on every partition.
            offsets: (partitions ?? []).map((p) => ({ ...p, offset: -1, metadata: '', errorCode: notHere })),
          }
        : coordinator.fetchOffsets(groupId, partitions);

    const w = new Writer();
    if (v >= 3) w.int32(NO_THROTTLE);
    w.array(byTopic(result.offsets), (tw, [topic, offsets]) => {
      tw.string(topic).array(offsets, (pw, p) => {
        pw.int32(p.partition).int64(p.offset).nullableString(p.metadata).int16(p.errorCode);
      });
    });
    if (v >= 2) w.int16(result.errorCode);
    return w;
  },
};

const listGroups: GroupHandler = {
  apiKey: ApiKey.ListGroups,
  minVersion: 0,
  maxVersion: 2,
  handle({ coordinator, view }, ctx) {
    // Each broker lists only the groups it coordinates; clients ask every broker and merge.
    const groups = coordinator
      .listGroups()
      .filter((g) => view.coordinatorFor(g.groupId)?.nodeId === ctx.brokerId);
    const w = new Writer();
    if (ctx.apiVersion >= 1) w.int32(NO_THROTTLE);
    return w.int16(ErrorCode.NONE).array(groups, (gw, g) => {
      gw.string(g.groupId).string(g.protocolType);
    });
  },
};

const describeGroups: GroupHandler = {
  apiKey: ApiKey.DescribeGroups,
  minVersion: 0,
  maxVersion: 2,
  handle({ coordinator, view }, ctx, body) {
    const groupIds = body.array((r) => r.string());
    const w = new Writer();
    if (ctx.apiVersion >= 1) w.int32(NO_THROTTLE);
    return w.array(groupIds, (gw, groupId) => {
      const notHere = coordinatorError(view, ctx, groupId);
      if (notHere !== ErrorCode.NONE) {
        gw.int16(notHere).string(groupId).string('').string('').string('').int32(0);
        return;
      }
      const g = coordinator.describeGroup(groupId);
      gw.int16(g.errorCode).string(g.groupId).string(g.state).string(g.protocolType).string(g.protocolName);
      gw.array(g.members, (mw, m) => {
        mw.string(m.memberId).string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
      });
    });
  },
};

const deleteGroups: GroupHandler = {
  apiKey: ApiKey.DeleteGroups,
  minVersion: 0,
  maxVersion: 1,
  handle({ coordinator, view }, ctx, body) {
    const groupIds = body.array((r) => r.string());
    return new Writer().int32(NO_THROTTLE).array(groupIds, (gw, groupId) => {
      const notHere = coordinatorError(view, ctx, groupId);
      gw.string(groupId).int16(notHere !== ErrorCode.NONE ? notHere : coordinator.deleteGroup(groupId));
    });
  },
};

export const groupHandlers: GroupHandler[] = [
  findCoordinator,
  joinGroup,
  syncGroup,
  heartbeat,
  leaveGroup,
  offsetCommit,
  offsetFetch,
  listGroups,
  describeGroups,
  deleteGroups,
];
