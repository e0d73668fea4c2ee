// Replay jobs against the embedded cluster (3 brokers, RF 3, min.insync.replicas 2): what arrives in the targets,
// consumed back with kafkajs, and what the journal, the index and the audit say about it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { consumeAll } from '../../devcluster/test-support/kafkajs-helpers';
import { MAX_STORED_BYTES } from '../dlq/payload';
import { headerText, seedDlq, springHeaders, startKit, type Kit } from './engine-test-kit';
import { JOURNAL_PREFIX, JournalReader } from './journal';
import { keyPartition } from './key-partition';
import { replayId } from './provenance';
import type { ReplayJobOptions } from './types';

const OPTIONS: ReplayJobOptions = {
  target: { mode: 'original' },
  partitioning: 'key',
  patch: null,
  stripErrorHeaders: true,
  ratePerSecond: 1000,
  overrideMaxReplays: false,
};

let dc: DevCluster;
let kit: Kit;

beforeAll(async () => {
  dc = await startCluster({ brokers: 3, topicDefaults: { 'min.insync.replicas': '2' } });
  kit = await startKit(dc, {
    allowedTargets: ['orders', 'small', 'doomed', 'chosen', 'steady', 'newcomer', 'kept', 'large'],
    batchSize: 10,
  });
}, 60_000);

afterAll(async () => {
  await kit?.close();
  await dc?.stop();
});

