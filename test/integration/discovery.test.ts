import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DlqList } from '@/lib/ui/queries';
import { eventually, startHarness, type Harness } from './harness';

// DLQ discovery through the real server: topics matching the default pattern are found as they appear, other
// topics are not, and a deleted DLQ leaves the index while the others keep being ingested.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

async function admin<T>(action: (admin: ReturnType<Harness['kafka']['admin']>) => Promise<T>): Promise<T> {
  const client = h.kafka.admin();
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.disconnect();
  }
}

/**
 * A producer per call: kafkajs keeps asking for every topic a client has used, so one that wrote to the deleted
 * topic would fail from then on; and like the app's clients it must not bring that topic back by asking for it.
 */
async function produce(topic: string, count: number) {
  const producer = h.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: Array.from({ length: count }, (_, i) => ({
        key: `${topic}-${i}`,
        value: JSON.stringify({ i }),
        headers: {
          'kafka_dlt-original-topic': 'orders',
          'kafka_dlt-exception-fqcn': 'com.acme.OrderException',
        },
      })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** The DLQs the overview lists, with their record counts. */
async function listed(): Promise<Record<string, number>> {
  const { status, body } = await h.api<DlqList>('/api/dlqs');
  expect(status).toBe(200);
  return Object.fromEntries(body.dlqs.map((d) => [d.topic, d.records]));
}

describe('DLQ discovery', () => {
  it('finds new DLQ topics, ignores other topics, and drops deleted ones while ingesting the rest', async () => {
    await admin((a) =>
      a.createTopics({
        topics: ['orders', 'orders.DLT', 'payments-dlq'].map((topic) => ({ topic, numPartitions: 2 })),
        waitForLeaders: true,
      }),
    );
    await produce('orders', 5);
    await produce('orders.DLT', 5);
    await produce('payments-dlq', 4);
    await eventually(async () => {
      const dlqs = await listed();
      return dlqs['orders.DLT'] === 5 && dlqs['payments-dlq'] === 4 ? dlqs : undefined;
    });
    expect(Object.keys(await listed()).sort()).toEqual(['orders.DLT', 'payments-dlq']);

    await admin((a) => a.deleteTopics({ topics: ['orders.DLT'] }));
    await eventually(async () => ('orders.DLT' in (await listed()) ? undefined : true));
    expect((await h.api(`/api/dlqs/${encodeURIComponent('orders.DLT')}/records`)).status).toBe(404);

    // The consumer restarted without the deleted topic: the remaining DLQ and a new one are still ingested.
    await produce('payments-dlq', 3);
    await admin((a) =>
      a.createTopics({ topics: [{ topic: 'refunds.DLQ', numPartitions: 1 }], waitForLeaders: true }),
    );
    await produce('refunds.DLQ', 2);
    const after = await eventually(async () => {
      const dlqs = await listed();
      return dlqs['payments-dlq'] === 7 && dlqs['refunds.DLQ'] === 2 ? dlqs : undefined;
    });
    expect(Object.keys(after).sort()).toEqual(['payments-dlq', 'refunds.DLQ']);
    // ...and stays gone over later discovery passes (the app's readers never re-create it).
    const since = Date.now();
    await eventually(async () => {
      const { body } = await h.api<DlqList>('/api/dlqs');
      return (body.ingest?.lastSyncAt ?? 0) > since + 2000 ? true : undefined;
    });
    expect(Object.keys(await listed()).sort()).toEqual(['payments-dlq', 'refunds.DLQ']);
  });
});
