import 'server-only';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DlqFormat, DlqRecord } from '../dlq/types';
import { DlqIndex } from './dlq-index';
import { HOUR_MS } from './codes';
import { makeRecord, makeTempDir, removeTempDir } from './test-support';
import type { RecordFilter, RecordStatus } from './types';

/*
 * Fills a temporary index with synthetic DLQ records and reports ingest rate, size, memory and
 * query latencies; queries run in a fresh process that opens the filled index, as a restarted
 * server would. Run: npx tsx --conditions=react-server lib/store/measure.ts [--records N]
 * Data: 5 DLQ topics of unequal size, 6 partitions each, 7 days of records with a daily rhythm,
 * an incident hour holding a quarter of the biggest topic, 30 error groups per topic of
 * Zipf-like sizes, ~1 KB JSON values, 8% of records replayed, discarded or failed.
 */

const DAY_MS = 24 * HOUR_MS;
const PARTITIONS = 6;
const BATCH = 1000;
const REPEATS = 40;

interface TopicSpec {
  name: string;
  share: number;
  format: DlqFormat;
  origins: string[];
}

const TOPICS: TopicSpec[] = [
  { name: 'payments.DLT', share: 0.4, format: 'spring-kafka', origins: ['payments', 'payments-retry'] },
  { name: 'orders-dlt', share: 0.25, format: 'spring-kafka', origins: ['orders'] },
  { name: 'error.shipping.fulfilment', share: 0.15, format: 'spring-cloud-stream', origins: ['shipping'] },
  { name: 'dead-letter-topic-emails', share: 0.1, format: 'smallrye', origins: ['emails', 'sms'] },
  {
    name: 'connect-sink.dlq',
    share: 0.1,
    format: 'kafka-connect',
    origins: ['inventory', 'prices', 'stock'],
  },
];

const CLASSES = [
  'com.example.payments.InsufficientFundsException',
  'org.springframework.kafka.support.serializer.DeserializationException',
  'com.fasterxml.jackson.core.JsonParseException',
  'java.lang.NullPointerException',
  'org.apache.kafka.connect.errors.DataException',
  'java.util.concurrent.TimeoutException',
  'com.example.validation.ValidationException',
  'org.hibernate.exception.ConstraintViolationException',
  'java.lang.IllegalStateException',
  'io.grpc.StatusRuntimeException',
];
const MESSAGES = [
  'Customer {id} has insufficient funds for amount {n}',
  'Failed to deserialize value at offset {n}: unexpected character {id}',
  "Unrecognized token 'NaN': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
  'Cannot invoke "Order.getCustomer()" because "order" is null',
  'Schema for {id} does not match: missing required field "currency"',
  'Timed out after {n} ms waiting for the inventory service',
  'amount must be positive but was {n}',
  'duplicate key value violates unique constraint "orders_pkey" for order {id}',
  'Order {id} is already in state SHIPPED',
  'UNAVAILABLE: io exception connecting to fraud-check:{n}',
];
const WORDS =
  'alpha amber apple arrow basil birch bloom brick cedar cherry cloud coral crane delta dune ember fable fern flint frost garnet glade harbor hazel heron iris ivory jade juniper kelp lagoon lark lemon linen lotus maple marble meadow mint moss nectar oak olive onyx opal orchid pearl pebble pine plum quartz raven reed river rose ruby sage sand slate spruce stone storm sun thistle thyme tide topaz tulip umber velvet violet willow wind zinc'.split(
    ' ',
  );
const SURNAMES = Array.from({ length: 200 }, (_, i) => `${WORDS[i % WORDS.length]}son${i}`);
const CITIES = ['Berlin', 'Lisbon', 'Oslo', 'Austin', 'Osaka', 'Lyon', 'Porto', 'Quito', 'Accra', 'Hanoi'];

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(42);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');

/** Zipf-like: group i has weight 1 / (i + 1). */
function zipf(count: number): () => number {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return () => {
    let r = random() * total;
    for (let i = 0; i < count; i += 1) {
      r -= weights[i] ?? 0;
      if (r <= 0) return i;
    }
    return count - 1;
  };
}

