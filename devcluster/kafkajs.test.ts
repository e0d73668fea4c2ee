// kafkajs 2.2.4 end to end against a 3-broker devcluster over real TCP: admin operations and their
// validation errors, plain/idempotent/gzip producing, byte-for-byte consumption, long-poll, retention
// and compaction, and how the network layer treats requests real clients never send.
import { randomBytes } from 'node:crypto';
import { CompressionTypes, type Admin, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from './index';
import { ApiKey } from './protocol/api-keys';
import { ErrorCode } from './protocol/error-codes';
import { Reader } from './protocol/reader';
import { Writer } from './protocol/writer';
import { consumeCount, kafkaFor, waitFor } from './test-support/kafkajs-helpers';
import { RawClient } from './test-support/raw-client';

let dc: DevCluster;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  dc = await startCluster({ brokers: 3 });
  kafka = kafkaFor(dc.bootstrap);
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin?.disconnect();
  await dc?.stop();
});

async function createTopicError(
  topic: Parameters<Admin['createTopics']>[0]['topics'][number],
): Promise<unknown> {
  try {
    await admin.createTopics({ topics: [topic] });
  } catch (err) {
    // kafkajs aggregates per-topic errors.
    return (err as { errors?: unknown[] }).errors?.[0] ?? err;
  }
  throw new Error('createTopics succeeded');
}

