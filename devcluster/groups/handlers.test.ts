// Codec round trips: kafkajs encodes each request version, our handler decodes it (consuming every
// byte) and answers through a real GroupCoordinator, and kafkajs decodes the response.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../broker/handler';
import { ErrorCode } from '../protocol/error-codes';
import { Reader } from '../protocol/reader';
import type { GroupClusterView } from './cluster-view';
import { GroupCoordinator } from './coordinator';
import { groupHandlers, type GroupDeps } from './handlers';
import { kafkajsApi } from './kafkajs-protocol';
import { COORDINATOR } from './test-support';

// Groups named "remote-*" belong to broker 2; the requests below arrive at broker 1.
const view: GroupClusterView = {
  coordinatorFor: (groupId) => (groupId.startsWith('remote') ? { ...COORDINATOR, nodeId: 2 } : COORDINATOR),
  partitionExists: (topic, partition) => topic === 'orders' && partition >= 0 && partition < 3,
};

let deps: GroupDeps;

beforeEach(() => {
  deps = { coordinator: new GroupCoordinator(view, { initialRebalanceDelayMs: 0 }), view };
});

afterEach(() => deps.coordinator.close());

const versions = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Sends one kafkajs-encoded request through our handler; returns kafkajs's decoding of the answer. */
async function roundTrip<T = Record<string, unknown>>(
  api: string,
  version: number,
  args: unknown,
  wireVersion = version,
  injectedError?: number,
): Promise<T> {
  const { request, response } = kafkajsApi(api, version);
  const req = request(args);
  const handler = groupHandlers.find((h) => h.apiKey === req.apiKey);
  if (!handler) throw new Error(`no handler for api key ${req.apiKey}`);
  expect(wireVersion).toBeGreaterThanOrEqual(handler.minVersion);
  expect(wireVersion).toBeLessThanOrEqual(handler.maxVersion);
  const body = new Reader((await req.encode()).buffer);
  const ctx: RequestContext = {
    brokerId: 1,
    apiKey: req.apiKey,
    apiVersion: wireVersion,
    correlationId: 7,
    clientId: 'kafkajs',
    remote: '127.0.0.1:50123',
  };
  const written =
    injectedError === undefined
      ? await handler.handle(deps, ctx, body)
      : handler.errorResponse?.(deps, ctx, body, injectedError);
  expect(body.remaining()).toBe(0);
  if (!written) throw new Error('group APIs always answer');
  return (await response.decode(written.build())) as T;
}

const protocols = [{ name: 'RoundRobinAssigner', metadata: Buffer.from('meta') }];

function joinArgs(groupId: string, memberId = '') {
  return {
    groupId,
    sessionTimeout: 30_000,
    rebalanceTimeout: 60_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    groupProtocols: protocols,
  };
}

interface JoinDecoded {
  errorCode: number;
  generationId: number;
  groupProtocol: string;
  leaderId: string;
  memberId: string;
  members: { memberId: string; memberMetadata: Buffer; groupInstanceId?: string | null }[];
}

/** Joins a one-member group with JoinGroup v5 and makes it Stable; returns member id and generation. */
async function stableMember(groupId: string) {
  const first = await roundTrip<JoinDecoded>('joinGroup', 5, joinArgs(groupId));
  const joined = await roundTrip<JoinDecoded>('joinGroup', 5, joinArgs(groupId, first.memberId));
  await roundTrip('syncGroup', 3, {
    groupId,
    generationId: joined.generationId,
    memberId: joined.memberId,
    groupAssignment: [{ memberId: joined.memberId, memberAssignment: Buffer.from('assigned') }],
  });
  return { memberId: joined.memberId, generationId: joined.generationId };
}

describe('FindCoordinator v0-v2', () => {
  it.each(versions(0, 2))('v%i finds the group coordinator', async (v) => {
    const args = v === 0 ? { groupId: 'g' } : { coordinatorKey: 'g', coordinatorType: 0 };
    const decoded = await roundTrip('findCoordinator', v, args);
    expect(decoded).toMatchObject({
      errorCode: 0,
      coordinator: { nodeId: 1, host: '127.0.0.1', port: 19092 },
    });
  });

  it.each(versions(1, 2))('v%i refuses transaction coordinators', async (v) => {
    const decoded = await roundTrip('findCoordinator', v, { coordinatorKey: 'tx', coordinatorType: 1 });
    expect(decoded).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, coordinator: { nodeId: -1 } });
  });

  it('reports COORDINATOR_NOT_AVAILABLE while no broker can coordinate', async () => {
    deps = { ...deps, view: { ...view, coordinatorFor: () => null } };
    const decoded = await roundTrip('findCoordinator', 2, { coordinatorKey: 'g', coordinatorType: 0 });
    expect(decoded).toMatchObject({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE });
  });
});

