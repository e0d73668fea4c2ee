import 'server-only';
import type { WebhookConfig } from '../config/alerts-schema';
import { maskWebhookUrl } from '../config/webhook-url';
import { log } from '../log';
import type { AlertNotification } from './evaluator';
import type { WebhookView } from './types';
import { jsonBody, notificationLinks, slackBody } from './webhook-payload';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

interface Target {
  config: WebhookConfig;
  view: WebhookView;
  /** Deliveries to one webhook go one after the other, so a receiver sees a DLQ's changes in order. */
  queue: Promise<void>;
}

class Attempt extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

/** The wait before attempt n + 1: doubling from one second, capped, with jitter so receivers are not stampeded. */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function retryAfter(response: Response): number | null {
  const value = response.headers.get('retry-after');
  if (value === null || !/^\d{1,6}$/.test(value.trim())) return null;
  return Number(value) * 1000;
}

/** Posts each notification to every configured webhook, retrying with backoff; never throws. */
export class WebhookSender {
  private readonly targets: Target[];
  private readonly stopping = new AbortController();

  constructor(
    webhooks: readonly WebhookConfig[],
    private readonly publicUrl: string | undefined,
  ) {
    this.targets = webhooks.map((config, i) => ({
      config,
      queue: Promise.resolve(),
      view: {
        name: config.name ?? `webhook-${i + 1}`,
        target: maskWebhookUrl(config.url),
        format: config.format,
        delivered: 0,
        failed: 0,
        lastAttemptAt: null,
        lastError: null,
      },
    }));
  }

  send(notification: AlertNotification): void {
    if (this.stopping.signal.aborted) return;
    const links = notificationLinks(notification, this.publicUrl);
    for (const target of this.targets) {
      const body =
        target.config.format === 'slack' ? slackBody(notification, links) : jsonBody(notification, links);
      target.queue = target.queue.then(() => this.deliver(target, notification, JSON.stringify(body)));
    }
  }

  views(): WebhookView[] {
    return this.targets.map((t) => ({ ...t.view }));
  }

  /** Abandons retries and deliveries in flight. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.targets.map((t) => t.queue));
  }

  private async deliver(target: Target, n: AlertNotification, body: string): Promise<void> {
    const { config, view } = target;
    const fields = { webhook: view.name, target: view.target, dlq: n.topic, state: n.state };
    for (let attempt = 1; attempt <= config.maxAttempts; attempt += 1) {
      if (this.stopping.signal.aborted) break;
      view.lastAttemptAt = Date.now();
      try {
        await this.post(config, body);
        view.delivered += 1;
        view.lastError = null;
        log.info('alert notification sent', { ...fields, attempt });
        return;
      } catch (err) {
        const failure =
          err instanceof Attempt ? err : new Attempt(err instanceof Error ? err.message : String(err), true);
        view.lastError = failure.message;
        if (!failure.retriable || attempt === config.maxAttempts) break;
        const wait = Math.min(MAX_BACKOFF_MS, Math.max(backoffMs(attempt), failure.retryAfterMs ?? 0));
        log.warn('alert notification failed; retrying', { ...fields, attempt, error: failure.message, wait });
        await sleep(wait, this.stopping.signal);
      }
    }
    view.failed += 1;
    log.error('alert notification not delivered', { ...fields, error: view.lastError ?? 'stopped' });
  }

  private async post(config: WebhookConfig, body: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(config.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'dlq-desk' },
        body,
        redirect: 'error',
        signal: AbortSignal.any([this.stopping.signal, AbortSignal.timeout(config.timeoutMs)]),
      });
    } catch (err) {
      // fetch's own message ("fetch failed") names no URL; the cause says what went wrong.
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      throw new Attempt(
        cause
          ? `network error ${cause}`
          : (err as Error).name === 'TimeoutError'
            ? 'timed out'
            : 'network error',
        true,
      );
    }
    await response.body?.cancel();
    if (response.ok) return;
    const retriable = response.status === 408 || response.status === 429 || response.status >= 500;
    throw new Attempt(`HTTP ${response.status}`, retriable, retryAfter(response));
  }
}
