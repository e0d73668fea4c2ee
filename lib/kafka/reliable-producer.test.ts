// The reliable producer against the embedded cluster over real TCP (3 brokers, replication factor 3,
// min.insync.replicas 2): per-record results and error classification, dropped responses, metrics.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { consumeAll, kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';
import { createReliableProducer, type ReliableProducer, type ReliableRecord } from './reliable-producer';

const CONSUMER_RETRY = { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 };

/** The values of a single-partition topic, in offset order. */
async function valuesInOffsetOrder(kafka: Kafka, topic: string): Promise<string[]> {
  return (await consumeAll(kafka, topic))
    .sort((a, b) => Number(a.message.offset) - Number(b.message.offset))
    .map((c) => c.message.value!.toString());
}

function startRf3Cluster(electionDelayMs = 250): Promise<DevCluster> {
  return startCluster({ brokers: 3, topicDefaults: { 'min.insync.replicas': '2' }, electionDelayMs });
}

describe('one send spanning topics, partitions and failures', () => {
  let dc: DevCluster;
  let kafka: Kafka;
  let producer: ReliableProducer;

  beforeAll(async () => {
    dc = await startRf3Cluster();
    kafka = kafkaFor(dc.bootstrap, CONSUMER_RETRY);
    producer = createReliableProducer({ brokers: dc.bootstrap, deliveryTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await producer.close();
    await dc.stop();
  });

  it('reports each record in input order with its Kafka error name, sending the rest', async () => {
    dc.admin.createTopic({
      name: 'small',
      partitions: 1,
      replicationFactor: 3,
      configs: { 'max.message.bytes': '4000' },
    });
    dc.admin.createTopic({ name: 'wide', partitions: 6, replicationFactor: 3 });
    const records: ReliableRecord[] = [];
    for (let i = 0; i < 10; i++) records.push({ topic: 'small', key: `k${i}`, value: `small-${i}` });
    records.push({ topic: 'small', key: 'big', value: Buffer.alloc(6000, 1) });
    for (let i = 10; i < 20; i++) records.push({ topic: 'small', key: `k${i}`, value: `small-${i}` });
    for (let i = 0; i < 60; i++)
      records.push({ topic: 'wide', key: `key-${i}`, value: `wide-${i}`, headers: { n: String(i) } });
    records.push({ topic: 'does-not-exist', key: 'x', value: 'nowhere' });
    records.push({ topic: 'wide', partition: 6, key: null, value: 'no such partition' });
    records.push({
      topic: 'wide',
      key: 'h',
      value: 'null header',
      headers: { bad: null as unknown as string },
    });
    records.push({ topic: 'wide', key: 'n', value: 42 as unknown as string });

    const results = await producer.send(records);
    expect(results).toHaveLength(records.length);

    expect(results[10]).toMatchObject({
      ok: false,
      retriable: false,
      errorName: 'MESSAGE_TOO_LARGE',
      topic: 'small',
    });
    expect(results[81]).toMatchObject({
      ok: false,
      retriable: false,
      errorName: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
    expect(results[82]).toMatchObject({
      ok: false,
      retriable: false,
      errorName: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
    expect(results[83]).toMatchObject({
      ok: false,
      retriable: false,
      errorName: 'INVALID_RECORD',
      message: 'header "bad" has a null or non-string value',
    });
    expect(results[84]).toMatchObject({
      ok: false,
      retriable: false,
      errorName: 'INVALID_RECORD',
      message: 'the value is not a string, a Buffer or null',
    });
    const okIndexes = results.flatMap((r, i) => (r.ok ? [i] : []));
    expect(okIndexes).toEqual([
      ...Array.from({ length: 10 }, (_, i) => i),
      ...Array.from({ length: 70 }, (_, i) => i + 11),
    ]);

    // Topics are never auto-created, although this cluster would create them on request.
    expect(dc.cluster.settings.autoCreateTopics).toBe(true);
    expect(dc.admin.topicNames()).not.toContain('does-not-exist');

    // What was reported is exactly what landed: same partition, offset and value; nothing else.
    for (const topic of ['small', 'wide']) {
      const consumed = await consumeAll(kafka, topic);
      const expected = records.flatMap((r, i) => {
        const result = results[i]!;
        return result.ok && r.topic === topic
          ? [`${result.partition}:${result.offset}:${String(r.value)}`]
          : [];
      });
      const landed = consumed.map((c) => `${c.partition}:${c.message.offset}:${c.message.value!.toString()}`);
      expect(landed.sort()).toEqual(expected.sort());
    }
    expect(await valuesInOffsetOrder(kafka, 'small')).toEqual(
      Array.from({ length: 20 }, (_, i) => `small-${i}`),
    );

    const metrics = producer.metrics();
    expect(metrics.totals.recordsSent).toBe(80);
    expect(metrics.totals.recordsFailed).toBe(5);
    expect(metrics.totals.failuresByError).toEqual({
      MESSAGE_TOO_LARGE: 1,
      UNKNOWN_TOPIC_OR_PARTITION: 2,
      INVALID_RECORD: 2,
    });
    expect(metrics.rates.sendRate).toBeGreaterThan(0);
    expect(metrics.rates.errorRate).toBeGreaterThan(0);
    expect(metrics.inFlight).toEqual({ records: 0, requests: 0 });
  });

  it('keys choose the same partitions as kafkajs and the Java client (murmur2)', async () => {
    const keyed = await producer.send([{ topic: 'wide', key: 'key-7', value: 'again' }]);
    const again = await producer.send([{ topic: 'wide', key: 'key-7', value: 'and again' }]);
    expect(keyed[0]).toMatchObject({ ok: true });
    expect(again[0]).toMatchObject({ ok: true, partition: (keyed[0] as { partition: number }).partition });
  });
});

describe('dropped produce responses', () => {
  let dc: DevCluster;
  let producer: ReliableProducer | undefined;

  beforeAll(async () => {
    dc = await startRf3Cluster();
  });

  afterEach(async () => {
    await producer?.close();
  });

  afterAll(async () => {
    await dc.stop();
  });

  it('are retried without a single duplicate', async () => {
    dc.admin.createTopic({ name: 'drops', partitions: 3, replicationFactor: 3 });
    producer = createReliableProducer({
      brokers: dc.bootstrap,
      deliveryTimeoutMs: 30_000,
      maxBatchRecords: 100,
    });
    const records: ReliableRecord[] = Array.from({ length: 3000 }, (_, i) => ({
      topic: 'drops',
      key: `key-${i % 97}`,
      value: String(i),
    }));
    await producer.send(records.slice(0, 300));
    dc.faults.dropResponses({ api: 'Produce', count: 4 });
    const results = [
      ...(await producer.send(records.slice(300, 2000))),
      ...(await producer.send(records.slice(2000))),
    ];
    expect(dc.faults.pending().drops).toBe(0);
    expect(results.every((r) => r.ok)).toBe(true);

    const consumed = await consumeAll(kafkaFor(dc.bootstrap, CONSUMER_RETRY), 'drops');
    const values = consumed.map((c) => Number(c.message.value!.toString()));
    expect(values).toHaveLength(3000);
    expect(new Set(values).size).toBe(3000);
    expect(producer.metrics().totals.recordsSent).toBe(3000);
  });
});

describe('min.insync.replicas not met', () => {
  let dc: DevCluster;
  let producer: ReliableProducer | undefined;

  beforeAll(async () => {
    dc = await startRf3Cluster(0);
  });

  afterAll(async () => {
    await producer?.close();
    await dc.stop();
  });

  it('NOT_ENOUGH_REPLICAS is retried until the delivery timeout, then reported retriable', async () => {
    dc.admin.createTopic({ name: 'isr', partitions: 2, replicationFactor: 3 });
    producer = createReliableProducer({ brokers: dc.bootstrap, deliveryTimeoutMs: 3_000, maxRetryMs: 500 });
    expect((await producer.send([{ topic: 'isr', key: 'before', value: 'before' }]))[0]).toMatchObject({
      ok: true,
    });
    await dc.faults.stopBroker(2);
    await dc.faults.stopBroker(3);

    const records = Array.from({ length: 6 }, (_, i) => ({ topic: 'isr', key: `k${i}`, value: `v${i}` }));
    const results = await producer.send(records);
    for (const result of results)
      expect(result).toMatchObject({
        ok: false,
        retriable: true,
        errorName: 'NOT_ENOUGH_REPLICAS',
        maybeWritten: false,
      });
    const metrics = producer.metrics();
    expect(metrics.totals.retries).toBeGreaterThan(2);
    expect(metrics.totals.failuresByError).toEqual({ NOT_ENOUGH_REPLICAS: 6 });
    expect(metrics.rates.retryRate).toBeGreaterThan(0);
    expect([0, 1].map((p) => dc.admin.partitionState('isr', p).highWatermark).reduce((a, b) => a + b)).toBe(
      1,
    );

    await dc.faults.startBroker(2);
    const again = await producer.send(records);
    expect(again.every((r) => r.ok)).toBe(true);
  });
});

describe('giving up after an ambiguous failure', () => {
  let dc: DevCluster;
  let producer: ReliableProducer | undefined;

  beforeAll(async () => {
    dc = await startRf3Cluster();
  });

  afterAll(async () => {
    await producer?.close();
    await dc.stop();
  });

  it('reports maybeWritten and takes a new producer id, so the next batch is not taken for a duplicate', async () => {
    dc.admin.createTopic({ name: 'ambiguous', partitions: 1, replicationFactor: 3 });
    producer = createReliableProducer({
      brokers: dc.bootstrap,
      requestTimeoutMs: 1000,
      deliveryTimeoutMs: 3000,
      maxRetryMs: 300,
    });
    const batch = (prefix: string) =>
      [0, 1, 2].map((i) => ({ topic: 'ambiguous', key: null, value: `${prefix}${i}` }));
    expect((await producer.send(batch('a'))).every((r) => r.ok)).toBe(true);

    // Appended at once, answered too late: every attempt times out although the first one was written.
    dc.faults.setLatency({ api: 'Produce', ms: 2000 });
    const timedOut = await producer.send(batch('b'));
    for (const result of timedOut)
      expect(result).toMatchObject({ ok: false, retriable: true, maybeWritten: true });
    dc.faults.setLatency({ api: 'Produce', ms: 0 });

    // Same partition, same record count: under the old producer id these would reuse the sequence
    // numbers of the written b-batch and be acknowledged as its duplicate without being stored.
    expect((await producer.send(batch('c'))).every((r) => r.ok)).toBe(true);
    expect(producer.metrics().totals.producerResets).toBe(1);

    const values = await valuesInOffsetOrder(kafkaFor(dc.bootstrap, CONSUMER_RETRY), 'ambiguous');
    expect(values).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2', 'c0', 'c1', 'c2']);
  });

  it('gives up a request kafkajs never settles by the delivery deadline, as maybe written, then takes a new producer id', async () => {
    dc.admin.createTopic({ name: 'unsettled', partitions: 1, replicationFactor: 3 });
    // A client that never times out its requests stands in for kafkajs's requests on a connection it is closing.
    const kafka = new Kafka({
      clientId: 'unsettled-test',
      brokers: dc.bootstrap,
      requestTimeout: 600_000,
      enforceRequestTimeout: false,
      logLevel: logLevel.NOTHING,
    });
    const unsettled = createReliableProducer({ kafka, deliveryTimeoutMs: 2000, maxRetryMs: 300 });
    try {
      const batch = (prefix: string) =>
        [0, 1].map((i) => ({ topic: 'unsettled', key: null, value: `${prefix}${i}` }));
      expect((await unsettled.send(batch('a'))).every((r) => r.ok)).toBe(true);

      // Appended at once, answered after 6 s: past the deadline (2 s) and one request timeout (2 s) more.
      dc.faults.setLatency({ api: 'Produce', ms: 6000 });
      const given = await unsettled.send(batch('b'));
      for (const result of given)
        expect(result).toMatchObject({
          ok: false,
          retriable: true,
          maybeWritten: true,
          errorName: 'DELIVERY_TIMEOUT',
        });
      dc.faults.setLatency({ api: 'Produce', ms: 0 });

      expect((await unsettled.send(batch('c'))).every((r) => r.ok)).toBe(true);
      expect(unsettled.metrics().totals.producerResets).toBe(1);
      const values = await valuesInOffsetOrder(kafkaFor(dc.bootstrap, CONSUMER_RETRY), 'unsettled');
      expect(values).toEqual(['a0', 'a1', 'b0', 'b1', 'c0', 'c1']);
    } finally {
      await unsettled.close();
    }
  });
});