describe('JoinGroup v0-v5 and SyncGroup v0-v3', () => {
  it.each(versions(0, 3))('JoinGroup v%i admits a new member at once', async (v) => {
    const decoded = await roundTrip<JoinDecoded>('joinGroup', v, joinArgs(`g${v}`));
    expect(decoded).toMatchObject({ errorCode: 0, generationId: 1, groupProtocol: 'RoundRobinAssigner' });
    expect(decoded.memberId).toMatch(/^kafkajs-/);
    expect(decoded.leaderId).toBe(decoded.memberId);
    expect(decoded.members).toEqual([{ memberId: decoded.memberId, memberMetadata: Buffer.from('meta') }]);
  });

  it.each(versions(4, 5))('JoinGroup v%i requires the member id first', async (v) => {
    const first = await roundTrip<JoinDecoded>('joinGroup', v, joinArgs(`g${v}`));
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, generationId: -1, members: [] });
    const joined = await roundTrip<JoinDecoded>('joinGroup', v, joinArgs(`g${v}`, first.memberId));
    expect(joined).toMatchObject({
      errorCode: 0,
      generationId: 1,
      memberId: first.memberId,
      leaderId: first.memberId,
    });
    const expectedMember = { memberId: first.memberId, memberMetadata: Buffer.from('meta') };
    expect(joined.members).toEqual([v >= 5 ? { ...expectedMember, groupInstanceId: null } : expectedMember]);
  });

  it.each(versions(0, 5))(
    'JoinGroup v%i answers NOT_COORDINATOR for a group of another broker',
    async (v) => {
      const decoded = await roundTrip<JoinDecoded>('joinGroup', v, joinArgs('remote-g'));
      expect(decoded.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    },
  );

  it.each(versions(0, 3))('SyncGroup v%i delivers the leader assignment', async (v) => {
    const joined = await roundTrip<JoinDecoded>('joinGroup', 3, joinArgs('g'));
    const decoded = await roundTrip('syncGroup', v, {
      groupId: 'g',
      generationId: joined.generationId,
      memberId: joined.memberId,
      groupAssignment: [{ memberId: joined.memberId, memberAssignment: Buffer.from('orders:0,1,2') }],
    });
    expect(decoded).toMatchObject({ errorCode: 0, memberAssignment: Buffer.from('orders:0,1,2') });
    const stale = await roundTrip('syncGroup', v, {
      groupId: 'g',
      generationId: joined.generationId - 1,
      memberId: joined.memberId,
      groupAssignment: [],
    });
    expect(stale).toMatchObject({
      errorCode: ErrorCode.ILLEGAL_GENERATION,
      memberAssignment: Buffer.alloc(0),
    });
  });
});

describe('Heartbeat v0-v3 and LeaveGroup v0-v3', () => {
  it.each(versions(0, 3))('Heartbeat v%i', async (v) => {
    const { memberId, generationId } = await stableMember('g');
    const hb = (id: string, generation: number) =>
      roundTrip('heartbeat', v, {
        groupId: 'g',
        groupGenerationId: generation,
        memberId: id,
        groupInstanceId: null,
      });
    expect(await hb(memberId, generationId)).toMatchObject({ errorCode: 0 });
    expect(await hb(memberId, generationId + 1)).toMatchObject({ errorCode: ErrorCode.ILLEGAL_GENERATION });
    expect(await hb('ghost', generationId)).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID });
  });

  it.each(versions(0, 2))('LeaveGroup v%i reports the single member outcome', async (v) => {
    const { memberId } = await stableMember('g');
    expect(await roundTrip('leaveGroup', v, { groupId: 'g', memberId })).toMatchObject({ errorCode: 0 });
    expect(await roundTrip('leaveGroup', v, { groupId: 'g', memberId })).toMatchObject({
      errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
    });
    expect(deps.coordinator.describeGroup('g').state).toBe('Empty');
  });

  it('LeaveGroup v3 answers per member', async () => {
    const { memberId } = await stableMember('g');
    const decoded = await roundTrip('leaveGroup', 3, {
      groupId: 'g',
      members: [{ memberId }, { memberId: 'ghost' }],
    });
    expect(decoded).toMatchObject({
      errorCode: 0,
      members: [
        { memberId, groupInstanceId: null, errorCode: 0 },
        { memberId: 'ghost', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
      ],
    });
  });
});

