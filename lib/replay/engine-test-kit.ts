// Test support for replay jobs without the web server: a real DLQ topic indexed into a real index, the journal on a
// real state topic, the one reliable producer and offset-range reads against the embedded cluster.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IHeaders, Kafka } from 'kafkajs';
import type { DevCluster } from '../../devcluster';
import { consumeAll, kafkaFor } from '../../devcluster/test-support/kafkajs-helpers';
import { decodeRecord } from '../dlq/decode';
import { toRawRecord } from '../kafka/dlq-consumer';
import { fetchRecord, findByHeader, PartitionEnds } from '../kafka/partition-reads';
import { createReliableProducer, type ReliableProducer } from '../kafka/reliable-producer';
import { StateLog } from '../state/state-log';
import { DlqIndex, recordId, type StatusChange } from '../store';
import { ReplayEngine, type ReplayDeps } from './engine';
import { REPLAY_ID_HEADER } from './provenance';
import { targetAllowlist } from './targets';
import type { FixDraftLike } from './types';

export const CONSUMER_RETRY = { retries: 20, initialRetryTime: 100, maxRetryTime: 1000 };

export interface Kit {
  dc: DevCluster;
  kafka: Kafka;
  index: DlqIndex;
  journal: StateLog;
  producer: ReliableProducer;
  drafts: Map<string, FixDraftLike>;
  audits: Parameters<ReplayDeps['audit']>[0][];
  engine: ReplayEngine;
  /** A new engine on the same journal, index and producer, as after a restart (the old one stopped). */
  restartEngine(): Promise<ReplayEngine>;
  close(): Promise<void>;
}

export interface KitOptions {
  allowedTargets?: string[];
  maxReplays?: number;
  batchSize?: number;
  deliveryTimeoutMs?: number;
}

export async function startKit(dc: DevCluster, options: KitOptions = {}): Promise<Kit> {
  const kafka = kafkaFor(dc.bootstrap, CONSUMER_RETRY);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dlqdesk-replay-'));
  const index = DlqIndex.open(dir);
  const journal = await StateLog.open(kafka, { topic: '_dlqdesk-state-test' });
  const producer = createReliableProducer({
    brokers: dc.bootstrap,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 60_000,
  });
  const ends = new PartitionEnds(kafka);
  const drafts = new Map<string, FixDraftLike>();
  const audits: Kit['audits'] = [];
  const isAllowed = targetAllowlist(options.allowedTargets ?? ['.*']);
  const deps: ReplayDeps = {
    journal,
    producer,
    cluster: {
      partitionEnds: (topic) => ends.of(topic),
      findReplayIds: (topic, ranges, ids) => findByHeader(kafka, topic, ranges, REPLAY_ID_HEADER, ids),
      fetchRecord: (topic, partition, offset) => fetchRecord(kafka, topic, partition, offset),
    },
    getRecords: (ids, withConventionHeaders) => index.getReplayRecords(ids, withConventionHeaders),
    getFixDraft: (id) => drafts.get(id) ?? null,
    recordStatuses: async (changes: { id: string; change: StatusChange }[]) => {
      index.setStatuses(changes);
    },
    audit: async (event) => {
      audits.push(event);
    },
    maxReplays: options.maxReplays ?? 3,
    isAllowed,
    batchSize: options.batchSize,
  };
  const kit: Kit = {
    dc,
    kafka,
    index,
    journal,
    producer,
    drafts,
    audits,
    engine: new ReplayEngine(deps),
    async restartEngine() {
      await kit.engine.stop();
      kit.engine = new ReplayEngine(deps);
      await kit.engine.start();
      return kit.engine;
    },
    async close() {
      await kit.engine.stop();
      await producer.close();
      await journal.close();
      await ends.close();
      index.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await kit.engine.start();
  return kit;
}

export interface DlqInput {
  key: string | null;
  value: string | Buffer | null;
  headers?: IHeaders;
  partition?: number;
}

/** Spring Kafka's DLQ headers for a record that failed on `originTopic`/`originPartition`. */
export function springHeaders(originTopic: string, originPartition: number, offset: number): IHeaders {
  const partition = Buffer.alloc(4);
  partition.writeInt32BE(originPartition);
  const off = Buffer.alloc(8);
  off.writeBigInt64BE(BigInt(offset));
  return {
    'kafka_dlt-original-topic': originTopic,
    'kafka_dlt-original-partition': partition,
    'kafka_dlt-original-offset': off,
    'kafka_dlt-exception-fqcn': 'java.lang.IllegalStateException',
    'kafka_dlt-exception-message': 'boom',
  };
}

/** Writes records to a DLQ topic and indexes them as ingestion would; returns their ids in offset order. */
export async function seedDlq(
  kit: Kit,
  topic: string,
  records: DlqInput[],
  partitions = 1,
  configs: Record<string, string> = {},
): Promise<string[]> {
  kit.dc.admin.createTopic({ name: topic, partitions, replicationFactor: 3, configs });
  const producer = kit.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < records.length; i += 2000) {
      await producer.send({
        topic,
        acks: -1,
        messages: records.slice(i, i + 2000).map((r) => ({
          key: r.key,
          value: r.value,
          headers: r.headers,
          partition: r.partition ?? 0,
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
  const consumed = await consumeAll(kit.kafka, topic);
  const byPartition = new Map<number, typeof consumed>();
  for (const c of consumed) byPartition.set(c.partition, [...(byPartition.get(c.partition) ?? []), c]);
  const ids: string[] = [];
  for (const [partition, list] of byPartition) {
    list.sort((a, b) => Number(a.message.offset) - Number(b.message.offset));
    const decoded = list.map((c) => decodeRecord(toRawRecord(topic, partition, c.message)));
    const last = list[list.length - 1]!;
    kit.index.indexBatch(topic, partition, decoded, String(Number(last.message.offset) + 1));
    ids.push(...list.map((c) => recordId(topic, partition, c.message.offset)));
  }
  return ids;
}

export function headerText(headers: IHeaders | undefined, key: string): string | undefined {
  const v = headers?.[key];
  if (v === undefined || v === null) return undefined;
  return (Array.isArray(v) ? v[0] : v)?.toString();
}
