import 'server-only';
import { startAlerts, stopAlerts, type AlertService } from './alerts/service';
import { getConfig } from './config';
import { dlqTopicMatcher } from './ingest/dlq-topics';
import { startIngest, type Ingester, type IngestStatus } from './ingest/ingester';
import { closeRevocations } from './auth/session-revocation-store';
import { closeAudit } from './state/audit';
import { getKafka } from './kafka/client';
import { startTriageState, stopTriageState, type TriageState } from './state/triage-state';
import { DlqIndex } from './store';

// The process-wide services. Kept on globalThis so that dev-server reloads reuse them instead of opening the index
// twice or starting a second consumer.

const globalForServices = globalThis as typeof globalThis & {
  __dlqdeskIndex?: DlqIndex;
  __dlqdeskIngester?: Ingester;
};

export function getIndex(): DlqIndex {
  globalForServices.__dlqdeskIndex ??= DlqIndex.open(getConfig().dataDir);
  return globalForServices.__dlqdeskIndex;
}

/** Starts the one background consumer of this process (idempotent). */
export function startIngestion(): Ingester {
  if (!globalForServices.__dlqdeskIngester) {
    globalForServices.__dlqdeskIngester = startIngest({
      store: getIndex(),
      isDlqTopic: dlqTopicMatcher(getConfig().dlq),
      syncIntervalMs: getConfig().dlq.syncIntervalSeconds * 1000,
    });
  }
  return globalForServices.__dlqdeskIngester;
}

export function ingestStatus(): IngestStatus | null {
  return globalForServices.__dlqdeskIngester?.status() ?? null;
}

/** Starts reading the durable triage state into the index (idempotent); see `ready` on the result. */
export function startStateService(): TriageState {
  return startTriageState({ kafka: getKafka(), index: getIndex() });
}

/** The alert rules' evaluator and webhooks (idempotent: started once per process). */
export function startAlerting(): AlertService {
  const index = getIndex();
  return startAlerts({
    config: getConfig(),
    index,
    topics: () => [...new Set([...(ingestStatus()?.topics ?? []), ...index.indexedTopics()])],
  });
}

/** Stops fetching, lets the batch in hand finish, and closes the index. */
export async function stopServices(): Promise<void> {
  await stopAlerts();
  await globalForServices.__dlqdeskIngester?.stop();
  globalForServices.__dlqdeskIngester = undefined;
  await stopTriageState();
  globalForServices.__dlqdeskIndex?.close();
  globalForServices.__dlqdeskIndex = undefined;
  await closeAudit();
  await closeRevocations();
}
