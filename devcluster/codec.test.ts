// Codec round trips with kafkajs 2.2.4 as the oracle: kafkajs encodes each request, our decoder reads
// it; our encoder writes each response, kafkajs's decoder reads it. Every API and version we advertise,
// legacy message sets (Produce v0-2, Fetch v0-3) included.
import { describe, expect, it } from 'vitest';
import { encodeApiVersionsResponse } from './apis/api-versions';
import { decodeCreatePartitionsRequest, encodeCreatePartitionsResponse } from './apis/create-partitions';
import { decodeCreateTopicsRequest, encodeCreateTopicsResponse } from './apis/create-topics';
import { decodeDeleteRecordsRequest, encodeDeleteRecordsResponse } from './apis/delete-records';
import { decodeDeleteTopicsRequest, encodeDeleteTopicsResponse } from './apis/delete-topics';
import { decodeDescribeConfigsRequest, encodeDescribeConfigsResponse } from './apis/describe-configs';
import { decodeFetchRequest, encodeFetchResponse } from './apis/fetch';
import { decodeInitProducerIdRequest, encodeInitProducerIdResponse } from './apis/init-producer-id';
import { decodeListOffsetsRequest, encodeListOffsetsResponse } from './apis/list-offsets';
import { decodeMetadataRequest, encodeMetadataResponse } from './apis/metadata';
import { decodeProduceRequest, encodeProduceResponse } from './apis/produce';
import { crc32c } from './protocol/crc32c';
import { downConvertBatch, parseLegacyMessageSet } from './protocol/legacy-message-set';
import { Reader } from './protocol/reader';
import { decodeRecords, rebuildBatch, splitProducedBatches, stampBatch } from './protocol/record-batch';
import type { Writer } from './protocol/writer';
import {
  KafkajsCompression,
  kafkajsBatch,
  kafkajsDecode,
  kafkajsDecodeBatch,
  kafkajsRequestBody,
} from './test-support/kafkajs-codecs';

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const body = (w: Writer): Buffer => w.build();

/** Decodes with our decoder and checks the whole body was consumed. */
function decodeAll<T>(buf: Buffer, decode: (r: Reader) => T): T {
  const r = new Reader(buf);
  const out = decode(r);
  expect(r.remaining()).toBe(0);
  return out;
}

describe('record batch v2', () => {
  it('computes CRC-32C (Castagnoli) check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('reads kafkajs batches (plain and gzip) and stamps offset and leader epoch outside the CRC', async () => {
    for (const compression of [KafkajsCompression.None, KafkajsCompression.GZIP]) {
      const sent = await kafkajsBatch({
        compression,
        producerId: 4242,
        producerEpoch: 3,
        firstSequence: 17,
        messages: [
          { key: 'k1', value: 'v1', headers: { h: ['a', 'b'], solo: 'x' }, timestamp: 1_700_000_000_000 },
          { key: null, value: null, timestamp: 1_700_000_000_005 },
        ],
      });
      const [batch] = splitProducedBatches(sent);
      expect(batch!.header).toMatchObject({
        magic: 2,
        recordCount: 2,
        lastOffsetDelta: 1,
        producerId: 4242,
        producerEpoch: 3,
        baseSequence: 17,
        firstTimestamp: 1_700_000_000_000,
        maxTimestamp: 1_700_000_000_005,
      });
      const records = await decodeRecords(sent);
      expect(records.map((r) => [r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
        ['k1', 'v1'],
        [null, null],
      ]);
      expect(records[0]!.headers.map((h) => [h.key, h.value?.toString()])).toEqual([
        ['h', 'a'],
        ['h', 'b'],
        ['solo', 'x'],
      ]);

      const stamped = stampBatch(sent, 1000, 7);
      splitProducedBatches(stamped);
      const decoded = await kafkajsDecodeBatch(stamped);
      expect(decoded.firstOffset).toBe('1000');
      expect(decoded.partitionLeaderEpoch).toBe(7);
      expect(decoded.records.map((r) => r.offset)).toEqual(['1000', '1001']);
    }
  });

  it('rejects a batch whose CRC does not match', async () => {
    const sent = await kafkajsBatch({ messages: [{ key: 'k', value: 'v', timestamp: 1 }] });
    sent.writeUInt8(sent.readUInt8(sent.length - 1) ^ 0xff, sent.length - 1);
    expect(() => splitProducedBatches(sent)).toThrow(/CRC/);
  });

  it('rebuilds a compacted batch that kafkajs reads, keeping offsets', async () => {
    const sent = await kafkajsBatch({
      compression: KafkajsCompression.GZIP,
      messages: [
        { key: 'a', value: '1', timestamp: 10 },
        { key: 'b', value: '2', timestamp: 11 },
        { key: 'c', value: '3', timestamp: 12 },
      ],
    });
    const stamped = stampBatch(sent, 50, 0);
    const records = await decodeRecords(stamped);
    const rebuilt = rebuildBatch(stamped, [records[0]!, records[2]!]);
    expect(crc32c(rebuilt, 21)).toBe(rebuilt.readUInt32BE(17));
    const decoded = await kafkajsDecodeBatch(rebuilt);
    expect(decoded.records.map((r) => [r.offset, r.key?.toString(), r.value?.toString()])).toEqual([
      ['50', 'a', '1'],
      ['52', 'c', '3'],
    ]);
  });
});

