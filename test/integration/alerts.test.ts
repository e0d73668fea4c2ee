import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertRow, AlertsResponse, InflowChart } from '@/lib/alerts/types';
import type { Facets } from '@/lib/store/types';
import type { DlqList } from '@/lib/ui/queries';
import { eventually, startHarness, type Harness } from './harness';

// Alerts through the real server: records produced into DLQs of the embedded cluster at known rates move the alert
// state, a local receiver gets the webhooks, and /api/metrics is checked line by line against the API.

const TOKEN = 'prometheus-scrape-token-0123456789';
const RATES = 'rates.DLT';
const FLAPPY = 'flappy.DLT';
const MANY = 'many.DLT';
const FLAP_COOLDOWN_SECONDS = 20;

interface Delivery {
  path: string;
  body: Record<string, unknown>;
  status: number;
}

/** A webhook receiver that refuses the very first request (503), so every test run goes through a retry. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  let requests = 0;
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      requests += 1;
      const status = requests === 1 ? 503 : 200;
      deliveries.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown>, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Accepted deliveries to one path. */
    accepted: (prefix: string) => deliveries.filter((d) => d.status === 200 && d.path.startsWith(prefix)),
    refused: () => deliveries.filter((d) => d.status !== 200),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let h: Harness;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let producer: Producer;

beforeAll(async () => {
  receiver = await startReceiver();
  h = await startHarness(
    { brokers: 1 },
    {
      DLQDESK_API_TOKENS: `prometheus:viewer:${TOKEN}`,
      // Error messages are where personal data hides: group titles go out masked, to webhooks and metrics too.
      DLQDESK_MASK_PATTERNS: 'must be positive|it failed',
      DLQDESK_ALERTS_INTERVAL_SECONDS: '1',
      DLQDESK_ALERTS_COOLDOWN_SECONDS: '0',
      DLQDESK_ALERTS_RULES: JSON.stringify([
        // 2 records within 8 s are 15 per minute: WARNING; 10 are 75 per minute: CRITICAL.
        { topic: RATES, name: 'rates', rate: { windowSeconds: 8, warning: 15, critical: 75 } },
        // 1 record within 4 s is 15 per minute: WARNING.
        { topic: FLAPPY, rate: { windowSeconds: 4, warning: 15 }, cooldownSeconds: FLAP_COOLDOWN_SECONDS },
      ]),
      DLQDESK_ALERTS_DEFAULT_RULE: JSON.stringify({ backlog: { critical: 1_000_000 } }),
      DLQDESK_ALERTS_WEBHOOKS: JSON.stringify([
        { name: 'generic', url: `${receiver.url}/json/secret-hook-token-abc`, maxAttempts: 5 },
        { name: 'chat', url: `${receiver.url}/slack/secret-hook-token-xyz`, format: 'slack' },
      ]),
    },
  );
  const admin = h.kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [RATES, FLAPPY, MANY].map((topic) => ({ topic, numPartitions: topic === MANY ? 2 : 1 })),
    waitForLeaders: true,
  });
  await admin.disconnect();
  producer = h.kafka.producer();
  await producer.connect();
}, 240_000);

afterAll(async () => {
  await producer?.disconnect();
  await h?.stop();
  await receiver?.close();
});

/** Records with one shared timestamp, so they enter and leave a rate window together. */
async function produce(
  topic: string,
  count: number,
  timestamp = Date.now(),
  errorClass = 'com.acme.PriceException',
) {
  await producer.send({
    topic,
    messages: Array.from({ length: count }, (_, i) => ({
      key: `k-${i}`,
      value: JSON.stringify({ i }),
      timestamp: String(timestamp),
      headers: {
        'kafka_dlt-original-topic': 'prices',
        'kafka_dlt-exception-fqcn': errorClass,
        'kafka_dlt-exception-message': 'price must be positive',
      },
    })),
  });
}

async function alerts(): Promise<AlertsResponse> {
  const { status, body } = await h.api<AlertsResponse>('/api/alerts');
  expect(status).toBe(200);
  return body;
}

async function alertOf(topic: string): Promise<AlertRow | undefined> {
  return (await alerts()).dlqs.find((d) => d.topic === topic);
}

function waitForState(topic: string, state: AlertRow['state']): Promise<AlertRow> {
  return eventually(
    async () => {
      const alert = await alertOf(topic);
      return alert?.state === state ? alert : undefined;
    },
    60_000,
    `${topic} to be ${state}`,
  );
}

