import 'server-only';
import type { Config } from '../config';
import { log } from '../log';
import { withMaskedTitles } from '../masking/record-masking';
import { AlertEvaluator } from './evaluator';
import type { CountingIndex } from './rates';
import { WebhookSender } from './webhook-sender';

export interface AlertService {
  evaluator: AlertEvaluator;
  webhooks: WebhookSender;
  stop(): Promise<void>;
}

export interface AlertDeps {
  config: Config;
  index: CountingIndex;
  topics: () => string[];
}

// One evaluator per process: kept on globalThis so dev reloads and separately bundled routes share it.
const globalForAlerts = globalThis as typeof globalThis & { __dlqdeskAlerts?: AlertService };

/** Starts evaluating the alert rules on a timer (idempotent); the first pass runs at once. */
export function startAlerts(deps: AlertDeps): AlertService {
  if (globalForAlerts.__dlqdeskAlerts) return globalForAlerts.__dlqdeskAlerts;
  const { alerts, server } = deps.config;
  const webhooks = new WebhookSender(alerts.webhooks, server.publicUrl);
  const evaluator = new AlertEvaluator({
    config: alerts,
    index: deps.index,
    topics: deps.topics,
    notify: (n) => {
      log.info('alert state changed', { dlq: n.topic, from: n.previousState, to: n.state, reason: n.reason });
      // Webhooks leave for chat rooms and incident tools: the top group's title is masked like every view's.
      webhooks.send(withMaskedTitles(deps.config, n));
    },
  });
  const evaluate = () => {
    try {
      evaluator.evaluate();
    } catch (err) {
      log.error('alert evaluation failed', { error: err instanceof Error ? err.message : String(err) });
    }
  };
  const timer = setInterval(evaluate, alerts.intervalSeconds * 1000);
  timer.unref();
  evaluate();
  const service: AlertService = {
    evaluator,
    webhooks,
    async stop() {
      clearInterval(timer);
      await webhooks.stop();
    },
  };
  globalForAlerts.__dlqdeskAlerts = service;
  return service;
}

export async function stopAlerts(): Promise<void> {
  const service = globalForAlerts.__dlqdeskAlerts;
  globalForAlerts.__dlqdeskAlerts = undefined;
  await service?.stop();
}
