import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DlqRecord } from '@/lib/dlq/types';
import type { ErrorGroupSummary, RecordPage, StoredRecord } from '@/lib/store/types';
import { encodeRecordBatch, type BatchRecord } from '../../scripts/demo-data';
import { createProduceClient } from '../../scripts/demo-data/produce-client';
import { eventually, startHarness, type Harness } from './harness';

/** Runs kcat with the given standard input; rejects on a non-zero exit or after 30 s. */
function kcat(args: string[], input: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`kcat exited with ${code}: ${stderr}`));
    });
    child.stdin.end(input);
  });
}
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const int64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(BigInt(n));
  return b;
};

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ brokers: 1 });
}, 180_000);

afterAll(async () => {
  await h?.stop();
});

async function createTopic(
  topic: string,
  partitions = 1,
  configEntries: Array<{ name: string; value: string }> = [],
) {
  const admin = h.kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: partitions, configEntries }],
    waitForLeaders: true,
  });
  await admin.disconnect();
}

/** Sends ready-made record batches (null header values and interleaved repeats need this; kafkajs can't). */
async function produceBatch(
  topic: string,
  partition: number,
  records: BatchRecord[],
  compression: 'none' | 'zstd' = 'none',
) {
  const admin = h.kafka.admin();
  await admin.connect();
  const client = createProduceClient(admin, 'integration-test');
  try {
    await client.produce([{ topic, partition, batch: await encodeRecordBatch(records, compression) }]);
  } finally {
    client.close();
    await admin.disconnect();
  }
}