const forTopic = (deliveries: Delivery[], topic: string) =>
  deliveries.filter((d) => d.body.dlq === topic || String(d.body.text ?? '').includes(`\`${topic}\``));

describe('alert states and notifications', () => {
  it('go OK → WARNING → CRITICAL → OK with the inflow, one notification per change and webhook', async () => {
    await waitForState(RATES, 'ok');
    await produce(RATES, 3);
    const warning = await waitForState(RATES, 'warning');
    expect(warning.rule).toEqual({ name: 'rates', setting: 'alerts.rules.0' });
    expect(warning.reason).toMatch(/^inflow .*\/min over 8s ≥ warning 15\/min$/);

    await produce(RATES, 12);
    const critical = await waitForState(RATES, 'critical');
    expect(critical.ratePerMinute).toBeGreaterThanOrEqual(75);
    expect(critical.topGroup?.title).toMatch(/PriceException/);
    const ok = await waitForState(RATES, 'ok');
    expect(ok.transitions.map((t) => `${t.from}>${t.to}`)).toEqual([
      'critical>ok',
      'warning>critical',
      'ok>warning',
    ]);

    // A few more evaluations pass without another notification.
    const after = ok.evaluatedAt;
    await eventually(async () => ((await alerts()).evaluatedAt ?? 0) >= after + 3000 || undefined, 30_000);
    const json = await eventually(async () => {
      const got = forTopic(receiver.accepted('/json/'), RATES);
      return got.length >= 3 ? got : undefined;
    });
    expect(json.map((d) => `${String(d.body.previousState)}>${String(d.body.state)}`)).toEqual([
      'ok>warning',
      'warning>critical',
      'critical>ok',
    ]);
    expect(new Set(json.map((d) => d.body.id)).size).toBe(3);
    expect(json[1]!.body).toMatchObject({
      source: 'dlq-desk',
      dlq: RATES,
      rule: { name: 'rates', setting: 'alerts.rules.0' },
      windowSeconds: 8,
      backlog: 15,
      topErrorGroup: { title: expect.stringMatching(/PriceException.*price ••••••/) as unknown },
    });
    expect(JSON.stringify(receiver.accepted('/'))).not.toContain('must be positive');
    expect(String(json[1]!.body.link)).toMatch(/^\/dlq\/rates\.DLT\?group=[\w-]+&from=/);
    const slack = await eventually(async () => {
      const got = forTopic(receiver.accepted('/slack/'), RATES);
      return got.length >= 3 ? got : undefined;
    });
    expect(slack.map((d) => String(d.body.text).split('\n')[0])).toEqual([
      ':large_orange_circle: *WARNING* DLQ `rates.DLT` (was OK)',
      ':red_circle: *CRITICAL* DLQ `rates.DLT` (was WARNING)',
      ':large_green_circle: *OK* DLQ `rates.DLT` (was CRITICAL)',
    ]);
    // The refused first request was retried: it is one of the accepted ones, not lost and not doubled.
    expect(receiver.refused()).toHaveLength(1);
    expect(forTopic(receiver.accepted('/'), RATES)).toHaveLength(6);
  });

  it('sends nothing for flaps within the cooldown, then the state that holds when it ends', async () => {
    await waitForState(FLAPPY, 'ok');
    await produce(FLAPPY, 1);
    const first = await waitForState(FLAPPY, 'warning');
    await eventually(async () =>
      forTopic(receiver.accepted('/json/'), FLAPPY).length === 1 ? true : undefined,
    );
    await waitForState(FLAPPY, 'ok');
    await produce(FLAPPY, 1);
    const again = await waitForState(FLAPPY, 'warning');
    // Both flaps happened within the cooldown, and neither was sent.
    expect(again.cooldownUntil).toBe(first.lastNotification!.at + FLAP_COOLDOWN_SECONDS * 1000);
    expect(again.evaluatedAt).toBeLessThan(again.cooldownUntil!);
    expect(again.transitions.map((t) => t.to)).toEqual(['warning', 'ok', 'warning']);
    expect(forTopic(receiver.accepted('/json/'), FLAPPY)).toHaveLength(1);

    // The record leaves the window; when the cooldown ends OK holds, which differs from WARNING (last sent).
    const sent = await eventually(
      async () => {
        const got = forTopic(receiver.accepted('/json/'), FLAPPY);
        return got.length >= 2 ? got : undefined;
      },
      60_000,
      'the notification at the end of the cooldown',
    );
    expect(sent.map((d) => `${String(d.body.previousState)}>${String(d.body.state)}`)).toEqual([
      'ok>warning',
      'warning>ok',
    ]);
    expect(Date.parse(String(sent[1]!.body.at))).toBeGreaterThanOrEqual(again.cooldownUntil!);
  });

  it('never shows a webhook URL in the API or the log', async () => {
    const body = await alerts();
    expect(body.webhooks).toEqual([
      expect.objectContaining({ name: 'generic', target: `${receiver.url}/…`, format: 'json' }),
      expect.objectContaining({ name: 'chat', target: `${receiver.url}/…`, format: 'slack' }),
    ]);
    const text = JSON.stringify(body) + h.appOutput();
    expect(text).toContain('alert notification failed; retrying');
    expect(text).not.toContain('secret-hook-token');
  });
});

