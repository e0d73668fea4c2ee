// The consumer-group coordinator: Kafka's group membership protocol (JoinGroup barrier, generations,
// leader-driven assignment through SyncGroup, heartbeats with session timeouts) and committed offsets.
// One instance serves the whole cluster; the handlers decide which broker may answer for a group.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../protocol/error-codes';
import type { GroupClusterView } from './cluster-view';
import {
  EMPTY_BYTES,
  Group,
  joinError,
  Member,
  syncError,
  type CommittedOffset,
  type GroupProtocol,
  type GroupState,
  type JoinResult,
  type SyncResult,
} from './group';

export {
  joinError,
  syncError,
  type GroupProtocol,
  type GroupState,
  type JoinResult,
  type SyncResult,
} from './group';

export interface GroupCoordinatorOptions {
  /** Like group.initial.rebalance.delay.ms: the first rebalance of an empty group waits this long for more members. */
  initialRebalanceDelayMs?: number;
  /** Like group.min.session.timeout.ms / group.max.session.timeout.ms. */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /** Like offset.metadata.max.bytes. */
  maxOffsetMetadataBytes?: number;
}

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a new member first gets its id back with MEMBER_ID_REQUIRED and must join again with it. */
  requireKnownMemberId: boolean;
}

export interface SyncRequest {
  groupId: string;
  memberId: string;
  generationId: number;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface HeartbeatRequest {
  groupId: string;
  memberId: string;
  generationId: number;
}

export interface LeavingMember {
  memberId: string;
  groupInstanceId: string | null;
}

export interface LeaveResult {
  errorCode: number;
  members: (LeavingMember & { errorCode: number })[];
}

export interface OffsetCommitRequest {
  groupId: string;
  /** -1 with an empty member id: a commit from outside group management (admin tools, OffsetCommit v0). */
  generationId: number;
  memberId: string;
  offsets: { topic: string; partition: number; offset: number; metadata: string | null }[];
}

export interface TopicPartitionError {
  topic: string;
  partition: number;
  errorCode: number;
}

export interface FetchedOffset extends TopicPartitionError {
  offset: number;
  metadata: string;
}

export interface OffsetFetchResult {
  errorCode: number;
  offsets: FetchedOffset[];
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: GroupState;
}

export interface MemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocolName: string;
  members: MemberDescription[];
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly initialRebalanceDelayMs: number;
  private readonly minSessionTimeoutMs: number;
  private readonly maxSessionTimeoutMs: number;
  private readonly maxOffsetMetadataBytes: number;
  private closed = false;

  constructor(
    private readonly view: GroupClusterView,
    options: GroupCoordinatorOptions = {},
  ) {
    this.initialRebalanceDelayMs = options.initialRebalanceDelayMs ?? 100;
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 6_000;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 1_800_000;
    this.maxOffsetMetadataBytes = options.maxOffsetMetadataBytes ?? 4_096;
  }

  join(req: JoinRequest): Promise<JoinResult> {
    return Promise.resolve(this.joinNow(req));
  }

