import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DlqList } from '@/lib/ui/queries';
import { eventually, startHarness, type Harness } from './harness';

// DLQ discovery through the real server: topics matching the default pattern are found as they appear, other
// topics are not, and a deleted DLQ leaves the index while the others keep being ingested.

let h: Harness;
let producer: Producer;

beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
  producer = h.kafka.producer();
  await producer.connect();
}, 180_000);

afterAll(async () => {
  await producer?.disconnect();
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

async function produce(topic: string, count: number) {
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
  });
});