// ---- A strict reader of the Prometheus text format (0.0.4) ----

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  if (text === 'NaN') return NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value in: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const eq = text.indexOf('=', i);
    if (eq < 0) throw new Error(`label without value in: ${line}`);
    const name = text.slice(i, eq);
    if (!LABEL_NAME.test(name)) throw new Error(`bad label name ${name} in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    if (text[eq + 1] !== '"') throw new Error(`unquoted label value in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (;;) {
      const c = text[j];
      if (c === undefined || c === '\n') throw new Error(`unterminated label value in: ${line}`);
      if (c === '"') break;
      if (c === '\\') {
        const next = text[j + 1];
        if (next === '\\') value += '\\';
        else if (next === '"') value += '"';
        else if (next === 'n') value += '\n';
        else throw new Error(`bad escape \\${next} in: ${line}`);
        j += 2;
      } else {
        value += c;
        j += 1;
      }
    }
    labels[name] = value;
    i = j + 1;
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`expected , between labels in: ${line}`);
      i += 1;
    }
  }
  return labels;
}

/** Parses the exposition, failing on anything the format does not allow. */
function parsePrometheus(text: string): { types: Map<string, string>; samples: Sample[] } {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const types = new Map<string, string>();
  const helps = new Set<string>();
  const series = new Set<string>();
  const samples: Sample[] = [];
  const finished = new Set<string>();
  let current: string | null = null;
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC_NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      if (kind === 'HELP') {
        if (helps.has(name)) throw new Error(`second HELP for ${name}`);
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ''))) throw new Error(`bad escape in: ${line}`);
        helps.add(name);
      } else {
        if (types.has(name)) throw new Error(`second TYPE for ${name}`);
        if (!TYPES.has(rest)) throw new Error(`unknown type in: ${line}`);
        if (samples.some((s) => s.name === name)) throw new Error(`TYPE after samples of ${name}`);
        types.set(name, rest);
      }
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: (-?\d+))?$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const [, name, labelText, valueText] = m as unknown as [string, string, string | undefined, string];
    if (!types.has(name)) throw new Error(`sample of undeclared family: ${line}`);
    if (current !== name) {
      if (finished.has(name)) throw new Error(`samples of ${name} are not together`);
      if (current !== null) finished.add(current);
      current = name;
    }
    const labels = parseLabels(labelText ?? '', line);
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (series.has(key)) throw new Error(`duplicate series: ${line}`);
    series.add(key);
    const value = parseValue(valueText, line);
    if (types.get(name) === 'counter' && !(value >= 0)) throw new Error(`negative counter: ${line}`);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

