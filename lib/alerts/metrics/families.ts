import 'server-only';
import type { IngestStatus } from '../../ingest/ingester';
import type { ProducerMetricsSnapshot } from '../../kafka/reliable-producer/metrics';
import type { JobStatus, JobView } from '../../replay/types';
import { countsSince, standardRates, type CountingIndex } from '../rates';
import { ALERT_STATES, type DlqAlert, type WebhookView } from '../types';
import { topAndOther, type Labels, type MetricFamily } from './exposition';

const OTHER_GROUP = 'other';
// Parentheses cannot occur in a Kafka topic name, so these never collide with a real origin topic.
const OTHER_ORIGIN = '(other)';
const UNKNOWN_ORIGIN = '(unknown)';
const MAX_TITLE_CHARS = 100;

const gauge = (name: string, help: string): MetricFamily => ({ name, help, type: 'gauge', samples: [] });
const counter = (name: string, help: string): MetricFamily => ({ name, help, type: 'counter', samples: [] });

/** Per DLQ: records by error group and origin topic (top values plus the rest), backlog, inflow, alert state. */
export function dlqFamilies(
  index: CountingIndex,
  alerts: readonly DlqAlert[],
  topValues: number,
  now: number,
  /** The masking rules applied to error-group titles, which are error-message text. */
  maskTitle: (title: string) => string,
): MetricFamily[] {
  const records = gauge('dlqdesk_dlq_records', 'Records of the DLQ in the index (what Kafka retains).');
  const byGroup = gauge(
    'dlqdesk_dlq_records_by_error_group',
    `Records of the DLQ per error group: the ${topValues} biggest groups, the rest as error_group="${OTHER_GROUP}".`,
  );
  const byOrigin = gauge(
    'dlqdesk_dlq_records_by_origin_topic',
    `Records of the DLQ per origin topic: the ${topValues} biggest, the rest as "${OTHER_ORIGIN}", unknown as "${UNKNOWN_ORIGIN}".`,
  );
  const backlog = gauge('dlqdesk_dlq_backlog_records', 'Records of the DLQ neither replayed nor discarded.');
  const inflow = gauge(
    'dlqdesk_dlq_inflow_records_per_minute',
    'Records per minute reaching the DLQ (by record timestamp), averaged over the window.',
  );
  const state = gauge(
    'dlqdesk_alert_state',
    'The DLQ alert state: 1 for the current state, 0 for the others.',
  );
  const since = gauge('dlqdesk_alert_state_since_timestamp_seconds', 'When the DLQ entered its alert state.');
  const rate = gauge(
    'dlqdesk_alert_rule_inflow_records_per_minute',
    "Records per minute over the window of the DLQ's alert rule, as last evaluated.",
  );

  for (const alert of [...alerts].sort((a, b) => (a.topic < b.topic ? -1 : 1))) {
    const dlq = alert.topic;
    const all = countsSince(index, dlq, null);
    records.samples.push({ labels: { dlq }, value: all.total });
    backlog.samples.push({ labels: { dlq }, value: all.backlog });
    const groups = topAndOther(all.groups, topValues, (g) => g.count);
    for (const g of groups.kept) {
      byGroup.samples.push({
        labels: { dlq, error_group: g.id, error_group_title: maskTitle(g.title).slice(0, MAX_TITLE_CHARS) },
        value: g.count,
      });
    }
    if (groups.other > 0) {
      byGroup.samples.push({
        labels: { dlq, error_group: OTHER_GROUP, error_group_title: OTHER_GROUP },
        value: groups.other,
      });
    }
    const origins = topAndOther(all.origins, topValues, (o) => o.count);
    for (const o of origins.kept) {
      byOrigin.samples.push({ labels: { dlq, origin_topic: o.topic ?? UNKNOWN_ORIGIN }, value: o.count });
    }
    if (origins.other > 0) {
      byOrigin.samples.push({ labels: { dlq, origin_topic: OTHER_ORIGIN }, value: origins.other });
    }
    const { rates } = standardRates(index, dlq, now);
    for (const [window, value] of Object.entries(rates)) {
      inflow.samples.push({ labels: { dlq, window }, value });
    }
    for (const s of ALERT_STATES) {
      state.samples.push({ labels: { dlq, state: s }, value: s === alert.state ? 1 : 0 });
    }
    since.samples.push({ labels: { dlq }, value: Math.floor(alert.since / 1000) });
    rate.samples.push({ labels: { dlq }, value: alert.ratePerMinute });
  }
  return [records, byGroup, byOrigin, backlog, inflow, state, since, rate];
}

