// kafkajs decodes record headers through scripts/patch-kafkajs.mjs's linear loop (applied at npm install): a DLQ
// record with 10,000 headers must decode with every header, repeated keys in order, and no prototype tricks.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { IHeaders, Kafka } from 'kafkajs';
import { startCluster, type DevCluster } from '../../devcluster';
import { consumeCount, kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';

let cluster: DevCluster;
let kafka: Kafka;

beforeAll(async () => {
  cluster = await startCluster({ brokers: 1 });
  cluster.admin.createTopic({ name: 'many-headers.DLT', partitions: 1, replicationFactor: 1 });
  kafka = kafkaFor(cluster.bootstrap);
});

afterAll(async () => {
  await cluster?.stop();
});

it('decodes 10,000 headers, repeated keys as arrays in order, __proto__ as an own header', async () => {
  const headers: IHeaders = {};
  for (let i = 0; i < 10_000; i += 1) headers[`h-${i}`] = `v-${i}`;
  headers.repeated = ['first', 'second', 'third'];
  Object.defineProperty(headers, '__proto__', { value: 'not a prototype', enumerable: true });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'many-headers.DLT', messages: [{ key: 'k', value: '{}', headers }] });
  await producer.disconnect();

  const [consumed] = await consumeCount(kafka, 'many-headers.DLT', 1, 120_000);
  const got = consumed!.message.headers!;
  expect(Object.keys(got)).toHaveLength(10_002);
  expect(got['h-0']!.toString()).toBe('v-0');
  expect(got['h-9999']!.toString()).toBe('v-9999');
  expect((got.repeated as Buffer[]).map(String)).toEqual(['first', 'second', 'third']);
  expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
  expect(Object.getOwnPropertyDescriptor(got, '__proto__')?.value.toString()).toBe('not a prototype');
}, 180_000);