function value(orderId: string, surname: string): string {
  const items = Array.from(
    { length: 4 },
    () =>
      `{"sku":"SKU-${digits(5)}","name":"${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}","qty":${1 + Math.floor(random() * 5)},"price":${(random() * 100).toFixed(2)}}`,
  );
  const notes = Array.from({ length: 18 }, () => pick(WORDS)).join(' ');
  return `{"orderId":"${orderId}","customer":{"id":"cus-${digits(6)}","name":"${pick(WORDS)} ${surname}","email":"${surname}@example.com","tier":"${pick(['gold', 'silver', 'bronze'])}"},"amount":${(random() * 500).toFixed(2)},"currency":"EUR","items":[${items.join(',')}],"shipping":{"street":"${digits(3)} ${pick(WORDS)} Street","city":"${pick(CITIES)}","country":"DE"},"notes":"${notes}","createdAt":"2024-05-0${1 + Math.floor(random() * 9)}T10:00:00Z"}`;
}

/** Sorted record times for one partition over the last 7 days, denser by day, plus the incident. */
function times(count: number, now: number, incidentShare: number): number[] {
  const incidentStart = now - 30 * HOUR_MS;
  const out: number[] = [];
  while (out.length < count) {
    if (random() < incidentShare) {
      out.push(incidentStart + Math.floor(random() * HOUR_MS));
      continue;
    }
    const t = now - Math.floor(random() * 7 * DAY_MS);
    const hourOfDay = new Date(t).getUTCHours();
    if (random() < 0.4 + 0.6 * Math.sin((Math.PI * hourOfDay) / 24)) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

interface PartitionFeed {
  topic: TopicSpec;
  partition: number;
  times: number[];
  next: number;
  groupOf: () => number;
}

function makeRecordAt(feed: PartitionFeed, offset: number, incidentGroup: boolean): DlqRecord {
  const groupIndex = incidentGroup ? 0 : feed.groupOf();
  const template = MESSAGES[groupIndex % MESSAGES.length] ?? '';
  const orderId = `ord-${digits(8)}`;
  const surname = pick(SURNAMES);
  const binaryKey = random() < 0.02;
  return makeRecord({
    topic: feed.topic.name,
    partition: feed.partition,
    offset,
    timestamp: feed.times[offset] ?? null,
    format: random() < 0.01 ? 'unknown' : feed.topic.format,
    originTopic: pick(feed.topic.origins),
    originPartition: feed.partition,
    errorClass: CLASSES[groupIndex % CLASSES.length] ?? null,
    message: template.replace('{id}', orderId).replace('{n}', digits(4)),
    group: `${feed.topic.name}-g${groupIndex}`,
    groupTitle: template,
    key: binaryKey ? Buffer.from(digits(8)) : orderId,
    value: value(orderId, surname),
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function timeIt(label: string, run: (i: number) => unknown, results: string[]): void {
  const durations: number[] = [];
  for (let i = 0; i < REPEATS; i += 1) {
    const start = performance.now();
    run(i);
    durations.push(performance.now() - start);
  }
  durations.sort((a, b) => a - b);
  results.push(
    `${label.padEnd(52)} p50 ${percentile(durations, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(durations, 95).toFixed(1).padStart(7)} ms`,
  );
}

function dirSize(dir: string): number {
  return fs.readdirSync(dir).reduce((total, file) => total + fs.statSync(path.join(dir, file)).size, 0);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

interface Fill {
  now: number;
  sample: { id: string; orderId: string }[];
}

/** Fills the index the way ingest would: round robin over partitions, one batch per call. */
function fill(dir: string, total: number, now: number): Fill {
  const index = DlqIndex.open(dir);
  try {
    const feeds: PartitionFeed[] = TOPICS.flatMap((topic, t) =>
      Array.from({ length: PARTITIONS }, (_, partition) => ({
        topic,
        partition,
        times: times(Math.round((total * topic.share) / PARTITIONS), now, t === 0 ? 0.25 : 0),
        next: 0,
        groupOf: zipf(30),
      })),
    );
    const incidentFrom = now - 30 * HOUR_MS;
    let indexed = 0;
    let indexMs = 0;
    let peakRss = 0;
    const sample: { id: string; orderId: string }[] = [];
    for (
      let active = feeds;
      active.length > 0;
      active = active.filter((feed) => feed.next < feed.times.length)
    ) {
      for (const feed of active) {
        const end = Math.min(feed.next + BATCH, feed.times.length);
        const records: DlqRecord[] = [];
        for (let offset = feed.next; offset < end; offset += 1) {
          const ts = feed.times[offset] ?? 0;
          const incident = feed.topic === TOPICS[0] && ts >= incidentFrom && ts < incidentFrom + HOUR_MS;
          records.push(makeRecordAt(feed, offset, incident && random() < 0.9));
        }
        const first = records[0];
        if (first && random() < 0.3 && first.key.text) {
          sample.push({
            id: `${first.dlq.topic}~${first.dlq.partition}~${first.dlq.offset}`,
            orderId: first.key.text,
          });
        }
        const start = performance.now();
        indexed += index.indexBatch(feed.topic.name, feed.partition, records, String(end));
        indexMs += performance.now() - start;
        feed.next = end;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      process.stdout.write(`\rindexed ${indexed} records`);
    }
    process.stdout.write('\n');

    const statuses: RecordStatus[] = ['replayed', 'discarded', 'failed'];
    let changes = 0;
    const statusStart = performance.now();
    for (const feed of feeds) {
      const batch = [];
      for (let offset = 0; offset < feed.times.length; offset += 1) {
        if (random() >= 0.08) continue;
        batch.push({
          id: `${feed.topic.name}~${feed.partition}~${offset}`,
          change: { status: pick(statuses), action: 'measure', actor: 'measure', at: now, detail: null },
        });
      }
      index.setStatuses(batch);
      changes += batch.length;
    }
    const statusMs = performance.now() - statusStart;
    console.log(`records indexed       ${indexed}`);
    console.log(
      `ingest                ${Math.round(indexed / (indexMs / 1000))} records/s (indexBatch time only, batches of ${BATCH})`,
    );
    console.log(
      `status changes        ${Math.round(changes / (statusMs / 1000))} /s (${changes} in one batch per partition)`,
    );
    console.log(`RSS while filling     ${mb(peakRss)} peak (includes the generator's garbage)`);
    return { now, sample };
  } finally {
    index.close();
  }
}

/** Runs in a fresh process, so RSS is what a server holding this index needs. */
function query(dir: string, { now, sample }: Fill): void {
  const openStart = performance.now();
  const index = DlqIndex.open(dir);
  const openMs = performance.now() - openStart;
  const rssOpen = process.memoryUsage().rss;
  try {
    const results: string[] = [];
    const incidentFrom = now - 30 * HOUR_MS;
    const topicAt = (i: number) => (TOPICS[i % TOPICS.length] as TopicSpec).name;
    const groupAt = (i: number) => `${topicAt(i)}-g${i % 7}`;
    const sampleAt = (i: number) => sample[i % sample.length] ?? { id: 'x~0~0', orderId: 'x' };
    const last24h: RecordFilter = { from: now - DAY_MS, to: now };
    timeIt('first page, no filter', (i) => index.queryRecords(topicAt(i), {}), results);
    timeIt(
      'first page, one error group',
      (i) => index.queryRecords(topicAt(i), { group: [groupAt(i)] }),
      results,
    );
    timeIt(
      'first page, status replayed',
      (i) => index.queryRecords(topicAt(i), { status: ['replayed'] }),
      results,
    );
    timeIt('first page, last 24 h', (i) => index.queryRecords(topicAt(i), last24h), results);
    timeIt(
      'first page, group + unresolved + last 24 h',
      (i) => index.queryRecords(topicAt(i), { ...last24h, group: [groupAt(i)], status: ['unresolved'] }),
      results,
    );
    timeIt(
      'first page, 3 groups + origin topic + partition',
      (i) =>
        index.queryRecords(topicAt(i), {
          group: [groupAt(i), groupAt(i + 5), groupAt(i + 10)],
          originTopic: [(TOPICS[i % TOPICS.length] as TopicSpec).origins[0] ?? null],
          partition: [i % PARTITIONS],
        }),
      results,
    );
    timeIt(
      'first page, rare group + failed + one partition',
      (i) =>
        index.queryRecords(topicAt(i), { group: [`${topicAt(i)}-g29`], status: ['failed'], partition: [1] }),
      results,
    );
    let cursor: string | undefined;
    timeIt(
      'next page (walking pages of 100, no filter)',
      () => {
        const page = index.queryRecords('payments.DLT', {}, { cursor, limit: 100 });
        cursor = page.nextCursor ?? undefined;
      },
      results,
    );
    timeIt('facets, no filter', (i) => index.facets(topicAt(i), {}), results);
    timeIt('facets, one error group', (i) => index.facets(topicAt(i), { group: [groupAt(i)] }), results);
    timeIt(
      'facets, last 24 h + unresolved',
      (i) => index.facets(topicAt(i), { ...last24h, status: ['unresolved'] }),
      results,
    );
    timeIt(
      'facets, inside the incident hour',
      () => index.facets('payments.DLT', { from: incidentFrom + 600_000, to: incidentFrom + 1_800_000 }),
      results,
    );
    timeIt(
      'histogram, 7 days in hours',
      (i) => index.histogram(topicAt(i), {}, { from: now - 7 * DAY_MS, to: now, buckets: 168 }),
      results,
    );
    timeIt(
      'histogram, 24 h in 96 buckets, one group',
      (i) =>
        index.histogram(topicAt(i), { group: [groupAt(i)] }, { from: now - DAY_MS, to: now, buckets: 96 }),
      results,
    );
    timeIt(
      'histogram, the incident hour in minutes',
      () =>
        index.histogram('payments.DLT', {}, { from: incidentFrom, to: incidentFrom + HOUR_MS, buckets: 60 }),
      results,
    );
    timeIt(
      'full text, one order id (rare)',
      (i) => index.queryRecords(sampleAt(i * 7919).id.split('~')[0] ?? '', { q: sampleAt(i * 7919).orderId }),
      results,
    );
    timeIt(
      'full text, a surname (~0.5%)',
      (i) => index.queryRecords(topicAt(i), { q: SURNAMES[i * 3] ?? 'x' }),
      results,
    );
    timeIt(
      'full text, common word "currency"',
      (i) => index.queryRecords(topicAt(i), { q: 'currency' }),
      results,
    );
    timeIt(
      'full text, two words',
      (i) => index.queryRecords(topicAt(i), { q: `${WORDS[i]} ${WORDS[i + 1]}` }),
      results,
    );
    timeIt(
      'full text, prefix of 3 letters',
      (i) => index.queryRecords(topicAt(i), { q: `${(WORDS[i] ?? 'x').slice(0, 3)}*` }),
      results,
    );
    timeIt(
      'full text + group + status',
      (i) =>
        index.queryRecords(topicAt(i), {
          q: SURNAMES[i] ?? 'x',
          group: [groupAt(i)],
          status: ['unresolved'],
        }),
      results,
    );
    timeIt(
      'full text, facets for a surname',
      (i) => index.facets(topicAt(i), { q: SURNAMES[i * 5] ?? 'x' }),
      results,
    );
    timeIt(
      'key, exact',
      (i) =>
        index.queryRecords(sampleAt(i * 104729).id.split('~')[0] ?? '', {
          key: sampleAt(i * 104729).orderId,
        }),
      results,
    );
    timeIt(
      'key, prefix ord-1234*',
      (i) => index.queryRecords(topicAt(i), { key: `ord-${1000 + i}*` }),
      results,
    );
    timeIt('getRecord', (i) => index.getRecord(sampleAt(i * 31).id), results);
    timeIt('listDlqs', () => index.listDlqs(now), results);
    timeIt('errorGroups', (i) => index.errorGroups(topicAt(i)), results);

    const memory = process.memoryUsage();
    console.log(`index size on disk    ${mb(dirSize(dir))}`);
    console.log(`open (counts cube)    ${(openMs / 1000).toFixed(1)} s`);
    console.log(
      `RSS, fresh process    ${mb(rssOpen)} after open, ${mb(memory.rss)} after queries (JS heap ${mb(memory.heapUsed)})`,
    );
    console.log(`latency over ${REPEATS} runs each:`);
    for (const line of results) console.log(`  ${line}`);
  } finally {
    index.close();
  }
}

function main(): void {
  const queryDir = process.argv.indexOf('--query-dir');
  if (queryDir > 0) {
    const dir = process.argv[queryDir + 1] ?? '';
    query(dir, JSON.parse(fs.readFileSync(path.join(dir, 'fill.json'), 'utf8')) as Fill);
    return;
  }
  const arg = process.argv.indexOf('--records');
  const total = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
  if (!Number.isInteger(total) || total < 1000)
    throw new Error('--records must be an integer of at least 1000');
  const dir = makeTempDir('dlqdesk-measure-');
  try {
    fs.writeFileSync(path.join(dir, 'fill.json'), JSON.stringify(fill(dir, total, Date.now())));
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, process.argv[1] ?? '', '--query-dir', dir],
      {
        stdio: 'inherit',
      },
    );
    if (child.status !== 0) throw new Error(`the query phase failed (${child.status ?? child.signal})`);
  } finally {
    removeTempDir(dir);
  }
}

main();
