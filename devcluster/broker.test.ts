// Broker behaviour seen on the wire, with requests encoded and responses decoded by kafkajs's own
// codecs over a raw connection: fetch limits and errors, batch validation, idempotent sequence rules
// (also across an acks=1 truncation), acks=0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from './index';
import { ApiKey } from './protocol/api-keys';
import { ErrorCode } from './protocol/error-codes';
import { kafkajsDecode, kafkajsRequestBody } from './test-support/kafkajs-codecs';
import { waitFor } from './test-support/kafkajs-helpers';
import { RawClient } from './test-support/raw-client';

let dc: DevCluster;
const clients: RawClient[] = [];
let correlation = 0;

beforeAll(async () => {
  dc = await startCluster({ brokers: 3, electionDelayMs: 0 });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await dc?.stop();
});

async function connectTo(brokerId: number): Promise<RawClient> {
  const b = dc.brokers.find((x) => x.id === brokerId)!;
  const client = await RawClient.open(`${b.host}:${b.port}`);
  clients.push(client);
  return client;
}

async function call<T = Record<string, unknown>>(
  client: RawClient,
  api: keyof typeof ApiKey,
  kafkajsName: string,
  version: number,
  args: unknown,
): Promise<T> {
  const id = ++correlation;
  client.send(ApiKey[api], version, id, await kafkajsRequestBody(kafkajsName, version, args));
  const res = await client.receive();
  expect(res.correlationId).toBe(id);
  return kafkajsDecode<T>(kafkajsName, version, res.body);
}

interface ProducePartition {
  partition: number;
  errorCode: number;
  baseOffset: string;
}

async function produce(
  client: RawClient,
  topic: string,
  opts: { acks?: number; producerId?: number; firstSequence?: number; values: string[] },
): Promise<ProducePartition> {
  const res = await call<{ topics: { partitions: ProducePartition[] }[] }>(client, 'Produce', 'produce', 7, {
    acks: opts.acks ?? -1,
    timeout: 10_000,
    producerId: opts.producerId ?? -1,
    producerEpoch: 0,
    topicData: [
      {
        topic,
        partitions: [
          {
            partition: 0,
            firstSequence: opts.firstSequence ?? 0,
            messages: opts.values.map((value) => ({ value })),
          },
        ],
      },
    ],
  });
  return res.topics[0]!.partitions[0]!;
}

interface FetchPartition {
  errorCode: number;
  highWatermark: string;
  lastStartOffset: string;
  messages: { offset: string; value: Buffer }[];
}

async function fetchFrom(
  client: RawClient,
  topic: string,
  opts: { offset: number; maxBytes?: number; partitionMaxBytes?: number; maxWaitTime?: number },
): Promise<FetchPartition> {
  const res = await call<{ responses: { partitions: FetchPartition[] }[] }>(client, 'Fetch', 'fetch', 11, {
    replicaId: -1,
    maxWaitTime: opts.maxWaitTime ?? 0,
    minBytes: 1,
    maxBytes: opts.maxBytes ?? 10 << 20,
    isolationLevel: 0,
    topics: [
      {
        topic,
        partitions: [
          { partition: 0, fetchOffset: String(opts.offset), maxBytes: opts.partitionMaxBytes ?? 1 << 20 },
        ],
      },
    ],
  });
  return res.responses[0]!.partitions[0]!;
}

async function initProducerId(client: RawClient): Promise<number> {
  const res = await call<{ producerId: string }>(client, 'InitProducerId', 'initProducerId', 1, {
    transactionalId: null,
    transactionTimeout: 60_000,
  });
  return Number(res.producerId);
}

function leaderClient(topic: string): Promise<RawClient> {
  return connectTo(dc.admin.partitionState(topic, 0).leader);
}

