import { businessEvent, type BusinessEvent } from './business-events';
import { utf8 } from './binary';
import { jsonEnvelopeRecord } from './conventions/json-envelope';
import { junkRecord } from './conventions/junk';
import { kafkaConnectRecord } from './conventions/kafka-connect';
import { karafkaRecord } from './conventions/karafka';
import { smallRyeRecord } from './conventions/smallrye';
import { springCloudStreamRecord } from './conventions/spring-cloud-stream';
import { springKafkaRecord } from './conventions/spring-kafka';
import type { ConventionOutput, DemoRecord, FailedRecordContext, HeaderList, Origin } from './demo-record';
import { failureFor, incidentFailure, type Failure } from './failures';
import { createPrng, type Prng } from './prng';
import { DEMO_DLQS, demoDlq, type DemoDlq } from './topics';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEFAULT_SEED = 20_240_611;

export interface IncidentOptions {
  topic: string;
  start: number;
  durationMs: number;
  count: number;
}

export interface DemoDataOptions {
  /** Records in total, the incident's included. */
  count: number;
  seed?: number;
  /** Default: 7 days before `to`. */
  from?: number;
  /** Default: now. */
  to?: number;
  /** Average value size in bytes (default 1024). */
  valueSize?: number;
  /** Default: a few hundred failures of one class in `orders-dlt` within 30 minutes, 3 hours before `to`. */
  incident?: Partial<IncidentOptions> | false;
}

/** The incident the options describe, with defaults applied; undefined when there is none. */
export function demoIncident(options: DemoDataOptions): IncidentOptions | undefined {
  if (options.incident === false) return undefined;
  const to = options.to ?? Date.now();
  const incident = {
    topic: 'orders-dlt',
    start: to - 3 * HOUR - 30 * 60_000,
    durationMs: 30 * 60_000,
    count: Math.min(300, Math.round(options.count * 0.1)),
    ...options.incident,
  };
  return incident.count > 0 ? incident : undefined;
}

// Relative failure volume per UTC hour: quiet nights, busy business hours.
const HOURLY_WEIGHT = [
  0.3, 0.25, 0.2, 0.2, 0.25, 0.35, 0.5, 0.75, 0.95, 1.1, 1.2, 1.15, 1.0, 1.05, 1.2, 1.15, 1.05, 0.95, 0.85,
  0.75, 0.65, 0.55, 0.45, 0.35,
];

/** `count` increasing timestamps in [from, to), denser in busy hours, one per stratum with jitter. */
function* timestamps(prng: Prng, from: number, to: number, count: number): Generator<number> {
  const segments: Array<{ start: number; end: number; weight: number; mass: number }> = [];
  let total = 0;
  for (let start = from; start < to;) {
    const end = Math.min(to, (Math.floor(start / HOUR) + 1) * HOUR);
    const weight = HOURLY_WEIGHT[new Date(start).getUTCHours()] ?? 1;
    segments.push({ start, end, weight, mass: weight * (end - start) });
    total += weight * (end - start);
    start = end;
  }
  let segment = 0;
  let before = 0;
  for (let i = 0; i < count; i++) {
    const target = ((i + prng.next()) / count) * total;
    let current = segments[segment];
    while (current && before + current.mass < target && segment < segments.length - 1) {
      before += current.mass;
      current = segments[++segment];
    }
    if (!current) return;
    yield Math.min(current.end - 1, Math.floor(current.start + (target - before) / current.weight));
  }
}

const TYPE_HEADER_CLASS: Record<string, string> = {
  orders: 'com.acme.orders.OrderEvent',
  payments: 'com.acme.payments.PaymentEvent',
};

function traceparent(prng: Prng): Buffer {
  return utf8(`00-${prng.hex(32)}-${prng.hex(16)}-01`);
}

/** Headers the source record carried, as each stack's producers set them. */
function originHeaders(prng: Prng, dlq: DemoDlq, event: BusinessEvent): HeaderList {
  const headers: HeaderList = [];
  switch (dlq.convention) {
    case 'spring-kafka':
      headers.push(['__TypeId__', utf8(TYPE_HEADER_CLASS[event.domain] ?? 'java.lang.Object')]);
      break;
    case 'spring-cloud-stream':
      headers.push(['contentType', utf8('application/json')]);
      break;
    case 'karafka':
      headers.push(['message_type', utf8(event.type.replace(/(?<=.)([A-Z])/g, '_$1').toLowerCase())]);
      break;
    default:
      break;
  }
  if (dlq.convention !== 'junk' && prng.chance(0.8)) headers.push(['traceparent', traceparent(prng)]);
  return headers;
}

/** Running offsets per source partition, so origins look like a consumer's progress. */
class SourceOffsets {
  private readonly next = new Map<string, number>();
  constructor(private readonly prng: Prng) {}

  take(topic: string, partition: number, step: number): number {
    const id = `${topic}/${partition}`;
    const offset = this.next.get(id) ?? this.prng.int(10_000, 2_000_000);
    this.next.set(id, offset + step);
    return offset;
  }
}

