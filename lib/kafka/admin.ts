import 'server-only';
import type { Admin } from 'kafkajs';
import { getKafka } from './client';
import { ReplaceableAdmin } from './replaceable-admin';

// One admin connection per process (see ReplaceableAdmin), kept on globalThis so dev reloads share it.

const globalForAdmin = globalThis as typeof globalThis & { __dlqdeskAdmin?: ReplaceableAdmin };

function sharedAdmin(): ReplaceableAdmin {
  globalForAdmin.__dlqdeskAdmin ??= new ReplaceableAdmin(() => getKafka().admin());
  return globalForAdmin.__dlqdeskAdmin;
}

function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  return sharedAdmin().use(fn);
}

/** Drops the shared admin connection after a topic is gone; the next call opens a new one. */
export function resetAdmin(): void {
  sharedAdmin().reset();
}

export function listTopicNames(): Promise<string[]> {
  return withAdmin((admin) => admin.listTopics());
}

export interface PartitionOffsets {
  partition: number;
  /** The log start offset: records below it were removed by retention. */
  low: string;
  /** The high watermark: the offset the next record will get. */
  high: string;
}

export function partitionOffsets(topic: string): Promise<PartitionOffsets[]> {
  return withAdmin(async (admin) =>
    (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, low: p.low, high: p.high })),
  );
}

export function brokerCount(): Promise<number> {
  return withAdmin(async (admin) => (await admin.describeCluster()).brokers.length);
}