describe('ApiVersions v0-2', () => {
  it.each(range(0, 2))('v%i response', async (v) => {
    const apis = [
      { apiKey: 0, minVersion: 0, maxVersion: 7 },
      { apiKey: 18, minVersion: 0, maxVersion: 2 },
    ];
    const decoded = await kafkajsDecode(
      'apiVersions',
      v,
      body(encodeApiVersionsResponse(v, { errorCode: 0, apis })),
    );
    expect(decoded.apiVersions).toEqual(apis);
    expect(decoded.errorCode).toBe(0);
  });
});

describe('Metadata v0-6', () => {
  it.each(range(0, 6))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('metadata', v, {
      topics: ['a', 'b'],
      allowAutoTopicCreation: false,
    });
    const req = decodeAll(buf, (r) => decodeMetadataRequest(r, v));
    expect(req.topics).toEqual(['a', 'b']);
    expect(req.allowAutoTopicCreation).toBe(v < 4);
    if (v >= 1) {
      // kafkajs writes an empty topic list as null, which means "all topics".
      const all = decodeAll(await kafkajsRequestBody('metadata', v, { topics: [] }), (r) =>
        decodeMetadataRequest(r, v),
      );
      expect(all.topics).toBeNull();
    }

    const res = encodeMetadataResponse(v, {
      brokers: [
        { nodeId: 1, host: '127.0.0.1', port: 9092, rack: null },
        { nodeId: 2, host: '127.0.0.1', port: 9093, rack: null },
      ],
      clusterId: 'c1',
      controllerId: 2,
      topics: [
        {
          errorCode: 0,
          name: 'a',
          isInternal: false,
          partitions: [
            {
              errorCode: 0,
              partitionIndex: 0,
              leaderId: 1,
              replicaNodes: [1, 2],
              isrNodes: [1, 2],
              offlineReplicas: [],
            },
            {
              errorCode: 5,
              partitionIndex: 1,
              leaderId: -1,
              replicaNodes: [2, 3],
              isrNodes: [2],
              offlineReplicas: [3],
            },
          ],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      brokers: { nodeId: number; port: number }[];
      controllerId?: number;
      clusterId?: string;
      topicMetadata: { topic: string; partitionMetadata: Record<string, unknown>[] }[];
    }>('metadata', v, body(res));
    expect(decoded.brokers.map((b) => [b.nodeId, b.port])).toEqual([
      [1, 9092],
      [2, 9093],
    ]);
    if (v >= 1) expect(decoded.controllerId).toBe(2);
    if (v >= 2) expect(decoded.clusterId).toBe('c1');
    expect(decoded.topicMetadata[0]!.topic).toBe('a');
    expect(decoded.topicMetadata[0]!.partitionMetadata[1]).toMatchObject({
      partitionErrorCode: 5,
      partitionId: 1,
      leader: -1,
      replicas: [2, 3],
      isr: [2],
      ...(v >= 5 ? { offlineReplicas: [3] } : {}),
    });
  });
});

describe('Produce v0-7', () => {
  it.each(range(0, 2))('v%i request (legacy message set) and response', async (v) => {
    const buf = await kafkajsRequestBody('produce', v, {
      acks: 1,
      timeout: 30000,
      // kafkajs compresses legacy message sets only from v2 (magic 1).
      compression: v === 2 ? KafkajsCompression.GZIP : KafkajsCompression.None,
      topicData: [
        {
          topic: 't',
          partitions: [
            {
              partition: 2,
              messages: [
                { key: 'k1', value: 'v1', timestamp: 1_700_000_000_000 },
                { key: null, value: null, timestamp: 1_700_000_000_009 },
              ],
            },
          ],
        },
      ],
    });
    const req = decodeAll(buf, (r) => decodeProduceRequest(r, v));
    expect(req).toMatchObject({ transactionalId: null, acks: 1, timeoutMs: 30000 });
    const part = req.topics[0]!.partitions[0]!;
    expect(part.index).toBe(2);
    expect(parseLegacyMessageSet(part.records!)).toEqual({
      codec: v === 2 ? 1 : 0,
      records: [
        { timestamp: v === 2 ? 1_700_000_000_000 : -1, key: Buffer.from('k1'), value: Buffer.from('v1') },
        { timestamp: v === 2 ? 1_700_000_000_009 : -1, key: null, value: null },
      ],
    });

    const res = encodeProduceResponse(v, {
      topics: [
        {
          name: 't',
          partitions: [{ index: 2, errorCode: 0, baseOffset: 123, logAppendTimeMs: -1, logStartOffset: 4 }],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      topics: { topicName: string; partitions: Record<string, unknown>[] }[];
      throttleTime?: number;
    }>('produce', v, body(res));
    expect(decoded.topics[0]!.topicName).toBe('t');
    expect(decoded.topics[0]!.partitions[0]).toEqual({
      partition: 2,
      errorCode: 0,
      offset: '123',
      ...(v >= 2 ? { timestamp: '-1' } : {}),
    });
    expect(decoded.throttleTime).toBe(v >= 1 ? 0 : undefined);
  });

  it.each(range(3, 7))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('produce', v, {
      acks: -1,
      timeout: 30000,
      producerId: 77,
      producerEpoch: 1,
      topicData: [
        {
          topic: 't',
          partitions: [
            { partition: 2, firstSequence: 5, messages: [{ key: 'k', value: 'v', headers: { h: 'x' } }] },
          ],
        },
      ],
    });
    const req = decodeAll(buf, (r) => decodeProduceRequest(r, v));
    expect(req).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
    expect(req.topics[0]!.name).toBe('t');
    const part = req.topics[0]!.partitions[0]!;
    expect(part.index).toBe(2);
    const [batch] = splitProducedBatches(part.records!);
    expect(batch!.header).toMatchObject({
      producerId: 77,
      producerEpoch: 1,
      baseSequence: 5,
      recordCount: 1,
    });

    const res = encodeProduceResponse(v, {
      topics: [
        {
          name: 't',
          partitions: [{ index: 2, errorCode: 0, baseOffset: 123, logAppendTimeMs: -1, logStartOffset: 4 }],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      topics: { topicName: string; partitions: Record<string, unknown>[] }[];
    }>('produce', v, body(res));
    expect(decoded.topics[0]!.topicName).toBe('t');
    expect(decoded.topics[0]!.partitions[0]).toMatchObject({
      partition: 2,
      errorCode: 0,
      baseOffset: '123',
      logAppendTime: '-1',
      ...(v >= 5 ? { logStartOffset: '4' } : {}),
    });
  });
});

describe('Fetch v0-11', () => {
  it.each(range(0, 3))('v%i request and down-converted response', async (v) => {
    const buf = await kafkajsRequestBody('fetch', v, {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 10485760,
      topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: '43', maxBytes: 1048576 }] }],
    });
    const req = decodeAll(buf, (r) => decodeFetchRequest(r, v));
    expect(req).toMatchObject({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: v >= 3 ? 10485760 : 0x7fffffff,
      isolationLevel: 0,
    });
    expect(req.topics[0]!.partitions[0]).toMatchObject({ index: 0, fetchOffset: 43, maxBytes: 1048576 });

    const plain = stampBatch(
      await kafkajsBatch({
        messages: [
          { key: 'k0', value: 'skipped: before the fetch offset', timestamp: 1000 },
          { key: 'k1', value: 'v1', headers: { dropped: 'x' }, timestamp: 1001 },
        ],
      }),
      42,
      0,
    );
    const gzip = stampBatch(
      await kafkajsBatch({
        compression: KafkajsCompression.GZIP,
        messages: [
          { key: null, value: 'v2', timestamp: 1002 },
          { key: 'k3', value: null, timestamp: 1005 },
        ],
      }),
      44,
      0,
    );
    const magic = v <= 1 ? 0 : 1;
    const sets = [await downConvertBatch(plain, magic, 43), await downConvertBatch(gzip, magic, 43)];
    const res = encodeFetchResponse(v, {
      errorCode: 0,
      sessionId: 0,
      topics: [
        {
          name: 't',
          partitions: [
            {
              index: 0,
              errorCode: 0,
              highWatermark: 46,
              lastStableOffset: 46,
              logStartOffset: 0,
              abortedTransactions: [],
              preferredReadReplica: -1,
              records: sets,
              recordsSize: sets[0]!.length + sets[1]!.length,
            },
          ],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      throttleTime?: number;
      responses: { topicName: string; partitions: Record<string, unknown>[] }[];
    }>('fetch', v, body(res));
    expect(decoded.throttleTime).toBe(v >= 1 ? 0 : undefined);
    const p = decoded.responses[0]!.partitions[0]! as {
      messages: {
        offset: string;
        magicByte: number;
        key: Buffer | null;
        value: Buffer | null;
        timestamp?: string;
      }[];
    };
    expect(p).toMatchObject({ partition: 0, errorCode: 0, highWatermark: '46' });
    expect(
      p.messages.map((m) => [m.offset, m.magicByte, m.key?.toString() ?? null, m.value?.toString() ?? null]),
    ).toEqual([
      ['43', magic, 'k1', 'v1'],
      ['44', magic, null, 'v2'],
      ['45', magic, 'k3', null],
    ]);
    expect(p.messages.map((m) => m.timestamp)).toEqual(
      magic === 1 ? ['1001', '1002', '1005'] : [undefined, undefined, undefined],
    );
  });

  it.each(range(4, 11))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('fetch', v, {
      replicaId: -1,
      maxWaitTime: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
      topics: [
        {
          topic: 't',
          partitions: [
            {
              partition: 0,
              fetchOffset: '42',
              maxBytes: 1048576,
              logStartOffset: '3',
              currentLeaderEpoch: 2,
            },
          ],
        },
      ],
      rackId: 'rack-a',
    });
    const req = decodeAll(buf, (r) => decodeFetchRequest(r, v));
    expect(req).toMatchObject({
      replicaId: -1,
      maxWaitMs: 500,
      minBytes: 1,
      maxBytes: 10485760,
      isolationLevel: 1,
    });
    expect(req.topics[0]!.partitions[0]).toMatchObject({
      index: 0,
      fetchOffset: 42,
      maxBytes: 1048576,
      logStartOffset: v >= 5 ? 3 : -1,
      currentLeaderEpoch: v >= 9 ? 2 : -1,
    });
    if (v >= 7) expect(req).toMatchObject({ sessionId: 0, sessionEpoch: -1 });
    if (v >= 11) expect(req.rackId).toBe('rack-a');

    const b1 = stampBatch(
      await kafkajsBatch({
        messages: [{ key: 'k1', value: 'v1', headers: { h: ['1', '2'] }, timestamp: 1000 }],
      }),
      42,
      0,
    );
    const b2 = stampBatch(
      await kafkajsBatch({
        compression: KafkajsCompression.GZIP,
        messages: [{ key: 'k2', value: 'v2', timestamp: 1001 }],
      }),
      43,
      0,
    );
    const res = encodeFetchResponse(v, {
      errorCode: 0,
      sessionId: 0,
      topics: [
        {
          name: 't',
          partitions: [
            {
              index: 0,
              errorCode: 0,
              highWatermark: 44,
              lastStableOffset: 44,
              logStartOffset: 3,
              abortedTransactions: [],
              preferredReadReplica: -1,
              records: [b1, b2],
              recordsSize: b1.length + b2.length,
            },
          ],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      errorCode?: number;
      sessionId?: number;
      responses: { topicName: string; partitions: Record<string, unknown>[] }[];
    }>('fetch', v, body(res));
    if (v >= 7) expect(decoded).toMatchObject({ errorCode: 0, sessionId: 0 });
    const p = decoded.responses[0]!.partitions[0]! as {
      messages: { offset: string; key: Buffer; value: Buffer; headers: Record<string, Buffer[]> }[];
    };
    expect(p).toMatchObject({ partition: 0, errorCode: 0, highWatermark: '44', lastStableOffset: '44' });
    if (v >= 5) expect(p).toMatchObject({ lastStartOffset: '3' });
    if (v >= 11) expect(p).toMatchObject({ preferredReadReplica: -1 });
    expect(p.messages.map((m) => [m.offset, m.key.toString(), m.value.toString()])).toEqual([
      ['42', 'k1', 'v1'],
      ['43', 'k2', 'v2'],
    ]);
    expect(p.messages[0]!.headers.h!.map(String)).toEqual(['1', '2']);
  });
});

describe('ListOffsets v0-3', () => {
  it.each(range(0, 3))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('listOffsets', v, {
      replicaId: -1,
      isolationLevel: 1,
      topics: [{ topic: 't', partitions: [{ partition: 1, timestamp: -2 }] }],
    });
    const req = decodeAll(buf, (r) => decodeListOffsetsRequest(r, v));
    expect(req.replicaId).toBe(-1);
    expect(req.topics[0]!.partitions[0]).toMatchObject({ index: 1, timestamp: -2 });
    if (v >= 2) expect(req.isolationLevel).toBe(1);

    const res = encodeListOffsetsResponse(v, {
      topics: [
        {
          name: 't',
          partitions: [{ index: 1, errorCode: 0, oldStyleOffsets: [17], timestamp: 99, offset: 17 }],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      responses: { topic: string; partitions: Record<string, unknown>[] }[];
    }>('listOffsets', v, body(res));
    expect(decoded.responses[0]!.topic).toBe('t');
    if (v === 0)
      expect(decoded.responses[0]!.partitions[0]).toMatchObject({
        partition: 1,
        errorCode: 0,
        offsets: ['17'],
      });
    else
      expect(decoded.responses[0]!.partitions[0]).toMatchObject({
        partition: 1,
        errorCode: 0,
        timestamp: '99',
        offset: '17',
      });
  });
});

describe('InitProducerId v0-1', () => {
  it.each(range(0, 1))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('initProducerId', v, {
      transactionalId: null,
      transactionTimeout: 60000,
    });
    expect(decodeAll(buf, (r) => decodeInitProducerIdRequest(r, v))).toEqual({
      transactionalId: null,
      transactionTimeoutMs: 60000,
    });
    const decoded = await kafkajsDecode(
      'initProducerId',
      v,
      body(encodeInitProducerIdResponse(v, { errorCode: 0, producerId: 1001, producerEpoch: 0 })),
    );
    expect(decoded).toMatchObject({ errorCode: 0, producerId: '1001', producerEpoch: 0 });
  });
});

describe('CreateTopics v0-3', () => {
  it.each(range(0, 3))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('createTopics', v, {
      topics: [
        {
          topic: 'a',
          numPartitions: 3,
          replicationFactor: 2,
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
        { topic: 'b', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] },
      ],
      validateOnly: true,
      timeout: 5000,
    });
    const req = decodeAll(buf, (r) => decodeCreateTopicsRequest(r, v));
    expect(req.timeoutMs).toBe(5000);
    expect(req.validateOnly).toBe(v >= 1);
    expect(req.topics[0]).toEqual({
      name: 'a',
      numPartitions: 3,
      replicationFactor: 2,
      assignments: [],
      configs: [{ name: 'cleanup.policy', value: 'compact' }],
    });
    expect(req.topics[1]).toMatchObject({
      name: 'b',
      numPartitions: -1,
      replicationFactor: -1,
      assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }],
    });

    const res = encodeCreateTopicsResponse(v, {
      topics: [
        { name: 'a', errorCode: 0, errorMessage: null },
        { name: 'b', errorCode: 36, errorMessage: "Topic 'b' already exists." },
      ],
    });
    const decoded = await kafkajsDecode<{ topicErrors: Record<string, unknown>[] }>(
      'createTopics',
      v,
      body(res),
    );
    expect(decoded.topicErrors).toEqual([
      expect.objectContaining({ topic: 'a', errorCode: 0 }),
      expect.objectContaining({
        topic: 'b',
        errorCode: 36,
        ...(v >= 1 ? { errorMessage: "Topic 'b' already exists." } : {}),
      }),
    ]);
  });
});