async function allRows(topic: string, query = ''): Promise<RecordPage['rows']> {
  const rows: RecordPage['rows'] = [];
  let cursor: string | null = null;
  do {
    const qs: string = `limit=500${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await h.api<RecordPage>(`/api/dlqs/${topic}/records?${qs}`);
    expect(status).toBe(200);
    rows.push(...body.rows);
    cursor = body.nextCursor;
  } while (cursor);
  return rows;
}

async function waitForCount(topic: string, count: number, query = ''): Promise<void> {
  let last: unknown;
  await eventually(
    async () => {
      const { status, body } = await h.api<RecordPage>(`/api/dlqs/${topic}/records?limit=20${query}`);
      last = status === 200 ? { total: body.total, offsets: body.rows.map((r) => r.offset) } : body;
      return status === 200 && body.total.value === count ? true : undefined;
    },
    90_000,
    `${count} records indexed in ${topic}`,
  ).catch((err: Error) => {
    throw new Error(
      `${err.message}; last answer ${JSON.stringify(last)}\n${h.appOutput().split('\n').slice(-30).join('\n')}`,
    );
  });
}

describe('ingestion and the records API on a real cluster', () => {
  it('decodes one record of every convention, produced with real encodings, field by field', async () => {
    const topic = 'conventions-dlq';
    await createTopic(topic, 1, [{ name: 'max.message.bytes', value: String(4 * 1024 * 1024) }]);
    // Recent: the cluster's 7-day retention (like Kafka's default) deletes older records at once.
    const t = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const stack = 'java.lang.IllegalStateException: bad state\n\tat com.acme.Handler.handle(Handler.java:42)';
    await produceBatch(topic, 0, [
      {
        key: utf8('order-17'),
        value: utf8('{"id":17,"amount":12.5}'),
        timestamp: t,
        headers: [
          ['kafka_dlt-original-topic', utf8('orders')],
          ['kafka_dlt-original-partition', int32(2)],
          ['kafka_dlt-original-offset', int64(981)],
          ['kafka_dlt-original-timestamp', int64(t - 5000)],
          ['kafka_dlt-original-timestamp-type', utf8('CreateTime')],
          ['kafka_dlt-original-consumer-group', utf8('order-service')],
          ['kafka_dlt-exception-fqcn', utf8('java.lang.IllegalStateException')],
          ['kafka_dlt-exception-message', utf8('bad state')],
          ['kafka_dlt-exception-stacktrace', utf8(stack)],
        ],
      },
      {
        key: null,
        value: utf8('{"schema":null}'),
        timestamp: t + 1,
        headers: [
          ['__connect.errors.topic', utf8('customers')],
          ['__connect.errors.partition', utf8('3')],
          ['__connect.errors.offset', utf8('1234')],
          ['__connect.errors.connector.name', utf8('jdbc-sink')],
          ['__connect.errors.task.id', utf8('0')],
          ['__connect.errors.stage', utf8('VALUE_CONVERTER')],
          ['__connect.errors.class.name', utf8('org.apache.kafka.connect.json.JsonConverter')],
          ['__connect.errors.exception.class.name', utf8('org.apache.kafka.connect.errors.DataException')],
          ['__connect.errors.exception.message', null],
          [
            '__connect.errors.exception.stacktrace',
            utf8('org.apache.kafka.connect.errors.DataException\n\tat x'),
          ],
        ],
      },
      {
        key: utf8('s-1'),
        value: utf8('shipment'),
        timestamp: t + 2,
        headers: [
          ['x-original-topic', utf8('shipments')],
          ['x-original-partition', int32(1)],
          ['x-original-offset', int64(77)],
          ['x-original-timestamp', int64(t - 1000)],
          ['x-exception-fqcn', utf8('org.springframework.messaging.MessageHandlingException')],
          ['x-exception-message', utf8('no tariff')],
          [
            'x-exception-stacktrace',
            utf8('org.springframework.messaging.MessageHandlingException: no tariff'),
          ],
        ],
      },
      {
        key: utf8('sku-9'),
        value: utf8('{"sku":9}'),
        timestamp: t + 3,
        headers: [
          ['dead-letter-exception-class-name', utf8('java.lang.ArithmeticException')],
          ['dead-letter-reason', utf8('/ by zero')],
          ['dead-letter-topic', utf8('inventory')],
          ['dead-letter-partition', utf8('0')],
          ['dead-letter-offset', utf8('55')],
        ],
      },
      {
        key: utf8('click-1'),
        value: utf8('{"page":"/"}'),
        timestamp: t + 4,
        headers: [
          ['source_topic', utf8('clicks')],
          ['source_partition', utf8('4')],
          ['source_offset', utf8('4444')],
          ['source_consumer_group', utf8('click-counter')],
          ['source_attempts', utf8('3')],
        ],
      },
      {
        key: utf8('inv-3'),
        value: utf8(
          JSON.stringify({
            original_topic: 'invoices',
            original_partition: 2,
            original_offset: 981,
            original_key: 'inv-3',
            original_value: '{"total":10}',
            error: 'Tax rate missing for region EU-9',
            error_code: 'TaxError',
          }),
        ),
        timestamp: t + 5,
        headers: [],
      },
      {
        key: Buffer.from([0xff, 0xfe, 0x00]),
        value: Buffer.from([0xc3, 0x28, 0x00, 0x9f]),
        timestamp: t + 6,
        headers: [],
      },
      { key: utf8('big'), value: Buffer.alloc(1_500_000, 0x61), timestamp: t + 7, headers: [] },
    ]);
    await produceBatch(
      topic,
      0,
      [
        {
          key: utf8('z-1'),
          value: utf8('{"compressed":"zstd"}'),
          timestamp: t + 8,
          headers: [['trace', utf8('abc')]],
        },
      ],
      'zstd',
    );
    // librdkafka writes this batch itself, with its own LZ4 framing.
    await kcat(
      [
        '-b',
        h.cluster.bootstrap[0]!,
        '-P',
        '-t',
        topic,
        '-p',
        '0',
        '-z',
        'lz4',
        '-K',
        ':',
        '-H',
        'origin=kcat',
      ],
      'lz4-key:{"compressed":"lz4"}\n',
    );

    await waitForCount(topic, 10);
    const rows = await allRows(topic, '&order=oldest');
    const records = new Map<string, StoredRecord>();
    for (const row of rows) {
      const { status, body } = await h.api<StoredRecord>(`/api/records/${encodeURIComponent(row.id)}`);
      expect(status).toBe(200);
      records.set(row.offset, body);
    }
    const rec = (offset: number): DlqRecord => records.get(String(offset))!.record;

    expect(rec(0)).toMatchObject({
      format: 'spring-kafka',
      dlq: { topic, partition: 0, offset: '0', timestamp: t },
      origin: {
        topic: 'orders',
        partition: 2,
        offset: '981',
        timestamp: t - 5000,
        consumerGroup: 'order-service',
      },
      error: { class: 'java.lang.IllegalStateException', message: 'bad state', stackTrace: stack },
      key: { kind: 'text', text: 'order-17' },
      value: { kind: 'json', text: '{"id":17,"amount":12.5}' },
    });
    const partitionHeader = rec(0).headers.find((x) => x.key === 'kafka_dlt-original-partition')!;
    expect(partitionHeader).toMatchObject({
      decodedAs: 'int32-be',
      decoded: 2,
      base64: int32(2).toString('base64'),
    });

    expect(rec(1)).toMatchObject({
      format: 'kafka-connect',
      origin: { topic: 'customers', partition: 3, offset: '1234' },
      error: {
        class: 'org.apache.kafka.connect.errors.DataException',
        message: null,
        stage: 'VALUE_CONVERTER',
        connector: 'jdbc-sink',
        task: 0,
      },
      key: { kind: 'null' },
    });
    expect(rec(1).headers.find((x) => x.key === '__connect.errors.exception.message')).toMatchObject({
      text: null,
      base64: null,
    });

    expect(rec(2)).toMatchObject({
      format: 'spring-cloud-stream',
      origin: { topic: 'shipments', partition: 1, offset: '77', timestamp: t - 1000 },
      error: { class: 'org.springframework.messaging.MessageHandlingException', message: 'no tariff' },
    });
    expect(rec(3)).toMatchObject({
      format: 'smallrye',
      origin: { topic: 'inventory', partition: 0, offset: '55' },
      error: { class: 'java.lang.ArithmeticException', message: '/ by zero' },
    });
    expect(rec(4)).toMatchObject({
      format: 'karafka',
      origin: { topic: 'clicks', partition: 4, offset: '4444', consumerGroup: 'click-counter', attempts: 3 },
    });
    expect(rec(5)).toMatchObject({
      format: 'json-envelope',
      origin: { topic: 'invoices', partition: 2, offset: '981' },
      error: { message: 'Tax rate missing for region EU-9' },
    });
    expect(rec(6)).toMatchObject({ format: 'unknown', key: { kind: 'binary' }, value: { kind: 'binary' } });
    expect(rec(6).warnings.map((w) => w.code)).toContain('unknown-format');
    expect(Buffer.from(rec(6).value.base64!, 'base64')).toEqual(Buffer.from([0xc3, 0x28, 0x00, 0x9f]));
    expect(rec(7).value).toMatchObject({ size: 1_500_000, truncated: true });
    expect(rec(7).warnings.map((w) => w.code)).toContain('value-truncated');
    expect(rec(8)).toMatchObject({
      value: { text: '{"compressed":"zstd"}' },
      headers: [{ key: 'trace', text: 'abc' }],
    });
    expect(rec(9)).toMatchObject({
      key: { text: 'lz4-key' },
      value: { kind: 'json', text: '{"compressed":"lz4"}' },
      headers: [{ key: 'origin', text: 'kcat' }],
    });
    expect(records.get('9')!.status).toBe('unresolved');
  });

  it('collapses 10,000 failures with 3 causes and varying ids into exactly 3 error groups', async () => {
    const topic = 'grouping.DLT';
    await createTopic(topic, 3);
    const producer = h.kafka.producer();
    await producer.connect();
    const causes = [
      (i: number) => [
        'com.acme.PaymentDeclinedException',
        `Payment pay_${(0x10000000 + i * 7919).toString(16)} declined by issuer (code ${i % 90})`,
      ],
      (i: number) => [
        'java.net.SocketTimeoutException',
        `Read timed out after ${1000 + i} ms calling http://10.0.${i % 255}.7/api?id=${i}`,
      ],
      (i: number) => [
        'com.acme.ValidationException',
        `Field 'email' of user ${crypto.randomUUID()} is invalid: "${i}@x"`,
      ],
    ];
    for (let start = 0; start < 10_000; start += 1000) {
      const messages = Array.from({ length: 1000 }, (_, j) => {
        const i = start + j;
        const [cls, message] = causes[i % 3]!(i);
        return {
          key: `k-${i}`,
          value: JSON.stringify({ i }),
          headers: { 'x-exception-fqcn': cls!, 'x-exception-message': message!, 'x-original-topic': 'src' },
        };
      });
      await producer.send({ topic, messages });
    }
    await producer.disconnect();
    await waitForCount(topic, 10_000);
    const { body } = await h.api<{ groups: ErrorGroupSummary[]; total: number }>(`/api/dlqs/${topic}/groups`);
    expect(body.total).toBe(10_000);
    expect(body.groups.map((g) => [g.errorClass, g.count]).sort()).toEqual([
      ['com.acme.PaymentDeclinedException', 3334],
      ['com.acme.ValidationException', 3333],
      ['java.net.SocketTimeoutException', 3333],
    ]);
  });

  it('resumes after a restart with no gap and no duplicate, and drops what retention removed', async () => {
    const topic = 'resume-dlq';
    await createTopic(topic, 2);
    const producer = h.kafka.producer();
    await producer.connect();
    const send = (from: number, count: number) =>
      producer.send({
        topic,
        messages: Array.from({ length: count }, (_, j) => ({
          key: `r-${from + j}`,
          value: `value ${from + j}`,
          partition: (from + j) % 2,
          headers: { 'dead-letter-reason': `failure ${from + j}`, 'dead-letter-exception-class-name': 'E' },
        })),
      });
    await send(0, 400);
    await waitForCount(topic, 400);
    await h.restartApp(() => send(400, 300).then(() => undefined));
    await send(700, 100);
    await waitForCount(topic, 800);
    const rows = await allRows(topic);
    expect(new Set(rows.map((r) => r.id)).size).toBe(800);
    for (const partition of [0, 1]) {
      const offsets = rows
        .filter((r) => r.partition === partition)
        .map((r) => Number(r.offset))
        .sort((a, b) => a - b);
      expect(offsets).toEqual(Array.from({ length: 400 }, (_, i) => i));
    }
    await producer.disconnect();

    const admin = h.kafka.admin();
    await admin.connect();
    await admin.fetchTopicMetadata({ topics: [topic] }); // kafkajs's deleteTopicRecords needs it loaded
    await admin.deleteTopicRecords({ topic, partitions: [{ partition: 0, offset: '150' }] });
    await admin.disconnect();
    await waitForCount(topic, 650);
    const remaining = await allRows(topic, '&partition=0');
    expect(Math.min(...remaining.map((r) => Number(r.offset)))).toBe(150);
  });

  it('answers bad parameters with 422 naming them, and unknown topics or records with 404', async () => {
    const topic = 'conventions-dlq';
    const cases: Array<[string, RegExp]> = [
      [`/api/dlqs/${topic}/records?limit=0`, /^query\.limit: /],
      [`/api/dlqs/${topic}/records?limit=501`, /^query\.limit: at most 500/],
      [`/api/dlqs/${topic}/records?cursor=not-a-cursor`, /^query\.cursor: /],
      [
        `/api/dlqs/${topic}/records?from=yesterday`,
        /^query\.from: milliseconds since the epoch or an ISO 8601 time/,
      ],
      [`/api/dlqs/${topic}/records?status=bogus`, /^query\.status/],
      [`/api/dlqs/${topic}/records?format=avro`, /^query\.format/],
      [`/api/dlqs/${topic}/records?partition=-1`, /^query\.partition/],
      [`/api/dlqs/${topic}/records?order=random`, /^query\.order/],
      [`/api/dlqs/${topic}/records?group=${'x'.repeat(100)}`, /^query\.group/],
      [`/api/dlqs/${topic}/records?q=${'a'.repeat(501)}`, /^query\.q: at most 500 characters/],
      [`/api/dlqs/${topic}/records?colour=red`, /unknown field\(s\) colour/],
      [`/api/dlqs/${topic}/facets?limit=5`, /unknown field\(s\) limit/],
      [`/api/dlqs/${topic}/histogram?buckets=5000`, /^query\.buckets: at most 1000/],
      [`/api/dlqs/${topic}/histogram?from=2000&to=1000`, /^query\.from: must be before to/],
      ['/api/dlqs/bad%20topic!/records', /^params\.topic: a Kafka topic name/],
      ['/api/dlqs/..%2F..%2Fetc/records', /^params\.topic: a Kafka topic name/],
    ];
    for (const [path, expected] of cases) {
      const { status, body } = await h.api<{ error: string }>(path);
      expect({ path, status }).toEqual({ path, status: 422 });
      expect(body.error).toMatch(expected);
    }
    for (const path of [
      '/api/dlqs/no-such.DLT/records',
      '/api/dlqs/no-such.DLT/facets',
      '/api/dlqs/no-such.DLT/groups',
      `/api/records/${encodeURIComponent(`${topic}~0~999999`)}`,
      '/api/records/not-an-id',
      `/api/records/${encodeURIComponent('../../etc/passwd')}`,
    ]) {
      const { status } = await h.api(path);
      expect({ path, status }).toEqual({ path, status: 404 });
    }
  });
});