describe('admin', () => {
  it('creates topics with configs, reports them in metadata, and deletes them', async () => {
    expect(
      await admin.createTopics({
        topics: [
          {
            topic: 'adm-a',
            numPartitions: 3,
            replicationFactor: 3,
            configEntries: [{ name: 'retention.ms', value: '3600000' }],
          },
        ],
      }),
    ).toBe(true);
    const { topics } = await admin.fetchTopicMetadata({ topics: ['adm-a'] });
    expect(topics[0]!.partitions).toHaveLength(3);
    for (const p of topics[0]!.partitions) {
      expect(p.replicas).toHaveLength(3);
      expect(p.isr.sort()).toEqual([...p.replicas].sort());
      expect(p.leader).toBe(p.replicas[0]);
    }
    expect(new Set(topics[0]!.partitions.map((p) => p.leader)).size).toBe(3);
    expect(await admin.listTopics()).toContain('adm-a');
    await admin.deleteTopics({ topics: ['adm-a'] });
    expect(await admin.listTopics()).not.toContain('adm-a');
  });

  it('answers create-topic validation errors like Kafka', async () => {
    await admin.createTopics({ topics: [{ topic: 'adm-dup', numPartitions: 1 }] });
    // kafkajs turns TOPIC_ALREADY_EXISTS into a false result.
    expect(await admin.createTopics({ topics: [{ topic: 'adm-dup', numPartitions: 1 }] })).toBe(false);
    expect(await createTopicError({ topic: 'adm-rf', numPartitions: 1, replicationFactor: 4 })).toMatchObject(
      {
        type: 'INVALID_REPLICATION_FACTOR',
      },
    );
    expect(await createTopicError({ topic: 'adm-parts', numPartitions: 0 })).toMatchObject({
      type: 'INVALID_PARTITIONS',
    });
    expect(
      await createTopicError({
        topic: 'adm-cfg',
        configEntries: [{ name: 'cleanup.policy', value: 'shred' }],
      }),
    ).toMatchObject({ type: 'INVALID_CONFIG' });
    expect(
      await createTopicError({ topic: 'adm-cfg2', configEntries: [{ name: 'no.such.config', value: '1' }] }),
    ).toMatchObject({
      type: 'INVALID_CONFIG',
    });
    expect(await createTopicError({ topic: 'bad name!' })).toMatchObject({ type: 'INVALID_TOPIC_EXCEPTION' });
  });

  it('validate-only creates nothing', async () => {
    await admin.createTopics({
      topics: [{ topic: 'adm-validate', numPartitions: 2 }],
      validateOnly: true,
      waitForLeaders: false,
    });
    expect(await admin.listTopics()).not.toContain('adm-validate');
  });

  it('describes topic and broker configs with Kafka defaults', async () => {
    await admin.createTopics({
      topics: [{ topic: 'adm-cfgs', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    const { resources } = await admin.describeConfigs({
      includeSynonyms: true,
      resources: [
        { type: 2, name: 'adm-cfgs' },
        { type: 4, name: '1' },
      ],
    });
    const topicConfigs = new Map(resources[0]!.configEntries.map((c) => [c.configName, c]));
    expect(topicConfigs.get('cleanup.policy')).toMatchObject({
      configValue: 'compact',
      isDefault: false,
      configSource: 1,
    });
    expect(topicConfigs.get('max.message.bytes')).toMatchObject({
      configValue: '1048588',
      isDefault: true,
      configSource: 5,
    });
    expect(topicConfigs.get('retention.ms')!.configValue).toBe('604800000');
    expect(topicConfigs.get('min.insync.replicas')!.configValue).toBe('1');
    const brokerConfigs = new Map(resources[1]!.configEntries.map((c) => [c.configName, c.configValue]));
    expect(brokerConfigs.get('broker.id')).toBe('1');
    expect(brokerConfigs.get('message.max.bytes')).toBe('1048588');
    expect(brokerConfigs.get('advertised.listeners')).toBe(`PLAINTEXT://${dc.bootstrap[0]}`);
  });

  it('deletes records up to an offset and grows partitions', async () => {
    await admin.createTopics({ topics: [{ topic: 'adm-del', numPartitions: 1, replicationFactor: 2 }] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'adm-del',
      messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${i}` })),
    });
    await producer.disconnect();
    // kafkajs's admin looks leaders up in its metadata cache, which only holds topics it has fetched.
    await admin.fetchTopicMetadata({ topics: ['adm-del'] });
    await admin.deleteTopicRecords({ topic: 'adm-del', partitions: [{ partition: 0, offset: '4' }] });
    expect(await admin.fetchTopicOffsets('adm-del')).toEqual([
      { partition: 0, offset: '10', high: '10', low: '4' },
    ]);
    const rest = await consumeCount(kafka, 'adm-del', 6);
    expect(rest.map((r) => r.message.value!.toString())).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9']);

    await admin.createPartitions({ topicPartitions: [{ topic: 'adm-del', count: 3 }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['adm-del'] });
    expect(topics[0]!.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    await expect(
      admin.createPartitions({ topicPartitions: [{ topic: 'adm-del', count: 2 }] }),
    ).rejects.toMatchObject({
      type: 'INVALID_PARTITIONS',
    });
  });

  it('finds offsets by timestamp', async () => {
    await admin.createTopics({ topics: [{ topic: 'adm-ts', numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const base = Date.now() - 60_000;
    await producer.send({
      topic: 'adm-ts',
      compression: CompressionTypes.GZIP,
      messages: [0, 10, 20, 30].map((d) => ({ value: `t${d}`, timestamp: String(base + d * 1000) })),
    });
    await producer.disconnect();
    expect(await admin.fetchTopicOffsetsByTimestamp('adm-ts', base + 15_000)).toEqual([
      { partition: 0, offset: '2' },
    ]);
    // No record that late: the broker answers -1, which kafkajs replaces with the high watermark.
    expect(await admin.fetchTopicOffsetsByTimestamp('adm-ts', base + 31_000)).toEqual([
      { partition: 0, offset: '4' },
    ]);
  });
});

describe('producing and consuming', () => {
  it('returns plain and gzip batches byte for byte: keys, values, headers, timestamps', async () => {
    await admin.createTopics({ topics: [{ topic: 'pc-bytes', numPartitions: 2, replicationFactor: 3 }] });
    // Recent timestamps: records older than retention.ms (7 days) would race the log cleaner.
    const base = Date.now() - 60_000;
    const messages = Array.from({ length: 40 }, (_, i) => ({
      key: randomBytes(8),
      value: i % 10 === 9 ? null : randomBytes(100 + i),
      partition: i % 2,
      timestamp: String(base + i),
      headers: { trace: randomBytes(4), tag: ['a', 'b', 'a'] },
    }));
    const plain = kafka.producer();
    const idempotent = kafka.producer({ idempotent: true });
    await plain.connect();
    await idempotent.connect();
    await plain.send({ topic: 'pc-bytes', messages: messages.slice(0, 20) });
    await idempotent.send({
      topic: 'pc-bytes',
      compression: CompressionTypes.GZIP,
      messages: messages.slice(20),
    });
    await plain.disconnect();
    await idempotent.disconnect();

    const got = await consumeCount(kafka, 'pc-bytes', 40);
    const byKey = new Map(got.map((g) => [g.message.key!.toString('hex'), g]));
    for (const m of messages) {
      const g = byKey.get(m.key.toString('hex'))!;
      expect(g.partition).toBe(m.partition);
      expect(g.message.value).toEqual(m.value);
      expect(g.message.timestamp).toBe(m.timestamp);
      expect(g.message.headers!.trace).toEqual(m.headers.trace);
      expect((g.message.headers!.tag as Buffer[]).map(String)).toEqual(['a', 'b', 'a']);
    }
    for (const partition of [0, 1]) {
      const offsets = got.filter((g) => g.partition === partition).map((g) => Number(g.message.offset));
      expect(offsets.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    }
  });

  it('rejects a batch over max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    await admin.createTopics({
      topics: [{ topic: 'pc-large', configEntries: [{ name: 'max.message.bytes', value: '2000' }] }],
    });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    await expect(
      producer.send({ topic: 'pc-large', messages: [{ value: Buffer.alloc(5000) }] }),
    ).rejects.toMatchObject({
      type: 'MESSAGE_TOO_LARGE',
    });
    await producer.send({ topic: 'pc-large', messages: [{ value: Buffer.alloc(500) }] });
    await producer.disconnect();
  });

  it('auto-creates topics on metadata requests unless the client forbids it', async () => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'pc-auto', messages: [{ value: 'x' }] });
    await producer.disconnect();
    expect(await admin.listTopics()).toContain('pc-auto');
    const strict = kafka.producer({
      allowAutoTopicCreation: false,
      retry: { retries: 1, initialRetryTime: 50 },
    });
    await strict.connect();
    await expect(strict.send({ topic: 'pc-missing', messages: [{ value: 'x' }] })).rejects.toThrow();
    await strict.disconnect();
    expect(await admin.listTopics()).not.toContain('pc-missing');
  });
});

describe('retention and compaction', () => {
  it('retention.ms moves the log start offset past expired batches', async () => {
    await admin.createTopics({
      topics: [{ topic: 'rc-ret', configEntries: [{ name: 'retention.ms', value: '60000' }] }],
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'rc-ret',
      messages: [{ value: 'old', timestamp: String(Date.now() - 3_600_000) }],
    });
    await producer.send({ topic: 'rc-ret', messages: [{ value: 'new' }] });
    await producer.disconnect();
    await dc.admin.runCleaner();
    expect(dc.admin.partitionState('rc-ret', 0)).toMatchObject({ logStartOffset: 1, highWatermark: 2 });
    const got = await consumeCount(kafka, 'rc-ret', 1);
    expect(got[0]!.message.value!.toString()).toBe('new');
  });

  it('retention.bytes drops the oldest batches until the log fits', async () => {
    await admin.createTopics({
      topics: [{ topic: 'rc-bytes', configEntries: [{ name: 'retention.bytes', value: '300' }] }],
    });
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < 10; i++)
      await producer.send({ topic: 'rc-bytes', messages: [{ value: `record-${i}` }] });
    await producer.disconnect();
    await dc.admin.runCleaner();
    const log = dc.cluster.partition('rc-bytes', 0)!.log;
    expect(log.sizeBytes).toBeLessThanOrEqual(300);
    expect(log.logStartOffset).toBeGreaterThan(0);
    const kept = await consumeCount(kafka, 'rc-bytes', 10 - log.logStartOffset);
    expect(kept.map((k) => k.message.value!.toString()).at(-1)).toBe('record-9');
  });

  it('cleanup.policy=compact keeps the latest value per key and drops expired tombstones', async () => {
    await admin.createTopics({
      topics: [
        {
          topic: 'rc-compact',
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'delete.retention.ms', value: '0' },
          ],
        },
      ],
    });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: 'rc-compact',
      messages: [
        { key: 'a', value: 'a1' },
        { key: 'b', value: 'b1' },
      ],
    });
    await producer.send({
      topic: 'rc-compact',
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'a', value: 'a2' },
        { key: 'c', value: 'c1' },
      ],
    });
    await producer.send({
      topic: 'rc-compact',
      messages: [{ key: 'b', value: null, timestamp: String(Date.now() - 1000) }],
    });
    await producer.disconnect();
    await dc.admin.runCleaner();
    const got = await consumeCount(kafka, 'rc-compact', 2);
    expect(
      got.map((g) => [Number(g.message.offset), g.message.key!.toString(), g.message.value!.toString()]),
    ).toEqual([
      [2, 'a', 'a2'],
      [3, 'c', 'c1'],
    ]);
    expect(dc.admin.partitionState('rc-compact', 0).highWatermark).toBe(5);
  });
});

describe('network layer', () => {
  function apiVersionsRequest(): Buffer {
    return Buffer.alloc(0);
  }

  it('answers ApiVersions v3 with UNSUPPORTED_VERSION in the v0 layout, listing what it supports', async () => {
    const client = await RawClient.open(dc.bootstrap[0]!);
    try {
      client.send(ApiKey.ApiVersions, 3, 7, apiVersionsRequest());
      const res = await client.receive();
      expect(res.correlationId).toBe(7);
      const r = new Reader(res.body);
      expect(r.int16()).toBe(ErrorCode.UNSUPPORTED_VERSION);
      const apis = r.array((x) => ({ key: x.int16(), min: x.int16(), max: x.int16() }));
      expect(r.remaining()).toBe(0);
      expect(apis).toContainEqual({ key: ApiKey.ApiVersions, min: 0, max: 2 });
      expect(apis).toContainEqual({ key: ApiKey.Produce, min: 0, max: 7 });
      expect(apis).toContainEqual({ key: ApiKey.Fetch, min: 0, max: 11 });
    } finally {
      client.close();
    }
  });

  it('answers pipelined requests in order, even when an earlier one waits (long-poll fetch)', async () => {
    await admin.createTopics({ topics: [{ topic: 'net-poll', numPartitions: 1, replicationFactor: 1 }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['net-poll'] });
    const leader = topics[0]!.partitions[0]!.leader;
    const client = await RawClient.open(
      dc.brokers.find((b) => b.id === leader)!.host + ':' + dc.brokers.find((b) => b.id === leader)!.port,
    );
    try {
      const fetch = new Writer()
        .int32(-1)
        .int32(20_000)
        .int32(1)
        .int32(1 << 20)
        .int8(0)
        .array(['net-poll'], (w, t) =>
          w.string(t).array([0], (x, p) =>
            x
              .int32(p)
              .int64(0)
              .int32(1 << 20),
          ),
        )
        .build();
      client.send(ApiKey.Fetch, 4, 1, fetch);
      client.send(ApiKey.ApiVersions, 0, 2, apiVersionsRequest());
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 'net-poll', messages: [{ value: 'wake-up' }] });
      await producer.disconnect();
      const first = await client.receive();
      const second = await client.receive();
      expect([first.correlationId, second.correlationId]).toEqual([1, 2]);
      expect(first.body.includes(Buffer.from('wake-up'))).toBe(true);
    } finally {
      client.close();
    }
  });

  it('closes the connection on malformed or unknown requests and keeps serving others', async () => {
    const truncated = await RawClient.open(dc.bootstrap[0]!);
    truncated.send(ApiKey.Metadata, 1, 1, Buffer.from([0, 0, 0, 5, 0]));
    await truncated.waitClosed();
    const unknown = await RawClient.open(dc.bootstrap[0]!);
    unknown.send(999, 0, 1, Buffer.alloc(0));
    await unknown.waitClosed();
    const hugeFrame = await RawClient.open(dc.bootstrap[0]!);
    hugeFrame.sendRaw(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]));
    await hugeFrame.waitClosed();
    const badVersion = await RawClient.open(dc.bootstrap[0]!);
    badVersion.send(ApiKey.Produce, 8, 1, Buffer.alloc(0));
    await badVersion.waitClosed();
    await waitFor(async () => (await admin.listTopics()).length > 0, 'admin still served');
  });

  it('lists only live brokers and the controller in metadata', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
    expect(cluster.controller).toBe(1);
    expect(cluster.clusterId).toBe('devcluster-dlq-desk');
  });
});
