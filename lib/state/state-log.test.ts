// The state log against the embedded cluster over real TCP (3 brokers): topic creation, round trips,
// the end of a read fixed at the call, a broker stopped in the middle of appends, and compaction.
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';
import { STATE_TOPIC, StateLog, StateWriteError } from './state-log';

const RETRY = { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 };

interface Read {
  key: string;
  value: unknown;
  offset: string;
}

async function readAll(log: StateLog): Promise<Read[]> {
  const out: Read[] = [];
  await log.readAll((key, value, offset) => {
    out.push({ key, value, offset });
  });
  return out;
}

describe('StateLog', () => {
  let dc: DevCluster;
  let kafka: Kafka;
  const opened: StateLog[] = [];

  const open = async (
    ...args: Parameters<typeof StateLog.open> extends [unknown, ...infer R] ? R : never
  ) => {
    const log = await StateLog.open(kafka, ...args);
    opened.push(log);
    return log;
  };

  beforeAll(async () => {
    dc = await startCluster({ brokers: 3, cleanerIntervalMs: 60_000 });
    kafka = kafkaFor(dc.bootstrap, RETRY);
  });

  afterAll(async () => {
    for (const log of opened) await log.close();
    await dc.stop();
  });

  it('creates the compacted state topic once, replicated three times with min.insync.replicas 2', async () => {
    const log = await open();
    expect(log.topic).toBe(STATE_TOPIC);
    await open(); // a second instance finds it
    const partition = dc.cluster.partition(STATE_TOPIC, 0)!;
    expect(dc.cluster.partition(STATE_TOPIC, 1)).toBeFalsy();
    expect(partition.replicas).toHaveLength(3);
    expect(partition.config.get('cleanup.policy')).toBe('compact');
    expect(partition.config.get('min.insync.replicas')).toBe('2');
    expect(await readAll(log)).toEqual([]);
  });

  it('reads back JSON values and tombstones in write order', async () => {
    const log = await open({ topic: 'state-roundtrip' });
    await log.append([
      { key: 'fix/a', value: { value: { text: 'héllo' }, savedBy: 'ann', savedAt: 1 } },
      { key: 'event/1', value: [1, 'two', null, true] },
      { key: 'fix/a', value: null },
      { key: 'plain', value: 'just a string' },
    ]);
    await log.append([]);
    const read = await readAll(log);
    expect(read.map(({ key, value }) => ({ key, value }))).toEqual([
      { key: 'fix/a', value: { value: { text: 'héllo' }, savedBy: 'ann', savedAt: 1 } },
      { key: 'event/1', value: [1, 'two', null, true] },
      { key: 'fix/a', value: null },
      { key: 'plain', value: 'just a string' },
    ]);
    expect(read.map((r) => r.offset)).toEqual(['0', '1', '2', '3']);
  });

  it('stops at the end offsets of the moment it was called', async () => {
    const log = await open({ topic: 'state-moving-end' });
    await log.append([
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ]);
    const read: string[] = [];
    await log.readAll(async (key) => {
      read.push(key);
      if (key === 'a') await log.append([{ key: 'late', value: 3 }]);
    });
    expect(read).toEqual(['a', 'b']);
    expect((await readAll(log)).map((r) => r.key)).toEqual(['a', 'b', 'late']);
  });

  it('reads every partition of a topic that has several, empty ones included', async () => {
    dc.admin.createTopic({ name: 'state-wide', partitions: 4, replicationFactor: 2 });
    const log = await open({ topic: 'state-wide' });
    const keys = Array.from({ length: 3 }, (_, i) => `k-${i}`);
    await log.append(keys.map((key) => ({ key, value: key })));
    const read = await readAll(log);
    expect(read.map((r) => r.key).sort()).toEqual(keys);
  });

  it('throws StateWriteError naming the Kafka error when an entry cannot be written', async () => {
    const log = await open({ topic: 'state-small', topicConfigs: { 'max.message.bytes': '2000' } });
    const err = await log
      .append([
        { key: 'ok', value: 'fits' },
        { key: 'big', value: 'x'.repeat(5000) },
      ])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StateWriteError);
    const failure = err as StateWriteError;
    expect(failure.failures).toEqual([
      expect.objectContaining({ key: 'big', errorName: 'MESSAGE_TOO_LARGE', maybeWritten: false }),
    ]);
    expect(failure.written).toBe(1);
    expect(failure.message).toContain('MESSAGE_TOO_LARGE');
  });

  it('loses and duplicates nothing when the leader broker stops in the middle of appends', async () => {
    // Not compacted, so a duplicate would show as a second copy of a key.
    const log = await open({ topic: 'state-broker-stop', topicConfigs: { 'cleanup.policy': 'delete' } });
    const leader = dc.admin.partitionState('state-broker-stop', 0).leader;
    const appends: Promise<void>[] = [];
    let stopped: Promise<void> | null = null;
    for (let round = 0; round < 20; round++) {
      const entries = Array.from({ length: 100 }, (_, i) => ({
        key: `e-${round}-${i}`,
        value: { round, i },
      }));
      appends.push(log.append(entries));
      if (round === 3) stopped = dc.faults.stopBroker(leader, { controlled: false });
      if (round === 3 || round === 10) await appends[round];
    }
    await Promise.all(appends);
    await stopped;
    expect(dc.admin.partitionState('state-broker-stop', 0).leader).not.toBe(leader);
    await dc.faults.startBroker(leader);

    const read = await readAll(log);
    expect(read).toHaveLength(2000);
    expect(new Set(read.map((r) => r.key)).size).toBe(2000);
    // One partition: entries come back in the order they were appended.
    expect(read.map((r) => r.key)).toEqual(
      Array.from({ length: 20 }, (_, round) =>
        Array.from({ length: 100 }, (_, i) => `e-${round}-${i}`),
      ).flat(),
    );
  });

  it('after compaction reads only the latest value per key, also when the last offsets were removed', async () => {
    const log = await open({
      topic: 'state-compacted',
      topicConfigs: { 'cleanup.policy': 'compact', 'delete.retention.ms': '0' },
    });
    await log.append([
      { key: 'a', value: 1 },
      { key: 'b', value: 1 },
    ]);
    await log.append([{ key: 'a', value: 2 }]);
    await log.append([{ key: 'c', value: 1 }]);
    await log.append([{ key: 'c', value: null }]);
    await new Promise((resolve) => setTimeout(resolve, 5)); // tombstone batches older than delete.retention.ms 0
    await dc.admin.runCleaner();

    expect(dc.admin.partitionState('state-compacted', 0).highWatermark).toBe(5);
    const read = await readAll(log);
    expect(read).toEqual([
      { key: 'b', value: 1, offset: '1' },
      { key: 'a', value: 2, offset: '2' },
    ]);
  });
});
