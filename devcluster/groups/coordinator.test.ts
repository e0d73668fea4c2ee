import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes';
import { GroupCoordinator, type JoinRequest, type JoinResult } from './coordinator';
import { fixedView, waitFor } from './test-support';

const meta = (s: string) => Buffer.from(s);
const range = { name: 'range', metadata: meta('range-meta') };
const roundRobin = { name: 'roundrobin', metadata: meta('rr-meta') };

let coordinator: GroupCoordinator;

function start(options: ConstructorParameters<typeof GroupCoordinator>[1] = {}) {
  coordinator = new GroupCoordinator(fixedView, {
    minSessionTimeoutMs: 10,
    initialRebalanceDelayMs: 50,
    ...options,
  });
  return coordinator;
}

afterEach(() => coordinator.close());

function joinReq(overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    groupId: 'g',
    memberId: '',
    groupInstanceId: null,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    protocolType: 'consumer',
    protocols: [range],
    clientId: 'client',
    clientHost: '/127.0.0.1',
    requireKnownMemberId: false,
    ...overrides,
  };
}

/** The JoinGroup v4+ dance: get an id with MEMBER_ID_REQUIRED, then join with it. */
async function joinNew(
  overrides: Partial<JoinRequest> = {},
): Promise<{ memberId: string; joined: Promise<JoinResult> }> {
  const first = await coordinator.join(joinReq({ ...overrides, requireKnownMemberId: true }));
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  const memberId = first.memberId;
  return {
    memberId,
    joined: coordinator.join(joinReq({ ...overrides, memberId, requireKnownMemberId: true })),
  };
}

/** A stable group whose members were assigned their own id as assignment bytes. */
async function stableGroup(count: number, overrides: Partial<JoinRequest> = {}) {
  const pending = [];
  for (let i = 0; i < count; i++) pending.push(await joinNew({ clientId: `c${i}`, ...overrides }));
  const results = await Promise.all(pending.map((p) => p.joined));
  const leader = results.find((r) => r.members.length > 0);
  if (!leader) throw new Error('no leader');
  const syncs = results.map((r) =>
    coordinator.sync({
      groupId: 'g',
      generationId: r.generationId,
      memberId: r.memberId,
      assignments:
        r.memberId === leader.memberId
          ? r.members.map((m) => ({ memberId: m.memberId, assignment: meta(`for-${m.memberId}`) }))
          : [],
    }),
  );
  for (const s of await Promise.all(syncs)) expect(s.errorCode).toBe(ErrorCode.NONE);
  return { results, leader, generationId: leader.generationId, memberIds: results.map((r) => r.memberId) };
}