describe('fetch', () => {
  it('honours partition max bytes and max bytes at batch granularity, always returning a first batch', async () => {
    dc.admin.createTopic({ name: 'br-fetch', partitions: 1, replicationFactor: 3 });
    const client = await leaderClient('br-fetch');
    for (const v of ['aaaa', 'bbbb', 'cccc']) await produce(client, 'br-fetch', { values: [v] });
    const all = await fetchFrom(client, 'br-fetch', { offset: 0 });
    expect(all.messages.map((m) => m.value.toString())).toEqual(['aaaa', 'bbbb', 'cccc']);
    expect(all.highWatermark).toBe('3');

    const one = await fetchFrom(client, 'br-fetch', { offset: 0, partitionMaxBytes: 100 });
    expect(one.messages.map((m) => m.value.toString())).toEqual(['aaaa']);
    const tiny = await fetchFrom(client, 'br-fetch', { offset: 1, maxBytes: 1, partitionMaxBytes: 1 });
    expect(tiny.messages.map((m) => m.value.toString())).toEqual(['bbbb']);
  });

  it('answers OFFSET_OUT_OF_RANGE outside [log start, log end] and NOT_LEADER_OR_FOLLOWER on followers', async () => {
    dc.admin.createTopic({ name: 'br-range', partitions: 1, replicationFactor: 2 });
    const client = await leaderClient('br-range');
    await produce(client, 'br-range', { values: ['x', 'y'] });
    expect((await fetchFrom(client, 'br-range', { offset: 5 })).errorCode).toBe(
      ErrorCode.OFFSET_OUT_OF_RANGE,
    );
    expect((await fetchFrom(client, 'br-range', { offset: 2 })).messages).toEqual([]);
    const follower = dc.admin.partitionState('br-range', 0).replicas[1]!;
    expect((await fetchFrom(await connectTo(follower), 'br-range', { offset: 0 })).errorCode).toBe(
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    );
  });

  it('never returns records above the high watermark', async () => {
    dc.admin.createTopic({ name: 'br-hw', partitions: 1, replicationFactor: 3 });
    const client = await leaderClient('br-hw');
    await produce(client, 'br-hw', { values: ['committed'] });
    dc.faults.setReplicationLag(60_000);
    try {
      expect(await produce(client, 'br-hw', { acks: 1, values: ['uncommitted'] })).toMatchObject({
        errorCode: 0,
        baseOffset: '1',
      });
      const res = await fetchFrom(client, 'br-hw', { offset: 0 });
      expect(res.highWatermark).toBe('1');
      expect(res.messages.map((m) => m.value.toString())).toEqual(['committed']);
    } finally {
      dc.faults.setReplicationLag(2);
    }
    await waitFor(() => dc.admin.partitionState('br-hw', 0).highWatermark === 2, 'replication to resume');
  });
});