describe('a replay job', () => {
  it('dry-runs without sending, then sends by key with the header policy and provenance', async () => {
    dc.admin.createTopic({ name: 'orders', partitions: 6, replicationFactor: 3 });
    const ids = await seedDlq(
      kit,
      'orders.DLT',
      Array.from({ length: 25 }, (_, i) => ({
        key: `order-${i}`,
        value: JSON.stringify({ n: i, status: 'bad' }),
        headers: {
          ...springHeaders('orders', i % 3, 100 + i),
          trace: `t-${i}`,
        },
      })),
    );
    const input = { actor: 'otto', dlqTopic: 'orders.DLT', idPages: [ids], options: OPTIONS };

    const dry = await kit.engine.dryRun({
      ...input,
      options: { ...OPTIONS, patch: [{ op: 'replace', path: '/status', value: 'ok' }] },
    });
    expect(dry.total).toBe(25);
    expect(dry.byTarget).toEqual({ orders: 25 });
    expect(dry.samples).toHaveLength(5);
    const sample = dry.samples[0]!;
    expect(sample.target).toEqual({ topic: 'orders', partition: keyPartition(Buffer.from('order-0'), 6) });
    expect(sample.headers.map((h) => h.key)).not.toContain('kafka_dlt-exception-fqcn');
    expect(sample.headers).toContainEqual({ key: 'trace', value: 't-0' });
    expect(sample.diff).toEqual({
      before: { text: JSON.stringify({ n: 0, status: 'bad' }) },
      after: { text: JSON.stringify({ n: 0, status: 'ok' }) },
    });
    expect(await consumeAll(kit.kafka, 'orders')).toHaveLength(0);

    const view = await kit.engine.create(input);
    const done = await kit.engine.settled(view.id);
    expect(done.status).toBe('completed');
    expect(done.totals).toEqual({ selected: 25, sent: 25, succeeded: 25, failed: 0, skipped: 0 });

    const consumed = await consumeAll(kit.kafka, 'orders');
    expect(consumed).toHaveLength(25);
    for (const { partition, message } of consumed) {
      const key = message.key!.toString();
      const id = ids[Number(key.slice('order-'.length))]!;
      expect(partition).toBe(keyPartition(Buffer.from(key), 6));
      expect(Object.keys(message.headers!).filter((h) => h.startsWith('kafka_dlt'))).toEqual([]);
      expect(headerText(message.headers, 'trace')).toBe(`t-${key.slice('order-'.length)}`);
      expect(headerText(message.headers, 'dlqdesk-replay-id')).toBe(replayId(view.id, id));
      expect(headerText(message.headers, 'dlqdesk-source')).toBe(id.replaceAll('~', '/'));
      expect(headerText(message.headers, 'dlqdesk-replay-count')).toBe('1');
      expect(headerText(message.headers, 'dlqdesk-replayed-by')).toBe('otto');
      expect(new Date(headerText(message.headers, 'dlqdesk-replayed-at')!).getTime()).toBeGreaterThan(0);
    }
    const stored = kit.index.getRecord(ids[3]!)!;
    expect(stored.status).toBe('replayed');
    expect(stored.replayCount).toBe(1);
    expect(stored.history.at(-1)?.detail).toMatch(new RegExp(`^job ${view.id}: orders/\\d/\\d+$`));
    expect(kit.audits).toContainEqual(
      expect.objectContaining({ actor: 'otto', action: 'replay-created', target: view.id, count: 25 }),
    );
    expect(kit.audits).toContainEqual(
      expect.objectContaining({
        actor: 'system',
        action: 'replay-finished',
        target: view.id,
        count: 25,
        detail: expect.objectContaining({ status: 'completed', createdBy: 'otto', succeeded: 25, failed: 0 }),
      }),
    );
  }, 60_000);

  it('keeps the DLQ error headers, values and all, when told not to strip them', async () => {
    dc.admin.createTopic({ name: 'kept', partitions: 2, replicationFactor: 3 });
    const ids = await seedDlq(
      kit,
      'kept.DLT',
      Array.from({ length: 15 }, (_, i) => ({
        key: `k-${i}`,
        value: `v-${i}`,
        headers: {
          ...springHeaders('kept', i % 2, 200 + i),
          'kafka_dlt-exception-message': `boom ${i}`,
          trace: `t-${i}`,
        },
      })),
    );
    const options = { ...OPTIONS, stripErrorHeaders: false };
    const dry = await kit.engine.dryRun({ actor: 'otto', dlqTopic: 'kept.DLT', idPages: [ids], options });
    expect(dry.samples[0]!.headers).toContainEqual({ key: 'kafka_dlt-exception-message', value: 'boom 0' });
    const view = await kit.engine.create({ actor: 'otto', dlqTopic: 'kept.DLT', idPages: [ids], options });
    expect((await kit.engine.settled(view.id)).totals.succeeded).toBe(15);

    const consumed = await consumeAll(kit.kafka, 'kept');
    expect(consumed).toHaveLength(15);
    for (const { message } of consumed) {
      const i = Number(message.key!.toString().slice('k-'.length));
      const expected = springHeaders('kept', i % 2, 200 + i);
      for (const name of ['kafka_dlt-original-topic', 'kafka_dlt-exception-fqcn'] as const)
        expect(headerText(message.headers, name)).toBe(expected[name]);
      for (const name of ['kafka_dlt-original-partition', 'kafka_dlt-original-offset'] as const)
        expect(message.headers![name]).toEqual(expected[name]);
      expect(headerText(message.headers, 'kafka_dlt-exception-message')).toBe(`boom ${i}`);
      expect(headerText(message.headers, 'trace')).toBe(`t-${i}`);
      expect(headerText(message.headers, 'dlqdesk-replay-count')).toBe('1');
    }
  }, 60_000);

  it('sends a value longer than the index keeps as it is in Kafka, still without the DLQ error headers', async () => {
    const configs = { 'max.message.bytes': String(4 * MAX_STORED_BYTES) };
    dc.admin.createTopic({ name: 'large', partitions: 1, replicationFactor: 3, configs });
    const long = Buffer.from(JSON.stringify({ blob: 'x'.repeat(MAX_STORED_BYTES) }));
    const ids = await seedDlq(
      kit,
      'large.DLT',
      [
        { key: 'long', value: long, headers: { ...springHeaders('large', 0, 1), trace: 't-long' } },
        { key: 'short', value: 'short', headers: { ...springHeaders('large', 0, 2), trace: 't-short' } },
      ],
      1,
      configs,
    );
    expect(kit.index.getRecord(ids[0]!)!.record.value.truncated).toBe(true);
    const view = await kit.engine.create({
      actor: 'otto',
      dlqTopic: 'large.DLT',
      idPages: [ids],
      options: OPTIONS,
    });
    expect((await kit.engine.settled(view.id)).totals.succeeded).toBe(2);

    const consumed = await consumeAll(kit.kafka, 'large');
    expect(consumed.map((c) => c.message.key?.toString()).sort()).toEqual(['long', 'short']);
    for (const { message } of consumed) {
      const name = message.key!.toString();
      expect(message.value).toEqual(name === 'long' ? long : Buffer.from('short'));
      expect(Object.keys(message.headers!).filter((h) => h.startsWith('kafka_dlt'))).toEqual([]);
      expect(headerText(message.headers, 'trace')).toBe(`t-${name}`);
    }
  }, 60_000);

  it('skips records replayed maxReplays times unless overridden; applies fix drafts and patches', async () => {
    dc.admin.createTopic({ name: 'chosen', partitions: 3, replicationFactor: 3 });
    const ids = await seedDlq(kit, 'loop.DLT', [
      { key: 'a', value: '{"v":1}', headers: { 'dlqdesk-replay-count': '3' } },
      { key: 'b', value: '{"v":2}', headers: { 'dlqdesk-replay-count': '1' } },
      { key: 'c', value: '{"v":3}' },
      { key: 'd', value: 'not json' },
    ]);
    kit.drafts.set(ids[2]!, { value: { text: '{"v":"drafted"}' } });
    const options: ReplayJobOptions = {
      ...OPTIONS,
      target: { mode: 'topic', topic: 'chosen' },
      patch: [{ op: 'add', path: '/patched', value: true }],
    };
    const first = await kit.engine.create({ actor: 'otto', dlqTopic: 'loop.DLT', idPages: [ids], options });
    const firstDone = await kit.engine.settled(first.id);
    expect(firstDone.skippedByReason).toEqual({ 'max-replays-reached': 1, 'patch-not-applicable': 1 });
    expect(firstDone.totals.succeeded).toBe(2);

    const second = await kit.engine.create({
      actor: 'ada',
      dlqTopic: 'loop.DLT',
      idPages: [[ids[0]!]],
      options: { ...options, overrideMaxReplays: true },
    });
    expect((await kit.engine.settled(second.id)).totals.succeeded).toBe(1);

    const byKey = new Map(
      (await consumeAll(kit.kafka, 'chosen')).map((c) => [c.message.key!.toString(), c.message]),
    );
    expect([...byKey.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(byKey.get('a')!.value!.toString()).toBe('{"v":1,"patched":true}');
    expect(headerText(byKey.get('a')!.headers, 'dlqdesk-replay-count')).toBe('4');
    expect(headerText(byKey.get('b')!.headers, 'dlqdesk-replay-count')).toBe('2');
    expect(byKey.get('b')!.value!.toString()).toBe('{"v":2,"patched":true}');
    expect(byKey.get('c')!.value!.toString()).toBe('{"v":"drafted"}');
    expect(kit.index.getRecord(ids[3]!)!.status).toBe('unresolved');
  }, 60_000);

  it('pauses and cancels with batches in flight: every batch started settles, counters match what landed', async () => {
    dc.admin.createTopic({ name: 'steady', partitions: 3, replicationFactor: 3 });
    const ids = await seedDlq(
      kit,
      'steady.DLT',
      Array.from({ length: 600 }, (_, i) => ({ key: `s-${i}`, value: `v ${i}` })),
    );
    // Batches of 10 (the kit's), a second's worth (200) at once, then 200 a second: batches in flight (2 by default).
    const options: ReplayJobOptions = {
      ...OPTIONS,
      target: { mode: 'topic', topic: 'steady' },
      ratePerSecond: 200,
    };
    const started = async (actor: string) => {
      const view = await kit.engine.create({ actor, dlqTopic: 'steady.DLT', idPages: [ids], options });
      await new Promise<void>((resolve) => {
        const stop = kit.engine.subscribe(view.id, (v) => {
          if (v.totals.sent > 0) {
            stop();
            resolve();
          }
        });
      });
      return view.id;
    };
    const journaled = async (jobId: string) => {
      const reader = new JournalReader();
      await kit.journal.readAll((key, value) => {
        if (key.startsWith(`${JOURNAL_PREFIX}${jobId}/`)) reader.add(key, value);
      });
      return reader.jobs.get(jobId)!;
    };
    const replayIdsIn = async () =>
      (await consumeAll(kit.kafka, 'steady')).map((c) => headerText(c.message.headers, 'dlqdesk-replay-id'));

    const paused = await started('otto');
    expect((await kit.engine.pause(paused, 'otto')).status).toBe('paused');
    expect((await kit.engine.resume(paused, 'otto')).status).toBe('running');
    const completed = await kit.engine.settled(paused);
    expect(completed.status).toBe('completed');
    expect(completed.totals).toEqual({ selected: 600, sent: 600, succeeded: 600, failed: 0, skipped: 0 });
    const afterFirst = await replayIdsIn();
    expect(new Set(afterFirst)).toEqual(new Set(ids.map((id) => replayId(paused, id))));
    expect(afterFirst).toHaveLength(600);

    const cancelled = await started('ada');
    await kit.engine.cancel(cancelled, 'ada');
    const done = await kit.engine.settled(cancelled);
    expect(done.status).toBe('cancelled');
    const { succeeded } = done.totals;
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded).toBeLessThan(600);
    expect(done.totals).toEqual({ selected: 600, sent: succeeded, succeeded, failed: 0, skipped: 0 });
    const first = new Set(afterFirst);
    const landed = (await replayIdsIn()).filter((id) => !first.has(id));
    expect(landed).toHaveLength(succeeded);
    expect(new Set(landed).size).toBe(succeeded);
    const replayed = ids.filter((id) =>
      kit.index.getRecord(id)!.history.some((h) => h.detail?.startsWith(`job ${cancelled}:`)),
    );
    expect(replayed).toHaveLength(succeeded);
    expect(new Set(landed)).toEqual(new Set(replayed.map((id) => replayId(cancelled, id))));
    const journal = await journaled(cancelled);
    expect([...journal.intents.keys()].sort()).toEqual([...journal.outcomes.keys()].sort());
    expect([...journal.outcomes.values()].reduce((n, o) => n + o.replayed.length, 0)).toBe(succeeded);
  }, 90_000);

  it('keeps non-retriable failures as failed records with their error and carries on', async () => {
    dc.admin.createTopic({
      name: 'small',
      partitions: 1,
      replicationFactor: 3,
      configs: { 'max.message.bytes': '3000' },
    });
    dc.admin.createTopic({ name: 'doomed', partitions: 2, replicationFactor: 3 });
    dc.admin.createTopic({ name: 'forbidden', partitions: 1, replicationFactor: 3 });
    const records = [
      { key: 'ok-1', value: 'fine', headers: springHeaders('small', 0, 1) },
      { key: 'big', value: Buffer.alloc(5000, 7), headers: springHeaders('small', 0, 2) },
      { key: 'ok-2', value: 'fine too', headers: springHeaders('small', 0, 3) },
      { key: 'no', value: 'x', headers: springHeaders('forbidden', 0, 4) },
      { key: 'orphan', value: 'no origin headers' },
      ...Array.from({ length: 40 }, (_, i) => ({
        key: `d-${i}`,
        value: `doomed ${i}`,
        headers: springHeaders('doomed', 0, 10 + i),
      })),
    ];
    const ids = await seedDlq(kit, 'mixed.DLT', records);
    const view = await kit.engine.create({
      actor: 'otto',
      dlqTopic: 'mixed.DLT',
      idPages: [ids],
      options: { ...OPTIONS, ratePerSecond: 10 },
    });
    // Batches of 10 a second: delete the target once the first doomed records are through.
    const firstDoomed = ids[5]!;
    for (let i = 0; i < 600 && kit.index.getRecord(firstDoomed)!.status !== 'replayed'; i++)
      await new Promise((r) => setTimeout(r, 50));
    dc.admin.deleteTopic('doomed');
    const done = await kit.engine.settled(view.id);

    expect(done.status).toBe('completed');
    expect(done.failedByReason.MESSAGE_TOO_LARGE).toBe(1);
    expect(done.failedByReason.TARGET_NOT_ALLOWED).toBe(1);
    expect(done.failedByReason.UNKNOWN_TOPIC_OR_PARTITION).toBeGreaterThan(0);
    expect(done.skippedByReason).toEqual({ 'no-origin-topic': 1 });
    expect(done.totals.succeeded + done.totals.failed + done.totals.skipped).toBe(ids.length);
    const big = kit.index.getRecord(ids[1]!)!;
    expect(big.status).toBe('failed');
    expect(big.history.at(-1)?.detail).toMatch(/MESSAGE_TOO_LARGE/);
    expect(kit.index.getRecord(ids[3]!)!.status).toBe('failed');
    expect(kit.index.getRecord(ids[4]!)!.status).toBe('unresolved');
    expect(kit.index.getRecord(ids.at(-1)!)!.history.at(-1)?.detail).toMatch(/UNKNOWN_TOPIC_OR_PARTITION/);
    const small = await consumeAll(kit.kafka, 'small');
    expect(small.map((c) => c.message.key!.toString())).toEqual(['ok-1', 'ok-2']);
    const { failures } = kit.engine.get(view.id);
    expect(failures).toContainEqual(
      expect.objectContaining({ id: ids[1], target: { topic: 'small', partition: 0 } }),
    );
  }, 90_000);

  it('replays to a topic created after a target was deleted (kafkajs clients that knew the deleted one fail)', async () => {
    dc.admin.createTopic({ name: 'newcomer', partitions: 2, replicationFactor: 3 });
    const ids = await seedDlq(
      kit,
      'after.DLT',
      Array.from({ length: 30 }, (_, i) => ({ key: `n-${i}`, value: `v ${i}` })),
    );
    const view = await kit.engine.create({
      actor: 'otto',
      dlqTopic: 'after.DLT',
      idPages: [ids],
      options: { ...OPTIONS, target: { mode: 'topic', topic: 'newcomer' } },
    });
    const done = await kit.engine.settled(view.id);
    expect(done.failedByReason).toEqual({});
    expect(done.totals.succeeded).toBe(30);
    const landed = await consumeAll(kit.kafka, 'newcomer');
    expect(landed.map((c) => c.message.key!.toString()).sort()).toEqual(ids.map((_, i) => `n-${i}`).sort());
  }, 90_000);
});