describe('OffsetCommit v0-v5 and OffsetFetch v0-v4', () => {
  function commitArgs(offset: string, generation = -1, memberId = '') {
    return {
      groupId: 'g',
      groupGenerationId: generation,
      memberId,
      retentionTime: -1,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, offset, metadata: 'm' },
            { partition: 9, offset, metadata: null },
          ],
        },
      ],
    };
  }

  it.each(versions(0, 5))('OffsetCommit v%i commits and OffsetFetch reads back', async (v) => {
    const decoded = await roundTrip('offsetCommit', v, commitArgs(String(100 + v)));
    expect(decoded).toMatchObject({
      responses: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, errorCode: 0 },
            { partition: 9, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION },
          ],
        },
      ],
    });
    const fetched = await roundTrip('offsetFetch', 4, { groupId: 'g', topics: [] });
    expect(fetched).toMatchObject({
      errorCode: 0,
      responses: [
        { topic: 'orders', partitions: [{ partition: 0, offset: String(100 + v), metadata: 'm' }] },
      ],
    });
  });

  it.each(versions(1, 5))('OffsetCommit v%i checks membership and generation', async (v) => {
    const { memberId, generationId } = await stableMember('g');
    const asMember = await roundTrip('offsetCommit', v, commitArgs('5', generationId, memberId));
    expect(asMember).toMatchObject({ responses: [{ partitions: [{ errorCode: 0 }, { errorCode: 3 }] }] });
    const stale = await roundTrip('offsetCommit', v, commitArgs('6', generationId - 1, memberId));
    expect(stale).toMatchObject({
      responses: [{ partitions: [{ errorCode: ErrorCode.ILLEGAL_GENERATION }, { errorCode: 22 }] }],
    });
    const outsider = await roundTrip('offsetCommit', v, commitArgs('7'));
    expect(outsider).toMatchObject({
      responses: [{ partitions: [{ errorCode: ErrorCode.UNKNOWN_MEMBER_ID }, {}] }],
    });
  });

  // OffsetFetch v0 has v1's layout (kafkajs only implements v1+), so v1's codec speaks it.
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 4],
  ])('OffsetFetch v%i (kafkajs v%i codec) reads requested partitions', async (wire, codec) => {
    await roundTrip('offsetCommit', 2, commitArgs('42'));
    const decoded = await roundTrip(
      'offsetFetch',
      codec,
      { groupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }] }] },
      wire,
    );
    expect(decoded).toMatchObject({
      responses: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, offset: '42', metadata: 'm', errorCode: 0 },
            { partition: 1, offset: '-1', metadata: '', errorCode: 0 },
          ],
        },
      ],
    });
    if (wire >= 2) expect(decoded).toMatchObject({ errorCode: 0 });
  });

  it.each(versions(3, 4))('OffsetFetch v%i with null topics returns every committed offset', async (v) => {
    await roundTrip('offsetCommit', 5, {
      ...commitArgs('8'),
      topics: [{ topic: 'orders', partitions: [0, 1, 2].map((partition) => ({ partition, offset: '8' })) }],
    });
    const decoded = await roundTrip<{ responses: { partitions: unknown[] }[] }>('offsetFetch', v, {
      groupId: 'g',
      topics: [],
    });
    expect(decoded.responses[0]?.partitions).toHaveLength(3);
    const unknownGroup = await roundTrip('offsetFetch', v, { groupId: 'nobody', topics: [] });
    expect(unknownGroup).toMatchObject({ errorCode: 0, responses: [] });
  });

  it('puts NOT_COORDINATOR where each version can carry it', async () => {
    const args = { groupId: 'remote-g', topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }] };
    expect(await roundTrip('offsetFetch', 1, args)).toMatchObject({
      responses: [{ partitions: [{ errorCode: ErrorCode.NOT_COORDINATOR }] }],
    });
    expect(await roundTrip('offsetFetch', 4, args)).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR });
    expect(await roundTrip('offsetCommit', 5, { ...commitArgs('1'), groupId: 'remote-g' })).toMatchObject({
      responses: [{ partitions: [{ errorCode: 16 }, { errorCode: 16 }] }],
    });
  });
});

