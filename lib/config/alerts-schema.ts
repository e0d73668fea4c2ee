import { z } from 'zod';
import { regexSource } from './regex-source';

// The `alerts` section: rules that turn a DLQ's inflow rate and unresolved backlog into a state (OK, WARNING,
// CRITICAL), how often they are evaluated, and the webhooks told about each change. A rule with impossible
// thresholds fails start-up naming the setting, instead of paging nobody.

const WEEK_SECONDS = 7 * 24 * 3600;

/** Warning and critical thresholds; either may be left out, and warning may not exceed critical. */
function thresholds<T extends z.ZodNumber>(value: T) {
  return {
    warning: value.optional(),
    critical: value.optional(),
  };
}

function checkThresholds(
  t: { warning?: number | undefined; critical?: number | undefined },
  ctx: z.RefinementCtx,
): void {
  if (t.warning === undefined && t.critical === undefined) {
    ctx.addIssue({ code: 'custom', path: ['warning'], message: 'set a warning or a critical threshold' });
  }
  if (t.warning !== undefined && t.critical !== undefined && t.warning > t.critical) {
    ctx.addIssue({
      code: 'custom',
      path: ['warning'],
      message: `must not be above the critical threshold (${t.critical})`,
    });
  }
}

const rateRule = z
  .object({
    // Records per minute, averaged over the window.
    ...thresholds(z.number().positive('records per minute, above 0')),
    windowSeconds: z.number().int().min(1).max(WEEK_SECONDS).default(300),
  })
  .strict()
  .superRefine(checkThresholds);

const backlogRule = z
  .object(thresholds(z.number().int().positive('a whole number of records, above 0')))
  .strict()
  .superRefine(checkThresholds);

const ruleBody = {
  name: z.string().min(1).max(100).optional(),
  rate: rateRule.optional(),
  backlog: backlogRule.optional(),
  // Overrides alerts.cooldownSeconds for the DLQs of this rule.
  cooldownSeconds: z.number().int().min(0).max(WEEK_SECONDS).optional(),
};

function checkRule(rule: { rate?: unknown; backlog?: unknown }, ctx: z.RefinementCtx): void {
  if (rule.rate === undefined && rule.backlog === undefined) {
    ctx.addIssue({ code: 'custom', path: ['rate'], message: 'a rule needs a rate or a backlog threshold' });
  }
}

export const alertRuleSchema = z
  .object({
    // Exactly one of: a DLQ topic name, or a regular expression over DLQ topic names.
    topic: z.string().min(1).max(249).optional(),
    pattern: regexSource.optional(),
    ...ruleBody,
  })
  .strict()
  .superRefine((rule, ctx) => {
    if ((rule.topic === undefined) === (rule.pattern === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['topic'],
        message: 'give either topic or pattern (one of them)',
      });
    }
    checkRule(rule, ctx);
  });

export const defaultAlertRuleSchema = z.object(ruleBody).strict().superRefine(checkRule);

export const DEFAULT_ALERT_RULE = {
  rate: { windowSeconds: 300, warning: 1, critical: 10 },
  backlog: { warning: 1000 },
};

export const webhookSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, ".", "_" or "-"')
      .optional(),
    url: z.url({ protocol: /^https?$/, error: 'an http or https URL' }),
    // `json`: the alert as a JSON object; `slack`: a Slack-compatible `{ "text": ... }` message.
    format: z.enum(['json', 'slack']).default('json'),
    maxAttempts: z.number().int().min(1).max(20).default(6),
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict();

export const alertsSchema = z
  .object({
    intervalSeconds: z.number().int().min(1).max(3600).default(15),
    // After a notification, further changes of the same DLQ within this time are held back; when it ends, the
    // current state is sent if it differs from the one last sent. Flapping DLQs page once.
    cooldownSeconds: z.number().int().min(0).max(WEEK_SECONDS).default(300),
    // The first rule whose topic or pattern matches a DLQ applies; the default rule covers every other DLQ.
    rules: z.array(alertRuleSchema).default([]),
    defaultRule: defaultAlertRuleSchema.default(DEFAULT_ALERT_RULE),
    webhooks: z.array(webhookSchema).default([]),
    // Label values per DLQ in /api/metrics for error groups and origin topics; the rest are summed as "other".
    metricsTopValues: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export const ALERTS_DEFAULTS = alertsSchema.parse({});

export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertRuleConfig = z.infer<typeof alertRuleSchema>;
export type DefaultAlertRuleConfig = z.infer<typeof defaultAlertRuleSchema>;
export type WebhookConfig = z.infer<typeof webhookSchema>;