export function ingestFamilies(status: IngestStatus | null): MetricFamily[] {
  const lag = gauge('dlqdesk_ingest_lag_records', 'Records in a DLQ partition not indexed yet.');
  const connected = gauge(
    'dlqdesk_ingest_connected',
    'Whether the last look at the Kafka cluster worked (1) or not (0).',
  );
  const indexed = counter(
    'dlqdesk_ingest_records_indexed_total',
    'Records indexed since the process started.',
  );
  for (const p of status?.lag ?? []) {
    lag.samples.push({ labels: { dlq: p.topic, partition: String(p.partition) }, value: p.lag });
  }
  connected.samples.push({ value: status?.connected ? 1 : 0 });
  indexed.samples.push({ value: status?.recordsIndexed ?? 0 });
  return [lag, connected, indexed];
}

export function webhookFamilies(webhooks: readonly WebhookView[]): MetricFamily[] {
  const sent = counter(
    'dlqdesk_alert_notifications_total',
    'Alert notifications per webhook: delivered, or failed after every attempt.',
  );
  for (const w of webhooks) {
    sent.samples.push({ labels: { webhook: w.name, outcome: 'delivered' }, value: w.delivered });
    sent.samples.push({ labels: { webhook: w.name, outcome: 'failed' }, value: w.failed });
  }
  return [sent];
}

/** A reliable producer's counters and recent rates; `labels` tells producers apart (e.g. { producer: 'replay' }). */
export function producerFamilies(
  producers: readonly { labels: Labels; metrics: ProducerMetricsSnapshot }[],
): MetricFamily[] {
  const sent = counter('dlqdesk_producer_records_sent_total', 'Records the cluster acknowledged.');
  const failed = counter('dlqdesk_producer_records_failed_total', 'Records reported failed.');
  const retries = counter(
    'dlqdesk_producer_retries_total',
    'Produce attempts that resent after a retriable failure.',
  );
  const requests = counter(
    'dlqdesk_producer_requests_total',
    'Produce requests (first attempts and retries).',
  );
  const resets = counter(
    'dlqdesk_producer_id_resets_total',
    'New producer ids taken after an ambiguous give-up or a sequence error.',
  );
  const repairs = counter(
    'dlqdesk_producer_client_repairs_total',
    'Reconnects of the Kafka client, keeping the producer id, after it lost track of the brokers.',
  );
  const rates = gauge(
    'dlqdesk_producer_rate_per_second',
    'Records sent, records failed and retries per second over the last minute.',
  );
  const inFlight = gauge(
    'dlqdesk_producer_in_flight_records',
    'Records handed to the producer and not settled yet.',
  );
  for (const { labels, metrics } of producers) {
    sent.samples.push({ labels, value: metrics.totals.recordsSent });
    failed.samples.push({ labels, value: metrics.totals.recordsFailed });
    retries.samples.push({ labels, value: metrics.totals.retries });
    requests.samples.push({ labels, value: metrics.totals.requests });
    resets.samples.push({ labels, value: metrics.totals.producerResets });
    repairs.samples.push({ labels, value: metrics.totals.clientRepairs });
    rates.samples.push({ labels: { ...labels, kind: 'send' }, value: metrics.rates.sendRate });
    rates.samples.push({ labels: { ...labels, kind: 'error' }, value: metrics.rates.errorRate });
    rates.samples.push({ labels: { ...labels, kind: 'retry' }, value: metrics.rates.retryRate });
    inFlight.samples.push({ labels, value: metrics.inFlight.records });
  }
  return [sent, failed, retries, requests, resets, repairs, rates, inFlight];
}

const JOB_STATUSES: readonly JobStatus[] = ['running', 'paused', 'cancelling', 'cancelled', 'completed'];

/** Replay jobs by status, and their records by outcome summed over the jobs the engine knows. */
export function replayFamilies(jobs: readonly JobView[]): MetricFamily[] {
  const byStatus = gauge('dlqdesk_replay_jobs', 'Replay jobs by status.');
  const records = counter(
    'dlqdesk_replay_records_total',
    'Records of replay jobs by outcome: succeeded (replayed), failed or skipped.',
  );
  const rate = gauge(
    'dlqdesk_replay_rate_records_per_second',
    'Records per second the running replay jobs send.',
  );
  for (const status of JOB_STATUSES) {
    byStatus.samples.push({ labels: { status }, value: jobs.filter((j) => j.status === status).length });
  }
  for (const outcome of ['succeeded', 'failed', 'skipped'] as const) {
    records.samples.push({ labels: { outcome }, value: jobs.reduce((n, j) => n + j.totals[outcome], 0) });
  }
  rate.samples.push({
    value: jobs.filter((j) => j.status === 'running').reduce((n, j) => n + j.ratePerSecond, 0),
  });
  return [byStatus, records, rate];
}
