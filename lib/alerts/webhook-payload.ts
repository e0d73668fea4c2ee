import 'server-only';
import type { AlertNotification } from './evaluator';
import { absoluteLink, dlqViewPath } from './links';
import { formatWindow } from './rules';

export interface NotificationLinks {
  /** The DLQ page filtered to the rule's window (and the top error group when there is one). */
  dlq: string;
  alerts: string;
}

export function notificationLinks(n: AlertNotification, publicUrl: string | undefined): NotificationLinks {
  const from = n.at - n.windowSeconds * 1000;
  const filter = n.state === 'ok' || n.topGroup === null ? { from } : { from, group: [n.topGroup.id] };
  return {
    dlq: absoluteLink(publicUrl, dlqViewPath(n.topic, filter)),
    alerts: absoluteLink(publicUrl, '/alerts'),
  };
}

/** The generic JSON body: everything a receiver needs to route, deduplicate (id) and show the alert. */
export function jsonBody(n: AlertNotification, links: NotificationLinks): Record<string, unknown> {
  return {
    id: n.id,
    source: 'dlq-desk',
    at: new Date(n.at).toISOString(),
    dlq: n.topic,
    state: n.state,
    previousState: n.previousState,
    since: new Date(n.since).toISOString(),
    rule: n.rule,
    reason: n.reason,
    ratePerMinute: Math.round(n.ratePerMinute * 100) / 100,
    windowSeconds: n.windowSeconds,
    backlog: n.backlog,
    topErrorGroup: n.topGroup,
    link: links.dlq,
    alertsLink: links.alerts,
  };
}

const ICON = { ok: ':large_green_circle:', warning: ':large_orange_circle:', critical: ':red_circle:' };

/** Slack's link syntax reserves &, < and >. */
const escapeSlack = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A Slack-compatible incoming-webhook message (Mattermost, Rocket.Chat and Teams' Slack mode read it too). */
export function slackBody(n: AlertNotification, links: NotificationLinks): { text: string } {
  const rate = `${n.ratePerMinute.toFixed(n.ratePerMinute < 10 ? 2 : 1)}/min over ${formatWindow(n.windowSeconds)}`;
  const lines = [
    `${ICON[n.state]} *${n.state.toUpperCase()}* DLQ \`${escapeSlack(n.topic)}\` (was ${n.previousState.toUpperCase()})`,
    n.reason ? escapeSlack(n.reason) : `back within the thresholds of rule ${escapeSlack(n.rule.name)}`,
    `Inflow ${rate} · backlog ${n.backlog}`,
  ];
  if (n.topGroup) lines.push(`Top error: ${escapeSlack(n.topGroup.title)} (${n.topGroup.count})`);
  lines.push(`<${links.dlq}|Open in DLQ Desk> · <${links.alerts}|All alerts>`);
  return { text: lines.join('\n') };
}