describe('GroupCoordinator membership', () => {
  it('hands out a member id with MEMBER_ID_REQUIRED (v4+), then completes the first generation', async () => {
    start();
    const first = await coordinator.join(joinReq({ clientId: 'app', requireKnownMemberId: true }));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, members: [] });
    expect(first.memberId).toMatch(/^app-[0-9a-f-]{36}$/);
    expect(coordinator.describeGroup('g').state).toBe('Empty');

    const joined = await coordinator.join(joinReq({ memberId: first.memberId, requireKnownMemberId: true }));
    expect(joined).toEqual({
      errorCode: ErrorCode.NONE,
      generationId: 1,
      protocolName: 'range',
      leaderId: first.memberId,
      memberId: first.memberId,
      members: [{ memberId: first.memberId, groupInstanceId: null, metadata: range.metadata }],
    });
    expect(coordinator.describeGroup('g').state).toBe('CompletingRebalance');
  });

  it('admits members directly before JoinGroup v4 and rejects unknown member ids', async () => {
    start();
    const joined = await coordinator.join(joinReq());
    expect(joined.errorCode).toBe(ErrorCode.NONE);
    expect(joined.generationId).toBe(1);
    const unknownGroup = await coordinator.join(joinReq({ groupId: 'other', memberId: 'ghost' }));
    expect(unknownGroup.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const unknownMember = await coordinator.join(joinReq({ memberId: 'ghost' }));
    expect(unknownMember.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('validates group id, session timeout and protocols', async () => {
    start({ minSessionTimeoutMs: 1_000, maxSessionTimeoutMs: 60_000 });
    expect((await coordinator.join(joinReq({ groupId: '' }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await coordinator.join(joinReq({ sessionTimeoutMs: 999 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect((await coordinator.join(joinReq({ sessionTimeoutMs: 60_001 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect((await coordinator.join(joinReq({ protocols: [] }))).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );

    await stableGroup(1);
    const otherType = await coordinator.join(joinReq({ protocolType: 'connect' }));
    expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const noCommonProtocol = await coordinator.join(joinReq({ protocols: [roundRobin] }));
    expect(noCommonProtocol.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('gathers members arriving during the initial delay into one generation with one leader', async () => {
    start({ initialRebalanceDelayMs: 300 });
    const a = await joinNew({ clientId: 'a', protocols: [range, roundRobin] });
    const b = await joinNew({ clientId: 'b', protocols: [roundRobin, range] });
    const c = await joinNew({ clientId: 'c', protocols: [roundRobin] });
    const results = await Promise.all([a.joined, b.joined, c.joined]);

    expect(new Set(results.map((r) => r.generationId))).toEqual(new Set([1]));
    // Two of three members prefer roundrobin, and it is the only protocol all of them support.
    expect(results.every((r) => r.protocolName === 'roundrobin' && r.leaderId === a.memberId)).toBe(true);
    const [leader, ...followers] = results;
    expect(leader?.members.map((m) => [m.memberId, m.metadata.toString()])).toEqual([
      [a.memberId, 'rr-meta'],
      [b.memberId, 'rr-meta'],
      [c.memberId, 'rr-meta'],
    ]);
    for (const f of followers) expect(f.members).toEqual([]);
  });

  it('distributes the leader assignment through SyncGroup, also to followers that synced first', async () => {
    start();
    const a = await joinNew({ clientId: 'a' });
    const b = await joinNew({ clientId: 'b' });
    const [ra, rb] = await Promise.all([a.joined, b.joined]);
    if (!ra || !rb) throw new Error('join failed');

    const followerSync = coordinator.sync({
      groupId: 'g',
      generationId: 1,
      memberId: b.memberId,
      assignments: [],
    });
    expect(coordinator.describeGroup('g').state).toBe('CompletingRebalance');
    const leaderSync = await coordinator.sync({
      groupId: 'g',
      generationId: 1,
      memberId: a.memberId,
      assignments: [
        { memberId: a.memberId, assignment: meta('orders-0') },
        { memberId: b.memberId, assignment: meta('orders-1') },
      ],
    });
    expect(leaderSync).toEqual({ errorCode: ErrorCode.NONE, assignment: meta('orders-0') });
    expect(await followerSync).toEqual({ errorCode: ErrorCode.NONE, assignment: meta('orders-1') });

    const described = coordinator.describeGroup('g');
    expect(described).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocolName: 'range' });
    expect(
      described.members.map((m) => [m.clientId, m.metadata.toString(), m.assignment.toString()]),
    ).toEqual([
      ['a', 'range-meta', 'orders-0'],
      ['b', 'range-meta', 'orders-1'],
    ]);
    // A repeated SyncGroup in Stable returns the stored assignment.
    const again = await coordinator.sync({
      groupId: 'g',
      generationId: 1,
      memberId: b.memberId,
      assignments: [],
    });
    expect(again.assignment).toEqual(meta('orders-1'));
  });

  it('answers SyncGroup and Heartbeat errors like Kafka', async () => {
    start();
    const sync = (memberId: string, generationId: number) =>
      coordinator.sync({ groupId: 'g', generationId, memberId, assignments: [] });
    expect((await sync('nobody', 0)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat({ groupId: 'g', memberId: 'nobody', generationId: 0 })).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );

    const { memberIds, generationId } = await stableGroup(1);
    const [a] = memberIds as [string];
    expect((await sync(a, generationId + 1)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await sync('nobody', generationId)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(coordinator.heartbeat({ groupId: 'g', memberId: a, generationId })).toBe(ErrorCode.NONE);
    expect(coordinator.heartbeat({ groupId: 'g', memberId: a, generationId: generationId - 1 })).toBe(
      ErrorCode.ILLEGAL_GENERATION,
    );

    // A newcomer starts a rebalance: the old generation may not sync, heartbeats say rejoin.
    const b = await joinNew({ clientId: 'b' });
    expect(coordinator.describeGroup('g').state).toBe('PreparingRebalance');
    expect(coordinator.heartbeat({ groupId: 'g', memberId: a, generationId })).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    expect((await sync(a, generationId)).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await coordinator.join(joinReq({ memberId: a }));
    expect((await b.joined).generationId).toBe(generationId + 1);
  });

  it('rebalances when a member joins a stable group, as soon as every known member has rejoined', async () => {
    start();
    const { memberIds, generationId } = await stableGroup(1);
    const [a] = memberIds as [string];
    const b = await joinNew({ clientId: 'b', rebalanceTimeoutMs: 60_000 });
    const rejoinA = coordinator.join(joinReq({ memberId: a, rebalanceTimeoutMs: 60_000 }));
    const [ra, rb] = await Promise.all([rejoinA, b.joined]);
    expect(ra).toMatchObject({ errorCode: ErrorCode.NONE, generationId: generationId + 1, leaderId: a });
    expect(ra.members.map((m) => m.memberId)).toEqual([a, b.memberId]);
    expect(rb).toMatchObject({
      errorCode: ErrorCode.NONE,
      generationId: generationId + 1,
      leaderId: a,
      members: [],
    });
  });

  it('repeats the current generation to a member that rejoins unchanged while the group completes', async () => {
    start();
    const a = await joinNew();
    const first = await a.joined;
    const again = await coordinator.join(joinReq({ memberId: a.memberId }));
    expect(again).toEqual(first);
    expect(coordinator.describeGroup('g').state).toBe('CompletingRebalance');
  });

  it('fails a waiting follower SyncGroup with REBALANCE_IN_PROGRESS when a rebalance starts', async () => {
    start();
    const a = await joinNew({ clientId: 'a' });
    const b = await joinNew({ clientId: 'b' });
    await Promise.all([a.joined, b.joined]);
    const followerSync = coordinator.sync({
      groupId: 'g',
      generationId: 1,
      memberId: b.memberId,
      assignments: [],
    });
    const c = await joinNew({ clientId: 'c' });
    expect((await followerSync).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(coordinator.describeGroup('g').state).toBe('PreparingRebalance');
    coordinator.leave('g', [{ memberId: c.memberId, groupInstanceId: null }]);
    expect((await c.joined).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('answers a superseded JoinGroup from the same member with REBALANCE_IN_PROGRESS', async () => {
    start();
    const { memberIds } = await stableGroup(2);
    const [a, b] = memberIds as [string, string];
    const firstRejoin = coordinator.join(joinReq({ memberId: a }));
    const secondRejoin = coordinator.join(joinReq({ memberId: a }));
    expect((await firstRejoin).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const rejoinB = coordinator.join(joinReq({ memberId: b }));
    expect((await secondRejoin).errorCode).toBe(ErrorCode.NONE);
    expect((await rejoinB).errorCode).toBe(ErrorCode.NONE);
  });

  it('removes a member whose session expires and rebalances the rest', async () => {
    start();
    const { memberIds, generationId } = await stableGroup(2, { sessionTimeoutMs: 60_000 });
    const [a, b] = memberIds as [string, string];
    // b rejoins with a short session, then goes silent after the next generation.
    const rejoinA = coordinator.join(joinReq({ memberId: a, sessionTimeoutMs: 60_000 }));
    const rejoinB = coordinator.join(joinReq({ memberId: b, sessionTimeoutMs: 200 }));
    const [ra] = await Promise.all([rejoinA, rejoinB]);
    expect(ra.generationId).toBe(generationId + 1);

    await waitFor(
      () =>
        coordinator.heartbeat({ groupId: 'g', memberId: a, generationId: generationId + 1 }) !==
        ErrorCode.NONE,
      'the rebalance caused by b expiring',
    );
    expect(coordinator.heartbeat({ groupId: 'g', memberId: b, generationId: generationId + 1 })).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    const alone = await coordinator.join(joinReq({ memberId: a }));
    expect(alone).toMatchObject({ generationId: generationId + 2, leaderId: a });
    expect(alone.members.map((m) => m.memberId)).toEqual([a]);
  });

  it('drops members that do not rejoin within the rebalance timeout', async () => {
    start();
    const { memberIds, generationId } = await stableGroup(2, { rebalanceTimeoutMs: 300 });
    const [a, b] = memberIds as [string, string];
    const rejoinA = coordinator.join(joinReq({ memberId: a, rebalanceTimeoutMs: 300 }));
    // b keeps heartbeating (it is alive) but never rejoins.
    expect(coordinator.heartbeat({ groupId: 'g', memberId: b, generationId })).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const ra = await rejoinA;
    expect(ra).toMatchObject({ errorCode: ErrorCode.NONE, generationId: generationId + 1, leaderId: a });
    expect(ra.members.map((m) => m.memberId)).toEqual([a]);
    expect(coordinator.heartbeat({ groupId: 'g', memberId: b, generationId })).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('moves leadership when the leader leaves and goes Empty when the last member leaves', async () => {
    start();
    const { memberIds, generationId, leader } = await stableGroup(2);
    const [a, b] = memberIds as [string, string];
    expect(leader.memberId).toBe(a);
    const left = coordinator.leave('g', [
      { memberId: a, groupInstanceId: null },
      { memberId: 'ghost', groupInstanceId: null },
    ]);
    expect(left.members.map((m) => m.errorCode)).toEqual([ErrorCode.NONE, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(coordinator.describeGroup('g').state).toBe('PreparingRebalance');
    const rb = await coordinator.join(joinReq({ memberId: b }));
    expect(rb).toMatchObject({ generationId: generationId + 1, leaderId: b });

    coordinator.leave('g', [{ memberId: b, groupInstanceId: null }]);
    expect(coordinator.describeGroup('g')).toMatchObject({ state: 'Empty', members: [] });
    expect(coordinator.listGroups()).toEqual([{ groupId: 'g', protocolType: 'consumer', state: 'Empty' }]);
    expect(coordinator.leave('nope', [{ memberId: b, groupInstanceId: null }]).members[0]?.errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('forgets a MEMBER_ID_REQUIRED id that is not used within the session timeout', async () => {
    start();
    const first = await coordinator.join(joinReq({ requireKnownMemberId: true, sessionTimeoutMs: 30 }));
    // Timers fire in deadline order, so the 30 ms expiry has run before this 200 ms wait ends.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const late = await coordinator.join(joinReq({ memberId: first.memberId, requireKnownMemberId: true }));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });
});

describe('GroupCoordinator offsets and administration', () => {
  const commit = (generationId: number, memberId: string, offset = 42, metadata: string | null = 'm') =>
    coordinator.commitOffsets({
      groupId: 'g',
      generationId,
      memberId,
      offsets: [{ topic: 'orders', partition: 1, offset, metadata }],
    });

  it('stores offsets for groups without members and fetches them, all of them for null topics', () => {
    start({ maxOffsetMetadataBytes: 10 });
    expect(coordinator.fetchOffsets('g', [{ topic: 'orders', partition: 1 }]).offsets).toEqual([
      { topic: 'orders', partition: 1, offset: -1, metadata: '', errorCode: ErrorCode.NONE },
    ]);
    expect(commit(5, '')[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const results = coordinator.commitOffsets({
      groupId: 'g',
      generationId: -1,
      memberId: '',
      offsets: [
        { topic: 'orders', partition: 0, offset: 7, metadata: null },
        { topic: 'orders', partition: 2, offset: 9, metadata: 'note' },
        { topic: 'orders', partition: 3, offset: 1, metadata: null },
        { topic: 'missing', partition: 0, offset: 1, metadata: null },
        { topic: 'orders', partition: 1, offset: 1, metadata: 'x'.repeat(11) },
      ],
    });
    expect(results.map((r) => r.errorCode)).toEqual([
      ErrorCode.NONE,
      ErrorCode.NONE,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      ErrorCode.OFFSET_METADATA_TOO_LARGE,
    ]);
    expect(coordinator.fetchOffsets('g', null)).toEqual({
      errorCode: ErrorCode.NONE,
      offsets: [
        { topic: 'orders', partition: 0, offset: 7, metadata: '', errorCode: ErrorCode.NONE },
        { topic: 'orders', partition: 2, offset: 9, metadata: 'note', errorCode: ErrorCode.NONE },
      ],
    });
    expect(coordinator.listGroups()).toEqual([{ groupId: 'g', protocolType: '', state: 'Empty' }]);
  });

  it('accepts commits only from current members of an active group', async () => {
    start();
    const a = await joinNew();
    const joined = await a.joined;
    expect(commit(joined.generationId, a.memberId)[0]?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await coordinator.sync({
      groupId: 'g',
      generationId: joined.generationId,
      memberId: a.memberId,
      assignments: [],
    });
    expect(commit(-1, '')[0]?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit(joined.generationId + 1, a.memberId)[0]?.errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(commit(joined.generationId, a.memberId, 100)[0]?.errorCode).toBe(ErrorCode.NONE);
    // Members may still commit what they processed while the group prepares a rebalance.
    await joinNew({ clientId: 'b' });
    expect(coordinator.describeGroup('g').state).toBe('PreparingRebalance');
    expect(commit(joined.generationId, a.memberId, 101)[0]?.errorCode).toBe(ErrorCode.NONE);
    expect(coordinator.fetchOffsets('g', [{ topic: 'orders', partition: 1 }]).offsets[0]?.offset).toBe(101);
  });

  it('deletes only empty groups, with their offsets', async () => {
    start();
    expect(coordinator.deleteGroup('g')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    const { memberIds } = await stableGroup(1);
    expect(coordinator.deleteGroup('g')).toBe(ErrorCode.NON_EMPTY_GROUP);
    coordinator.leave('g', [{ memberId: memberIds[0] ?? '', groupInstanceId: null }]);
    expect(commit(-1, '')[0]?.errorCode).toBe(ErrorCode.NONE);
    expect(coordinator.deleteGroup('g')).toBe(ErrorCode.NONE);
    expect(coordinator.describeGroup('g')).toMatchObject({ state: 'Dead', members: [] });
    expect(coordinator.listGroups()).toEqual([]);
    expect(coordinator.fetchOffsets('g', null).offsets).toEqual([]);
  });

  it('close() settles waiting requests and clears every timer', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    start({ initialRebalanceDelayMs: 60_000 });
    await coordinator.join(joinReq({ groupId: 'pending', requireKnownMemberId: true }));
    const waiting = coordinator.join(joinReq());
    expect(timers()).toBeGreaterThan(before);

    coordinator.close();
    expect((await waiting).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(timers()).toBe(before);
    expect((await coordinator.join(joinReq())).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(coordinator.heartbeat({ groupId: 'g', memberId: 'x', generationId: 1 })).toBe(
      ErrorCode.NOT_COORDINATOR,
    );
  });
});