  private joinNow(req: JoinRequest): JoinResult | Promise<JoinResult> {
    if (this.closed) return joinError(ErrorCode.NOT_COORDINATOR, req.memberId);
    if (req.groupId === '') return joinError(ErrorCode.INVALID_GROUP_ID, req.memberId);
    if (req.sessionTimeoutMs < this.minSessionTimeoutMs || req.sessionTimeoutMs > this.maxSessionTimeoutMs) {
      return joinError(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId);
    }
    const isNewMember = req.memberId === '';
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (!isNewMember) return joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (group.state === 'Dead') return joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, req.memberId);
    if (!group.supportsProtocols(req.protocolType, req.protocols)) {
      return joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId);
    }

    if (isNewMember) {
      const memberId = `${req.clientId}-${randomUUID()}`;
      if (req.requireKnownMemberId) {
        this.addPendingMember(group, memberId, req.sessionTimeoutMs);
        return joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      return this.addMemberAndRebalance(group, memberId, req);
    }

    const pendingTimer = group.pendingMembers.get(req.memberId);
    if (pendingTimer !== undefined) {
      clearTimeout(pendingTimer);
      group.pendingMembers.delete(req.memberId);
      return this.addMemberAndRebalance(group, req.memberId, req);
    }
    const member = group.members.get(req.memberId);
    if (!member) return joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, req);
      case 'CompletingRebalance':
        // Same metadata: the member probably lost our JoinGroup response, so repeat it.
        if (member.hasSameProtocols(req.protocols)) return this.currentJoinResult(group, member);
        return this.updateMemberAndRebalance(group, member, req);
      case 'Stable':
        if (member.memberId === group.leaderId || !member.hasSameProtocols(req.protocols)) {
          return this.updateMemberAndRebalance(group, member, req);
        }
        return this.currentJoinResult(group, member);
      default:
        return joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId);
    }
  }

  sync(req: SyncRequest): Promise<SyncResult> {
    return Promise.resolve(this.syncNow(req));
  }

  private syncNow(req: SyncRequest): SyncResult | Promise<SyncResult> {
    if (this.closed) return syncError(ErrorCode.NOT_COORDINATOR);
    const group = this.groups.get(req.groupId);
    if (!group) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    if (group.state === 'Dead') return syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const member = group.members.get(req.memberId);
    if (!member) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    if (req.generationId !== group.generationId) return syncError(ErrorCode.ILLEGAL_GENERATION);

    switch (group.state) {
      case 'PreparingRebalance':
        return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'CompletingRebalance': {
        const result = new Promise<SyncResult>((resolve) => {
          member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
          member.awaitingSync = resolve;
        });
        if (member.memberId === group.leaderId) this.applyAssignment(group, req.assignments);
        return result;
      }
      case 'Stable':
        this.scheduleHeartbeatExpiry(group, member);
        return { errorCode: ErrorCode.NONE, assignment: member.assignment };
      default:
        return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  heartbeat(req: HeartbeatRequest): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    const group = this.groups.get(req.groupId);
    if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const member = group.members.get(req.memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.scheduleHeartbeatExpiry(group, member);
    return group.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  leave(groupId: string, leaving: readonly LeavingMember[]): LeaveResult {
    const each = (errorCode: number) => leaving.map((m) => ({ ...m, errorCode }));
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: each(ErrorCode.UNKNOWN_MEMBER_ID) };
    if (group.state === 'Dead') return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };

    const members = leaving.map((m) => {
      const pendingTimer = group.pendingMembers.get(m.memberId);
      if (pendingTimer !== undefined) {
        clearTimeout(pendingTimer);
        group.pendingMembers.delete(m.memberId);
        this.tryCompleteJoin(group);
        return { ...m, errorCode: ErrorCode.NONE };
      }
      const member =
        m.memberId === '' && m.groupInstanceId !== null
          ? group.memberByInstanceId(m.groupInstanceId)
          : group.members.get(m.memberId);
      if (!member) return { ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      this.removeMemberAndUpdateGroup(group, member);
      return { ...m, errorCode: ErrorCode.NONE };
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  commitOffsets(req: OffsetCommitRequest): TopicPartitionError[] {
    const all = (errorCode: number) =>
      req.offsets.map(({ topic, partition }) => ({ topic, partition, errorCode }));
    if (this.closed) return all(ErrorCode.NOT_COORDINATOR);
    if (req.groupId === '') return all(ErrorCode.INVALID_GROUP_ID);
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.generationId >= 0) return all(ErrorCode.ILLEGAL_GENERATION);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (group.state === 'Dead') return all(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    // A group that only stores offsets (no members) accepts commits from outside group management.
    if (!(req.generationId < 0 && group.state === 'Empty')) {
      if (group.state === 'CompletingRebalance') return all(ErrorCode.REBALANCE_IN_PROGRESS);
      const member = group.members.get(req.memberId);
      if (!member) return all(ErrorCode.UNKNOWN_MEMBER_ID);
      if (req.generationId !== group.generationId) return all(ErrorCode.ILLEGAL_GENERATION);
      this.scheduleHeartbeatExpiry(group, member);
    }

    const now = Date.now();
    return req.offsets.map(({ topic, partition, offset, metadata }) => {
      let errorCode: number = ErrorCode.NONE;
      if (!this.view.partitionExists(topic, partition)) {
        errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      } else if (metadata !== null && Buffer.byteLength(metadata) > this.maxOffsetMetadataBytes) {
        errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
      } else {
        group.commit(topic, partition, { offset, metadata: metadata ?? '', commitTimestamp: now });
      }
      return { topic, partition, errorCode };
    });
  }

  /** `partitions` null means every partition the group has committed (OffsetFetch v2+). */
  fetchOffsets(
    groupId: string,
    partitions: readonly { topic: string; partition: number }[] | null,
  ): OffsetFetchResult {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, offsets: [] };
    const group = this.groups.get(groupId);
    if (partitions === null) {
      const offsets: FetchedOffset[] = [];
      for (const [topic, byPartition] of group?.offsets ?? []) {
        for (const [partition, c] of byPartition) offsets.push(fetched(topic, partition, c));
      }
      return { errorCode: ErrorCode.NONE, offsets };
    }
    return {
      errorCode: ErrorCode.NONE,
      offsets: partitions.map(({ topic, partition }) =>
        fetched(topic, partition, group?.committed(topic, partition)),
      ),
    };
  }

  listGroups(): GroupListing[] {
    return [...this.groups.values()].map((g) => ({
      groupId: g.groupId,
      protocolType: g.protocolType ?? '',
      state: g.state,
    }));
  }

  describeGroup(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      return {
        errorCode: ErrorCode.NONE,
        groupId,
        state: 'Dead',
        protocolType: '',
        protocolName: '',
        members: [],
      };
    }
    // Like Kafka: metadata and assignments are only meaningful once the group is Stable.
    const stable = group.state === 'Stable';
    const protocolName = stable ? (group.protocolName ?? '') : '';
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? '',
      protocolName,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(protocolName) : EMPTY_BYTES,
        assignment: stable ? m.assignment : EMPTY_BYTES,
      })),
    };
  }

  deleteGroup(groupId: string): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const group = this.groups.get(groupId);
    if (!group) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group.state !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
    this.clearGroupTimers(group);
    group.transitionTo('Dead');
    this.groups.delete(groupId);
    return ErrorCode.NONE;
  }

  /** Stops every timer and answers every waiting JoinGroup/SyncGroup with NOT_COORDINATOR. */
  close(): void {
    this.closed = true;
    for (const group of this.groups.values()) {
      this.clearGroupTimers(group);
      for (const member of group.members.values()) {
        this.settle(member, joinError(ErrorCode.NOT_COORDINATOR, member.memberId), ErrorCode.NOT_COORDINATOR);
      }
    }
  }

  private addPendingMember(group: Group, memberId: string, sessionTimeoutMs: number): void {
    const timer = setTimeout(() => {
      group.pendingMembers.delete(memberId);
      this.tryCompleteJoin(group);
    }, sessionTimeoutMs);
    group.pendingMembers.set(memberId, timer);
  }

  private addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest): Promise<JoinResult> {
    const member = new Member(
      memberId,
      req.groupInstanceId,
      req.clientId,
      req.clientHost,
      req.sessionTimeoutMs,
      req.rebalanceTimeoutMs,
      req.protocolType,
      req.protocols,
    );
    const result = this.awaitJoin(member);
    group.add(member);
    if (group.state === 'PreparingRebalance' && group.generationId === 0) group.newMemberAdded = true;
    this.scheduleHeartbeatExpiry(group, member);
    this.maybePrepareRebalance(group);
    this.tryCompleteJoin(group);
    return result;
  }

  private updateMemberAndRebalance(group: Group, member: Member, req: JoinRequest): Promise<JoinResult> {
    member.protocols = req.protocols;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    const result = this.awaitJoin(member);
    this.maybePrepareRebalance(group);
    this.tryCompleteJoin(group);
    return result;
  }

  private awaitJoin(member: Member): Promise<JoinResult> {
    return new Promise<JoinResult>((resolve) => {
      // A second JoinGroup from the same member replaces the first, which the client has given up on.
      member.awaitingJoin?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
      member.awaitingJoin = resolve;
    });
  }

  private currentJoinResult(group: Group, member: Member): JoinResult {
    const protocolName = group.protocolName ?? '';
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolName,
      leaderId: group.leaderId ?? '',
      memberId: member.memberId,
      members:
        member.memberId === group.leaderId
          ? [...group.members.values()].map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              metadata: m.metadataFor(protocolName),
            }))
          : [],
    };
  }

  private maybePrepareRebalance(group: Group): void {
    if (group.state === 'Stable' || group.state === 'CompletingRebalance' || group.state === 'Empty') {
      this.prepareRebalance(group);
    }
  }

  private prepareRebalance(group: Group): void {
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.assignment = EMPTY_BYTES;
        member.awaitingSync?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        member.awaitingSync = null;
      }
    }
    const fromEmpty = group.state === 'Empty';
    group.transitionTo('PreparingRebalance');
    this.clearJoinTimer(group);
    const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
    if (fromEmpty) {
      const delay = Math.min(this.initialRebalanceDelayMs, rebalanceTimeoutMs);
      group.initialDelayRemainingMs = Math.max(rebalanceTimeoutMs - delay, 0);
      group.newMemberAdded = false;
      this.startJoinTimer(group, delay, () => this.onInitialDelayExpired(group));
    } else {
      group.initialDelayRemainingMs = null;
      this.startJoinTimer(group, rebalanceTimeoutMs, () => this.completeJoin(group));
    }
  }

  // Members that keep arriving extend the initial delay, but never beyond the rebalance timeout.
  private onInitialDelayExpired(group: Group): void {
    const remaining = group.initialDelayRemainingMs ?? 0;
    if (group.newMemberAdded && remaining > 0) {
      group.newMemberAdded = false;
      const delay = Math.min(this.initialRebalanceDelayMs, remaining);
      group.initialDelayRemainingMs = remaining - delay;
      this.startJoinTimer(group, delay, () => this.onInitialDelayExpired(group));
      return;
    }
    this.completeJoin(group);
  }

  private tryCompleteJoin(group: Group): void {
    if (
      group.state === 'PreparingRebalance' &&
      group.initialDelayRemainingMs === null &&
      group.allMembersJoined()
    ) {
      this.completeJoin(group);
    }
  }

  private completeJoin(group: Group): void {
    this.clearJoinTimer(group);
    group.initialDelayRemainingMs = null;
    if (group.state !== 'PreparingRebalance') return;
    // Members that did not rejoin within the rebalance timeout are out of the group.
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null) {
        this.clearHeartbeat(member);
        group.remove(member.memberId);
      }
    }
    group.generationId++;
    if (group.members.size === 0) {
      group.protocolName = null;
      group.transitionTo('Empty');
      return;
    }
    group.protocolName = group.selectProtocol();
    group.transitionTo('CompletingRebalance');
    for (const member of group.members.values()) {
      const resolve = member.awaitingJoin;
      member.awaitingJoin = null;
      resolve?.(this.currentJoinResult(group, member));
      this.scheduleHeartbeatExpiry(group, member);
    }
  }

  private applyAssignment(group: Group, assignments: SyncRequest['assignments']): void {
    const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
    group.transitionTo('Stable');
    for (const member of group.members.values()) {
      member.assignment = byMember.get(member.memberId) ?? EMPTY_BYTES;
      const resolve = member.awaitingSync;
      member.awaitingSync = null;
      resolve?.({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      this.scheduleHeartbeatExpiry(group, member);
    }
  }

  private removeMemberAndUpdateGroup(group: Group, member: Member): void {
    // A member removed while its JoinGroup or SyncGroup waits learns it is gone and may join again.
    this.settle(member, joinError(ErrorCode.UNKNOWN_MEMBER_ID), ErrorCode.UNKNOWN_MEMBER_ID);
    this.clearHeartbeat(member);
    group.remove(member.memberId);
    if (group.state === 'Stable' || group.state === 'CompletingRebalance') this.prepareRebalance(group);
    this.tryCompleteJoin(group);
  }

  private scheduleHeartbeatExpiry(group: Group, member: Member): void {
    this.clearHeartbeat(member);
    if (this.closed) return;
    member.heartbeatTimer = setTimeout(() => {
      member.heartbeatTimer = null;
      if (group.members.get(member.memberId) !== member) return;
      // A member blocked in JoinGroup or SyncGroup is alive: the coordinator is the one keeping it waiting.
      if (member.awaitingJoin !== null || member.awaitingSync !== null) {
        this.scheduleHeartbeatExpiry(group, member);
        return;
      }
      this.removeMemberAndUpdateGroup(group, member);
    }, member.sessionTimeoutMs);
  }

  private startJoinTimer(group: Group, delayMs: number, onExpiry: () => void): void {
    group.joinTimer = setTimeout(() => {
      group.joinTimer = null;
      onExpiry();
    }, delayMs);
  }

  private settle(member: Member, joinResult: JoinResult, syncErrorCode: number): void {
    const join = member.awaitingJoin;
    const sync = member.awaitingSync;
    member.awaitingJoin = null;
    member.awaitingSync = null;
    join?.(joinResult);
    sync?.(syncError(syncErrorCode));
  }

  private clearJoinTimer(group: Group): void {
    if (group.joinTimer !== null) clearTimeout(group.joinTimer);
    group.joinTimer = null;
  }

  private clearHeartbeat(member: Member): void {
    if (member.heartbeatTimer !== null) clearTimeout(member.heartbeatTimer);
    member.heartbeatTimer = null;
  }

  private clearGroupTimers(group: Group): void {
    this.clearJoinTimer(group);
    for (const timer of group.pendingMembers.values()) clearTimeout(timer);
    group.pendingMembers.clear();
    for (const member of group.members.values()) this.clearHeartbeat(member);
  }
}

function fetched(topic: string, partition: number, committed: CommittedOffset | undefined): FetchedOffset {
  return {
    topic,
    partition,
    offset: committed?.offset ?? -1,
    metadata: committed?.metadata ?? '',
    errorCode: ErrorCode.NONE,
  };
}
