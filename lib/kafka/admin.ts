import 'server-only';
import type { Admin } from 'kafkajs';
import { getKafka } from './client';

// One admin connection per process, reconnected on the next call after a failure.

const globalForAdmin = globalThis as typeof globalThis & { __dlqdeskAdmin?: Promise<Admin> };

async function connectedAdmin(): Promise<Admin> {
  if (!globalForAdmin.__dlqdeskAdmin) {
    const admin = getKafka().admin();
    globalForAdmin.__dlqdeskAdmin = admin.connect().then(() => admin);
  }
  return globalForAdmin.__dlqdeskAdmin;
}

async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const pending = connectedAdmin();
  try {
    return await fn(await pending);
  } catch (err) {
    if (globalForAdmin.__dlqdeskAdmin === pending) resetAdmin();
    throw err;
  }
}

/**
 * Drops the shared admin connection; the next call opens a new one. kafkajs keeps refreshing the metadata of every
 * topic a client has asked about and fails when one of them was deleted, so after a topic is gone a fresh client is
 * the only way to go on asking about the others.
 */
export function resetAdmin(): void {
  const pending = globalForAdmin.__dlqdeskAdmin;
  globalForAdmin.__dlqdeskAdmin = undefined;
  void pending?.then((admin) => admin.disconnect()).catch(() => undefined);
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