function partitionFor(key: string | null, partitions: number, prng: Prng): number {
  if (key === null) return prng.int(0, partitions - 1);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % partitions;
}

interface Writer {
  prng: Prng;
  offsets: SourceOffsets;
  valueSize: number;
  karafkaUpgradedAt: number;
}

function writeRecord(
  writer: Writer,
  dlq: DemoDlq,
  timestamp: number,
  failureOf: (event: BusinessEvent) => Failure,
  offsetStep: number,
): DemoRecord {
  const { prng } = writer;
  const source = prng.weighted(dlq.sources);
  // Envelopes and stack traces add to the value; size the event so the DLQ value averages valueSize.
  const target = Math.max(
    0,
    writer.valueSize * (0.5 + prng.next()) - (dlq.convention === 'json-envelope' ? 470 : 40),
  );
  const event = businessEvent(source.domain, prng, timestamp, target);
  const partition = partitionFor(event.key, dlq.partitions, prng);
  const retried = dlq.convention === 'spring-kafka' || dlq.convention === 'karafka';
  const origin: Origin = {
    topic: source.topic,
    partition,
    offset: writer.offsets.take(source.topic, partition, offsetStep),
    timestamp: timestamp - (retried ? prng.int(5_000, 15 * 60_000) : prng.int(5, 5_000)),
    key: event.key,
    headers: originHeaders(prng, dlq, event),
  };
  const context: FailedRecordContext = {
    prng,
    dlq,
    origin,
    event,
    value: utf8(event.json),
    failure: failureOf(event),
    timestamp,
  };
  let output: ConventionOutput;
  switch (dlq.convention) {
    case 'spring-kafka':
      output = springKafkaRecord(context);
      break;
    case 'spring-cloud-stream':
      output = springCloudStreamRecord(context);
      break;
    case 'smallrye':
      output = smallRyeRecord(context);
      break;
    case 'kafka-connect':
      output = kafkaConnectRecord(context);
      break;
    case 'karafka':
      output = karafkaRecord(context, writer.karafkaUpgradedAt);
      break;
    case 'json-envelope':
      output = jsonEnvelopeRecord(context);
      break;
    case 'junk':
      output = junkRecord(context);
      break;
  }
  return { topic: dlq.topic, timestamp, ...output };
}

export interface DemoRecordWriter {
  /** One failure of the background mix (any DLQ, its usual errors) at the given time. */
  record(timestamp: number): DemoRecord;
  /** One failure of the incident (its DLQ, its one error class) at the given time. */
  incidentRecord(topic: string, timestamp: number): DemoRecord;
}

/**
 * Writes demo failures one at a time, keeping source offsets advancing between calls; for a trickle
 * of new failures. `to` only decides when the demo's Karafka app was upgraded (3 days before it).
 */
export function createDemoRecordWriter(
  options: { seed?: number; valueSize?: number; to?: number } = {},
): DemoRecordWriter {
  const prng = createPrng(options.seed ?? DEFAULT_SEED);
  const writer: Writer = {
    prng,
    offsets: new SourceOffsets(prng),
    valueSize: options.valueSize ?? 1024,
    karafkaUpgradedAt: (options.to ?? Date.now()) - 3 * DAY,
  };
  return {
    record: (timestamp) => {
      const failureOf = (event: BusinessEvent) => failureFor(event.domain, prng, event, timestamp);
      return writeRecord(writer, prng.weighted(DEMO_DLQS), timestamp, failureOf, prng.int(1, 400));
    },
    incidentRecord: (topic, timestamp) =>
      writeRecord(writer, demoDlq(topic), timestamp, (event) => incidentFailure(prng, event), prng.int(1, 3)),
  };
}

/**
 * Failed records in the demo's mix of DLQs and conventions, in timestamp order, spread over
 * [from, to) with busier business hours, plus the incident's burst. Deterministic for a seed and
 * `to`; lazy, so a benchmark can draw a million records without holding them.
 */
export function* generateDemoRecords(options: DemoDataOptions): Generator<DemoRecord> {
  const to = options.to ?? Date.now();
  const from = options.from ?? to - 7 * DAY;
  const seed = options.seed ?? DEFAULT_SEED;
  const writer = createDemoRecordWriter({ seed, valueSize: options.valueSize, to });
  const incident = demoIncident({ ...options, to });
  const background = timestamps(createPrng(seed + 1), from, to, options.count - (incident?.count ?? 0));
  const burst = incident
    ? timestamps(createPrng(seed + 2), incident.start, incident.start + incident.durationMs, incident.count)
    : undefined;

  let nextBackground = background.next();
  let nextBurst = burst?.next();
  while (!nextBackground.done || (nextBurst && !nextBurst.done)) {
    if (
      incident &&
      nextBurst &&
      !nextBurst.done &&
      (nextBackground.done || nextBurst.value <= nextBackground.value)
    ) {
      yield writer.incidentRecord(incident.topic, nextBurst.value);
      nextBurst = burst?.next();
    } else if (!nextBackground.done) {
      yield writer.record(nextBackground.value);
      nextBackground = background.next();
    }
  }
}