describe('DeleteTopics v0-1', () => {
  it.each(range(0, 1))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('deleteTopics', v, { topics: ['a', 'b'], timeout: 3000 });
    expect(decodeAll(buf, (r) => decodeDeleteTopicsRequest(r, v))).toEqual({
      topics: ['a', 'b'],
      timeoutMs: 3000,
    });
    const res = encodeDeleteTopicsResponse(v, {
      topics: [
        { name: 'a', errorCode: 0 },
        { name: 'b', errorCode: 3 },
      ],
    });
    const decoded = await kafkajsDecode<{ topicErrors: unknown[] }>('deleteTopics', v, body(res));
    expect(decoded.topicErrors).toEqual([
      { topic: 'a', errorCode: 0 },
      { topic: 'b', errorCode: 3 },
    ]);
  });
});

describe('DescribeConfigs v0-2', () => {
  it.each(range(0, 2))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('describeConfigs', v, {
      resources: [
        { type: 2, name: 't', configNames: ['retention.ms'] },
        { type: 4, name: '1', configNames: [] },
      ],
      includeSynonyms: true,
    });
    const req = decodeAll(buf, (r) => decodeDescribeConfigsRequest(r, v));
    expect(req.resources).toEqual([
      { type: 2, name: 't', configNames: ['retention.ms'] },
      { type: 4, name: '1', configNames: null },
    ]);
    expect(req.includeSynonyms).toBe(v >= 1);

    const res = encodeDescribeConfigsResponse(v, {
      results: [
        {
          errorCode: 0,
          errorMessage: null,
          type: 2,
          name: 't',
          configs: [
            {
              name: 'retention.ms',
              value: '1000',
              readOnly: false,
              source: 1,
              isSensitive: false,
              synonyms: [
                { name: 'retention.ms', value: '1000', source: 1 },
                { name: 'log.retention.ms', value: '604800000', source: 5 },
              ],
            },
          ],
        },
      ],
    });
    const decoded = await kafkajsDecode<{
      resources: { resourceName: string; configEntries: Record<string, unknown>[] }[];
    }>('describeConfigs', v, body(res));
    expect(decoded.resources[0]!.resourceName).toBe('t');
    expect(decoded.resources[0]!.configEntries[0]).toMatchObject({
      configName: 'retention.ms',
      configValue: '1000',
      readOnly: false,
      isDefault: false,
      isSensitive: false,
      ...(v >= 1
        ? {
            configSource: 1,
            configSynonyms: [
              { configName: 'retention.ms', configValue: '1000', configSource: 1 },
              { configName: 'log.retention.ms', configValue: '604800000', configSource: 5 },
            ],
          }
        : {}),
    });
  });
});