describe('produce', () => {
  it('answers CORRUPT_MESSAGE for a batch with a bad CRC and stores nothing', async () => {
    dc.admin.createTopic({ name: 'br-corrupt', partitions: 1 });
    const client = await leaderClient('br-corrupt');
    const body = await kafkajsRequestBody('produce', 7, {
      acks: -1,
      timeout: 1000,
      topicData: [{ topic: 'br-corrupt', partitions: [{ partition: 0, messages: [{ value: 'payload' }] }] }],
    });
    const at = body.indexOf(Buffer.from('payload'));
    body.writeUInt8(body.readUInt8(at) ^ 0x20, at);
    client.send(ApiKey.Produce, 7, 1, body);
    const res = await kafkajsDecode<{ topics: { partitions: ProducePartition[] }[] }>(
      'produce',
      7,
      (await client.receive()).body,
    );
    expect(res.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(dc.admin.partitionState('br-corrupt', 0).highWatermark).toBe(0);
  });

  it('acks=0 gets no response but the records are stored', async () => {
    dc.admin.createTopic({ name: 'br-acks0', partitions: 1 });
    const client = await leaderClient('br-acks0');
    client.send(
      ApiKey.Produce,
      7,
      100,
      await kafkajsRequestBody('produce', 7, {
        acks: 0,
        timeout: 1000,
        topicData: [
          { topic: 'br-acks0', partitions: [{ partition: 0, messages: [{ value: 'fire-and-forget' }] }] },
        ],
      }),
    );
    const meta = await call<{ topicMetadata: { topic: string }[] }>(client, 'Metadata', 'metadata', 1, {
      topics: ['br-acks0'],
    });
    expect(meta.topicMetadata[0]!.topic).toBe('br-acks0');
    await waitFor(() => dc.admin.partitionState('br-acks0', 0).highWatermark === 1, 'acks=0 record stored');
  });
});

describe('idempotent producer sequences', () => {
  it('answers a duplicate with its original offset and a gap with OUT_OF_ORDER_SEQUENCE_NUMBER', async () => {
    dc.admin.createTopic({ name: 'br-seq', partitions: 1, replicationFactor: 3 });
    const client = await leaderClient('br-seq');
    const producerId = await initProducerId(client);
    expect(
      await produce(client, 'br-seq', { producerId, firstSequence: 0, values: ['a', 'b'] }),
    ).toMatchObject({
      errorCode: 0,
      baseOffset: '0',
    });
    expect(await produce(client, 'br-seq', { producerId, firstSequence: 2, values: ['c'] })).toMatchObject({
      errorCode: 0,
      baseOffset: '2',
    });
    expect(
      await produce(client, 'br-seq', { producerId, firstSequence: 0, values: ['a', 'b'] }),
    ).toMatchObject({
      errorCode: 0,
      baseOffset: '0',
    });
    expect((await produce(client, 'br-seq', { producerId, firstSequence: 5, values: ['f'] })).errorCode).toBe(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    );
    expect(await produce(client, 'br-seq', { producerId, firstSequence: 3, values: ['d'] })).toMatchObject({
      errorCode: 0,
      baseOffset: '3',
    });
    expect(dc.admin.partitionState('br-seq', 0).highWatermark).toBe(4);
  });

  it('a new leader that lost acks=1 batches accepts their resend, and the old leader forgets them', async () => {
    dc.admin.createTopic({ name: 'br-trunc', partitions: 1, replicationFactor: 3 });
    const oldLeader = dc.admin.partitionState('br-trunc', 0).leader;
    const client = await connectTo(oldLeader);
    const producerId = await initProducerId(client);
    await produce(client, 'br-trunc', { producerId, firstSequence: 0, values: ['s0'] });
    dc.faults.setReplicationLag(60_000);
    expect(
      (await produce(client, 'br-trunc', { acks: 1, producerId, firstSequence: 1, values: ['s1'] }))
        .errorCode,
    ).toBe(0);
    await dc.faults.stopBroker(oldLeader, { controlled: false });
    dc.faults.setReplicationLag(2);

    const newLeader = await connectTo(dc.admin.partitionState('br-trunc', 0).leader);
    expect(
      await produce(newLeader, 'br-trunc', { producerId, firstSequence: 1, values: ['s1-again'] }),
    ).toMatchObject({
      errorCode: 0,
      baseOffset: '1',
    });
    await dc.faults.startBroker(oldLeader);
    await waitFor(() => dc.admin.partitionState('br-trunc', 0).isr.length === 3, 'old leader back in sync');
    dc.faults.moveLeader('br-trunc', 0, oldLeader);
    const back = await connectTo(oldLeader);
    expect(
      (await fetchFrom(back, 'br-trunc', { offset: 0 })).messages.map((m) => m.value.toString()),
    ).toEqual(['s0', 's1-again']);
    expect(
      await produce(back, 'br-trunc', { producerId, firstSequence: 1, values: ['s1-again'] }),
    ).toMatchObject({
      errorCode: 0,
      baseOffset: '1',
    });
    expect(
      (await produce(back, 'br-trunc', { producerId, firstSequence: 2, values: ['s2'] })).baseOffset,
    ).toBe('2');
  });
});