describe('GET /api/metrics', () => {
  it('refuses a request without a valid token', async () => {
    expect((await fetch(`${h.url}/api/metrics`)).status).toBe(401);
    const wrong = await fetch(`${h.url}/api/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all-000000' },
    });
    expect(wrong.status).toBe(401);
  });

  it('is valid exposition whose counts match the API, with bounded label values', async () => {
    // 15 error groups from 13 origin topics: more than the 10 values per label the metrics keep.
    for (let i = 0; i < 15; i += 1) {
      await producer.send({
        topic: MANY,
        messages: Array.from({ length: i + 1 }, (_, j) => ({
          key: `m-${i}-${j}`,
          value: '{}',
          partition: j % 2,
          headers: {
            'kafka_dlt-original-topic': `origin-${i % 13}`,
            'kafka_dlt-exception-fqcn': `com.acme.Failure${String.fromCharCode(65 + i)}Exception`,
            'kafka_dlt-exception-message': 'it failed',
          },
        })),
      });
    }
    const manyTotal = (15 * 16) / 2;
    const dlqs = await eventually(async () => {
      const { body } = await h.api<DlqList>('/api/dlqs');
      return body.dlqs.find((d) => d.topic === MANY)?.records === manyTotal ? body.dlqs : undefined;
    });
    // Alert rows are as of the last evaluation: wait for one that saw every record.
    const indexedAt = Date.now();
    await eventually(async () => ((await alerts()).evaluatedAt ?? 0) > indexedAt || undefined, 30_000);
    // Wait for an ingest pass that saw every record, so the lag is 0 everywhere.
    const { samples, types } = await eventually(async () => {
      const res = await fetch(`${h.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
      const parsed = parsePrometheus(await res.text());
      const lags = parsed.samples.filter(
        (s) => s.name === 'dlqdesk_ingest_lag_records' && s.labels.dlq === MANY,
      );
      return lags.length === 2 && lags.every((s) => s.value === 0) ? parsed : undefined;
    });
    expect(types.get('dlqdesk_dlq_records')).toBe('gauge');
    expect(types.get('dlqdesk_alert_notifications_total')).toBe('counter');
    const value = (name: string, labels: Record<string, string>) =>
      samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    const { dlqs: alertRows } = await alerts();
    for (const dlq of dlqs) {
      expect(value('dlqdesk_dlq_records', { dlq: dlq.topic })).toEqual([
        { name: 'dlqdesk_dlq_records', labels: { dlq: dlq.topic }, value: dlq.records },
      ]);
      const byGroup = value('dlqdesk_dlq_records_by_error_group', { dlq: dlq.topic });
      expect(byGroup.reduce((n, s) => n + s.value, 0)).toBe(dlq.records);
      const byOrigin = value('dlqdesk_dlq_records_by_origin_topic', { dlq: dlq.topic });
      expect(byOrigin.reduce((n, s) => n + s.value, 0)).toBe(dlq.records);
      const row = alertRows.find((a) => a.topic === dlq.topic)!;
      expect(value('dlqdesk_dlq_backlog_records', { dlq: dlq.topic })[0]?.value).toBe(row.backlog);
      expect(value('dlqdesk_alert_state', { dlq: dlq.topic }).map((s) => [s.labels.state, s.value])).toEqual(
        ['ok', 'warning', 'critical'].map((state) => [state, state === row.state ? 1 : 0]),
      );
      expect(
        value('dlqdesk_dlq_inflow_records_per_minute', { dlq: dlq.topic }).map((s) => s.labels.window),
      ).toEqual(['1m', '5m', '1h', '24h']);
    }

    // The 10 biggest groups by their API counts, and the other five summed.
    const { body: facets } = await h.api<Facets>(`/api/dlqs/${MANY}/facets`);
    const groups = value('dlqdesk_dlq_records_by_error_group', { dlq: MANY });
    // Titles are masked as in the API (the message "it failed" matches the masking pattern).
    expect(facets.group[0]!.title).toContain('••••••');
    expect(JSON.stringify(samples)).not.toContain('it failed');
    expect(groups).toHaveLength(11);
    for (const group of facets.group.slice(0, 10)) {
      expect(
        value('dlqdesk_dlq_records_by_error_group', { dlq: MANY, error_group: group.value })[0],
      ).toMatchObject({
        labels: { error_group_title: group.title },
        value: group.count,
      });
    }
    expect(value('dlqdesk_dlq_records_by_error_group', { dlq: MANY, error_group: 'other' })[0]?.value).toBe(
      facets.group.slice(10).reduce((n, g) => n + g.count, 0),
    );
    const origins = value('dlqdesk_dlq_records_by_origin_topic', { dlq: MANY });
    expect(origins).toHaveLength(11);
    expect(
      value('dlqdesk_dlq_records_by_origin_topic', { dlq: MANY, origin_topic: '(other)' })[0]?.value,
    ).toBe(facets.originTopic.slice(10).reduce((n, o) => n + o.count, 0));

    const delivered = value('dlqdesk_alert_notifications_total', {
      webhook: 'generic',
      outcome: 'delivered',
    });
    expect(delivered[0]?.value).toBe(receiver.accepted('/json/').length);

    // The alerts page's chart agrees with the same counts.
    const { body: chart } = await h.api<InflowChart>(`/api/alerts/${MANY}?range=1h`);
    expect(chart.total).toBe(manyTotal);
    expect(chart.buckets.reduce((n, b) => n + b.other + b.counts.reduce((a, c) => a + c, 0), 0)).toBe(
      manyTotal,
    );
    expect(chart.topGroups.map((g) => g.count)).toEqual(facets.group.slice(0, 5).map((g) => g.count));
  });
});