describe('ListGroups v0-v2, DescribeGroups v0-v2, DeleteGroups v0-v1', () => {
  it.each(versions(0, 2))('ListGroups v%i lists the groups this broker coordinates', async (v) => {
    await stableMember('local');
    await stableMember('remote-x');
    await roundTrip('offsetCommit', 5, {
      groupId: 'offsets-only',
      groupGenerationId: -1,
      memberId: '',
      topics: [],
    });
    const decoded = await roundTrip('listGroups', v, {});
    expect(decoded).toMatchObject({
      errorCode: 0,
      groups: [
        { groupId: 'local', protocolType: 'consumer' },
        { groupId: 'offsets-only', protocolType: '' },
      ],
    });
  });

  it.each(versions(0, 2))('DescribeGroups v%i', async (v) => {
    await stableMember('g');
    const decoded = await roundTrip<{ groups: Record<string, unknown>[] }>('describeGroups', v, {
      groupIds: ['g', 'unknown', 'remote-g'],
    });
    const [g, unknown, remote] = decoded.groups;
    expect(g).toMatchObject({
      errorCode: 0,
      groupId: 'g',
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'RoundRobinAssigner',
    });
    expect(g?.members).toEqual([
      {
        memberId: expect.stringMatching(/^kafkajs-/),
        clientId: 'kafkajs',
        clientHost: '/127.0.0.1',
        memberMetadata: Buffer.from('meta'),
        memberAssignment: Buffer.from('assigned'),
      },
    ]);
    expect(unknown).toMatchObject({ errorCode: 0, groupId: 'unknown', state: 'Dead', members: [] });
    expect(remote).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, groupId: 'remote-g' });
  });

  it.each(versions(0, 1))('DeleteGroups v%i', async (v) => {
    await stableMember('busy');
    await roundTrip('offsetCommit', 5, { groupId: 'idle', groupGenerationId: -1, memberId: '', topics: [] });
    const decoded = await roundTrip('deleteGroups', v, ['idle', 'busy', 'never', 'remote-g']);
    expect(decoded).toMatchObject({
      results: [
        { groupId: 'idle', errorCode: 0 },
        { groupId: 'busy', errorCode: ErrorCode.NON_EMPTY_GROUP },
        { groupId: 'never', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
        { groupId: 'remote-g', errorCode: ErrorCode.NOT_COORDINATOR },
      ],
    });
    expect(deps.coordinator.listGroups().map((g) => g.groupId)).toEqual(['busy']);
  });
});

describe('errorResponse (fault injection)', () => {
  const code = ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
  const inject = <T = Record<string, unknown>>(api: string, version: number, args: unknown) =>
    roundTrip<T>(api, version, args, version, code);

  it('answers every group API with the injected code, per group or partition, without acting', async () => {
    expect(await inject('findCoordinator', 2, { coordinatorKey: 'g', coordinatorType: 0 })).toMatchObject({
      errorCode: code,
      coordinator: { nodeId: -1 },
    });
    expect(await inject('joinGroup', 5, joinArgs('g', 'm-1'))).toMatchObject({
      errorCode: code,
      memberId: 'm-1',
    });
    const sync = { groupId: 'g', generationId: 1, memberId: 'm-1', groupAssignment: [] };
    expect(await inject('syncGroup', 3, sync)).toMatchObject({ errorCode: code });
    const hb = { groupId: 'g', groupGenerationId: 1, memberId: 'm-1', groupInstanceId: null };
    expect(await inject('heartbeat', 3, hb)).toMatchObject({ errorCode: code });
    expect(await inject('leaveGroup', 3, { groupId: 'g', members: [{ memberId: 'm-1' }] })).toMatchObject({
      errorCode: code,
      members: [],
    });
    const commit = {
      groupId: 'g',
      groupGenerationId: -1,
      memberId: '',
      topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '5' }] }],
    };
    expect(await inject('offsetCommit', 5, commit)).toMatchObject({
      responses: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: code }] }],
    });
    expect(deps.coordinator.listGroups()).toEqual([]);
    const fetch = { groupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0 }] }] };
    expect(await inject('offsetFetch', 1, fetch)).toMatchObject({
      responses: [{ partitions: [{ errorCode: code }] }],
    });
    expect(await inject('offsetFetch', 4, fetch)).toMatchObject({ errorCode: code });
    expect(await inject('listGroups', 2, {})).toMatchObject({ errorCode: code, groups: [] });
    expect(await inject('describeGroups', 2, { groupIds: ['a', 'b'] })).toMatchObject({
      groups: [
        { groupId: 'a', errorCode: code, members: [] },
        { groupId: 'b', errorCode: code, members: [] },
      ],
    });
    expect(await inject('deleteGroups', 1, ['a'])).toMatchObject({
      results: [{ groupId: 'a', errorCode: code }],
    });
  });
});
