import 'server-only';
import { getConfig } from '../config';
import { getKafka } from '../kafka/client';
import { fetchRecord, findByHeader, PartitionEnds } from '../kafka/partition-reads';
import { createReliableProducer, type ReliableProducer } from '../kafka/reliable-producer';
import type { ProducerMetricsSnapshot } from '../kafka/reliable-producer/metrics';
import { log } from '../log';
import { getIndex } from '../services';
import { appendAudit } from '../state/audit';
import { getTriageState } from '../state/triage-state';
import { ReplayEngine } from './engine';
import { REPLAY_ID_HEADER } from './provenance';
import { targetAllowlist } from './targets';
import type { JobView } from './types';

// The process's replay jobs: one engine and one reliable producer, started after the triage state has read the
// state topic (jobs journal into it and record statuses through it), kept on globalThis like the other services.

interface ReplayService {
  engine: ReplayEngine;
  producer: ReliableProducer;
  ends: PartitionEnds;
}

const globalForReplay = globalThis as typeof globalThis & {
  __dlqdeskReplay?: Promise<ReplayService>;
  /** The same service once started, for synchronous readers (the metrics endpoint). */
  __dlqdeskReplayStarted?: ReplayService;
};

async function start(): Promise<ReplayService> {
  const config = getConfig().replay;
  const state = getTriageState();
  const journal = await state.log();
  const kafka = getKafka();
  const ends = new PartitionEnds(kafka);
  const producer = createReliableProducer({
    deliveryTimeoutMs: config.deliveryTimeoutMs,
    concurrency: config.concurrency,
  });
  const engine = new ReplayEngine({
    journal,
    producer,
    cluster: {
      partitionEnds: (topic) => ends.of(topic),
      findReplayIds: (topic, ranges, ids) => findByHeader(kafka, topic, ranges, REPLAY_ID_HEADER, ids),
      fetchRecord: (topic, partition, offset) => fetchRecord(kafka, topic, partition, offset),
    },
    getRecords: (ids, withConventionHeaders) => getIndex().getReplayRecords(ids, withConventionHeaders),
    getFixDraft: (id) => state.getFixDraft(id),
    recordStatuses: async (changes) => {
      await state.recordEvents(changes.map(({ id, change: { eventId: _, ...change } }) => ({ id, change })));
    },
    audit: (event) => appendAudit(event),
    maxReplays: config.maxReplays,
    isAllowed: targetAllowlist(config.allowedTargets),
  });
  await engine.start();
  log.info('replay jobs started', { jobs: engine.list().length });
  const service = { engine, producer, ends };
  globalForReplay.__dlqdeskReplayStarted = service;
  return service;
}

/** The jobs and the replay producer's counters, or null before the service has started. */
export function replayMetrics(): { jobs: JobView[]; producer: ProducerMetricsSnapshot } | null {
  const started = globalForReplay.__dlqdeskReplayStarted;
  return started ? { jobs: started.engine.list(), producer: started.producer.metrics() } : null;
}

/** Starts the replay engine once (resuming unfinished jobs); retried on the next call after a failure. */
export function startReplayService(): Promise<ReplayEngine> {
  if (!globalForReplay.__dlqdeskReplay) {
    const pending = start();
    globalForReplay.__dlqdeskReplay = pending;
    pending.catch((err: unknown) => {
      if (globalForReplay.__dlqdeskReplay === pending) globalForReplay.__dlqdeskReplay = undefined;
      log.warn('replay jobs could not start', { error: err instanceof Error ? err.message : String(err) });
    });
  }
  return globalForReplay.__dlqdeskReplay.then((s) => s.engine);
}

/** Lets in-flight batches settle and closes the producer; unfinished jobs resume at the next start. */
export async function stopReplayService(): Promise<void> {
  const pending = globalForReplay.__dlqdeskReplay;
  globalForReplay.__dlqdeskReplay = undefined;
  globalForReplay.__dlqdeskReplayStarted = undefined;
  const started = await pending?.catch(() => undefined);
  if (!started) return;
  await started.engine.stop();
  await started.producer.close();
  await started.ends.close();
}
