// The triage state service against the embedded cluster and a real index: status events written to the
// state topic and read back into a fresh index, pending statuses, fix drafts, and a start while Kafka is down.
import type { Kafka } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type DevCluster } from '../../devcluster';
import { kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';
import { DlqIndex } from '../store';
import { makeRecord, makeTempDir, removeTempDir } from '../store/test-support';
import { encodeStatusEvents, decodeStatusEvent } from './status-events';
import { StateLog } from './state-log';
import { TriageState } from './triage-state';

const TOPIC = 'orders.DLT';
const RECORDS = 25_000;
const T0 = Date.now() - 3_600_000;
const id = (offset: number) => `${TOPIC}~0~${offset}`;

describe('status events', () => {
  it('split into entries of bounded size that decode to the same changes and event ids', () => {
    const changes = Array.from({ length: 30_000 }, (_, i) => ({
      id: id(i),
      change: {
        status: i % 3 === 0 ? ('replayed' as const) : ('discarded' as const),
        action: 'a',
        actor: 'ann',
        at: 5,
        detail: i % 3 === 0 ? `sent to orders/0@${i}` : 'noise',
      },
    }));
    const { entries, applied } = encodeStatusEvents(changes);
    expect(entries.length).toBeGreaterThan(1);
    for (const e of entries) expect(JSON.stringify(e.value).length).toBeLessThan(300 * 1024);
    const decoded = entries.flatMap((e) => decodeStatusEvent(e.key, e.value)!);
    expect(decoded).toEqual(applied);
    expect(new Set(applied.map((a) => a.change.eventId)).size).toBe(changes.length);
    expect(decodeStatusEvent('event/x', { groups: [{ status: 'gone' }] })).toBeNull();
  });
});

describe('TriageState', () => {
  let dc: DevCluster;
  let kafka: Kafka;
  const cleanups: (() => Promise<void> | void)[] = [];

  const openIndex = (indexed: number) => {
    const dir = makeTempDir();
    const index = DlqIndex.open(dir);
    const records = Array.from({ length: indexed }, (_, offset) =>
      makeRecord({ topic: TOPIC, offset, timestamp: T0 + offset }),
    );
    if (indexed > 0) index.indexBatch(TOPIC, 0, records, String(indexed));
    cleanups.push(() => {
      index.close();
      removeTempDir(dir);
    });
    return { index, records };
  };
  const startState = (index: DlqIndex) => {
    const state = new TriageState({ kafka, index, deliveryTimeoutMs: 30_000 });
    cleanups.push(() => state.stop());
    return state;
  };

  beforeAll(async () => {
    dc = await startCluster({ brokers: 1 });
    kafka = kafkaFor(dc.bootstrap, { retries: 5, initialRetryTime: 100, maxRetryTime: 1000 });
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await dc.stop();
  });

  it('writes status events first and reads them back into a fresh index, pending ones included', async () => {
    const first = openIndex(RECORDS);
    const state = startState(first.index);
    await state.ready;
    const discarded = Array.from({ length: RECORDS }, (_, i) => id(i));
    expect(await state.discard(discarded, 'bad batch', 'ann')).toBe(RECORDS);
    const outcomes = await state.recordEvents([
      {
        id: id(7),
        change: { status: 'replayed', action: 'replay', actor: 'bob', at: 9, detail: 'orders/0@1' },
      },
      {
        id: id(RECORDS + 5),
        change: { status: 'failed', action: 'replay', actor: 'bob', at: 9, detail: 'boom' },
      },
    ]);
    expect(outcomes).toEqual(['applied', 'pending']);
    expect(first.index.getRecord(id(7))).toMatchObject({ status: 'replayed', replayCount: 1 });

    // Another instance, whose index has fewer records: the rest arrive later.
    const second = openIndex(RECORDS / 2);
    const reread = startState(second.index);
    await reread.ready;
    expect(second.index.getRecord(id(0))).toMatchObject({ status: 'discarded' });
    expect(second.index.history(id(0))).toEqual([
      { at: expect.any(Number), action: 'discard', actor: 'ann', detail: 'bad batch', status: 'discarded' },
    ]);
    expect(second.index.getRecord(id(7))).toMatchObject({ status: 'replayed', replayCount: 1 });
    expect(second.index.history(id(7)).map((h) => h.status)).toEqual(['discarded', 'replayed']);
    const late = Array.from({ length: 10 }, (_, i) =>
      makeRecord({ topic: TOPIC, offset: RECORDS - 10 + i, timestamp: T0 + RECORDS - 10 + i }),
    );
    second.index.indexBatch(TOPIC, 0, late, String(RECORDS));
    expect(second.index.getRecord(id(RECORDS - 1))).toMatchObject({ status: 'discarded' });

    // Reading the same events again changes nothing.
    const again = startState(second.index);
    await again.ready;
    expect(second.index.history(id(7))).toHaveLength(2);
    expect(second.index.getRecord(id(7))).toMatchObject({ replayCount: 1 });
  });

  it('keeps fix drafts across instances; a deleted one stays deleted', async () => {
    const { index } = openIndex(5);
    const state = startState(index);
    await state.ready;
    const a = await state.saveFixDraft(id(1), { value: { text: '{"x":1}' }, targetTopic: 'orders' }, 'ann');
    await state.saveFixDraft(id(2), { value: null }, 'ann');
    expect(await state.deleteFixDraft(id(2))).toBe(true);
    expect(await state.deleteFixDraft(id(3))).toBe(false);
    await expect(
      state.saveFixDraft(id(4), { value: { text: 'x'.repeat(1024 * 1024) } }, 'ann'),
    ).rejects.toThrow(/over the limit/);

    const other = startState(openIndex(0).index);
    await other.ready;
    expect(other.getFixDraft(id(1))).toEqual(a);
    expect(other.getFixDraft(id(2))).toBeNull();
    expect(other.getFixDraft(id(4))).toBeNull();
  });

  it('waits for Kafka when it is down at start, and writes only once the state is loaded', async () => {
    const brokerId = dc.brokers[0]!.id;
    await dc.faults.stopBroker(brokerId);
    const { index } = openIndex(3);
    const state = startState(index);
    const discard = state.discard([id(0)], 'while down', 'ann');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(state.isReady()).toBe(false);
    await dc.faults.startBroker(brokerId);
    await state.ready;
    expect(await discard).toBe(1);
    expect(index.getRecord(id(0))).toMatchObject({ status: 'discarded' });
    const log = await StateLog.open(kafka);
    cleanups.push(() => log.close());
    let found = false;
    await log.readAll((_key, value) => {
      if (JSON.stringify(value).includes('while down')) found = true;
    });
    expect(found).toBe(true);
  });
});
