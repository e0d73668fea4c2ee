// The shapes of the alerts API, shared by the server and the pages.

export const ALERT_STATES = ['ok', 'warning', 'critical'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const SEVERITY: Record<AlertState, number> = { ok: 0, warning: 1, critical: 2 };

/** The standard windows rates are shown over. */
export const RATE_WINDOWS = ['1m', '5m', '1h', '24h'] as const;
export type RateWindow = (typeof RATE_WINDOWS)[number];

export const CHART_RANGES = ['1h', '24h', '7d'] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

export interface RuleRef {
  /** The rule's name, or a description of what it matches. */
  name: string;
  /** Where it is configured: `alerts.rules.2` or `alerts.defaultRule`. */
  setting: string;
}

export interface GroupCount {
  id: string;
  title: string;
  count: number;
}

export interface OriginCount {
  /** null: records whose origin topic is unknown */
  topic: string | null;
  count: number;
}

export interface Transition {
  at: number;
  from: AlertState;
  to: AlertState;
  reason: string | null;
}

export interface DlqAlert {
  topic: string;
  state: AlertState;
  /** When the DLQ entered its state (the first evaluation after start-up at the earliest). */
  since: number;
  rule: RuleRef;
  /** Which threshold fired, in words; null when OK. */
  reason: string | null;
  /** Inflow over the rule's rate window, in records per minute. */
  ratePerMinute: number;
  windowSeconds: number;
  /** Records neither replayed nor discarded (unresolved or failed to replay). */
  backlog: number;
  /** The error group with the most records in the rule's window (over all records when the window has none). */
  topGroup: GroupCount | null;
  evaluatedAt: number;
  /** Changes of state are not sent before this time (cooldown after the last notification). */
  cooldownUntil: number | null;
  lastNotification: { at: number; from: AlertState; to: AlertState } | null;
  /** The most recent changes of state, newest first. */
  transitions: Transition[];
}

export interface WebhookView {
  name: string;
  /** Scheme and host only: the URL is a secret. */
  target: string;
  format: 'json' | 'slack';
  delivered: number;
  failed: number;
  lastAttemptAt: number | null;
  lastError: string | null;
}

export interface AlertRow extends DlqAlert {
  /** Records per minute over each standard window. */
  rates: Record<RateWindow, number>;
  counts: Record<RateWindow, number>;
}

export interface AlertsResponse {
  evaluatedAt: number | null;
  intervalSeconds: number;
  /** Most urgent first: state, then inflow rate, then backlog. */
  dlqs: AlertRow[];
  webhooks: WebhookView[];
}

export interface InflowChart {
  range: ChartRange;
  from: number;
  to: number;
  bucketMs: number;
  /** The stacked groups, biggest first; "other" sums every further group. */
  groups: { id: string; title: string }[];
  /** Per bucket: count per stacked group (same order as groups), then the rest. */
  buckets: { start: number; counts: number[]; other: number }[];
  topGroups: GroupCount[];
  topOrigins: OriginCount[];
  total: number;
}