describe('DeleteRecords v0-1', () => {
  it.each(range(0, 1))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('deleteRecords', v, {
      topics: [{ topic: 't', partitions: [{ partition: 0, offset: '5' }] }],
      timeout: 2000,
    });
    expect(decodeAll(buf, (r) => decodeDeleteRecordsRequest(r, v))).toEqual({
      topics: [{ name: 't', partitions: [{ index: 0, offset: 5 }] }],
      timeoutMs: 2000,
    });
    const res = encodeDeleteRecordsResponse(v, {
      topics: [{ name: 't', partitions: [{ index: 0, lowWatermark: 5, errorCode: 0 }] }],
    });
    const decoded = await kafkajsDecode<{
      topics: {
        topic: string;
        partitions: { partition: number; lowWatermark: { toString(): string }; errorCode: number }[];
      }[];
    }>('deleteRecords', v, body(res));
    const p = decoded.topics[0]!.partitions[0]!;
    expect([decoded.topics[0]!.topic, p.partition, p.lowWatermark.toString(), p.errorCode]).toEqual([
      't',
      0,
      '5',
      0,
    ]);
  });
});

describe('CreatePartitions v0-1', () => {
  it.each(range(0, 1))('v%i request and response', async (v) => {
    const buf = await kafkajsRequestBody('createPartitions', v, {
      topicPartitions: [
        { topic: 'a', count: 4, assignments: [[1, 2]] },
        { topic: 'b', count: 2 },
      ],
      validateOnly: true,
      timeout: 1000,
    });
    expect(decodeAll(buf, (r) => decodeCreatePartitionsRequest(r, v))).toEqual({
      topics: [
        { name: 'a', count: 4, assignments: [[1, 2]] },
        { name: 'b', count: 2, assignments: null },
      ],
      timeoutMs: 1000,
      validateOnly: true,
    });
    const res = encodeCreatePartitionsResponse(v, {
      results: [
        { name: 'a', errorCode: 0, errorMessage: null },
        { name: 'b', errorCode: 37, errorMessage: 'Topic already has 2 partitions.' },
      ],
    });
    const decoded = await kafkajsDecode<{ topicErrors: Record<string, unknown>[] }>(
      'createPartitions',
      v,
      body(res),
    );
    expect(decoded.topicErrors).toEqual([
      expect.objectContaining({ topic: 'a', errorCode: 0 }),
      expect.objectContaining({ topic: 'b', errorCode: 37 }),
    ]);
  });
});
