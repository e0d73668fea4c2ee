import 'server-only';
import type { Admin } from 'kafkajs';
import { getKafka } from './client';

export interface ClusterStatus {
  reachable: boolean;
  brokers: number;
  checkedAt: number;
}

const CACHE_MS = 5_000;
const TIMEOUT_MS = 3_000;

const globalForStatus = globalThis as typeof globalThis & {
  __dlqdeskClusterStatus?: {
    admin: Admin | null;
    last: ClusterStatus | null;
    pending: Promise<ClusterStatus> | null;
  };
};
const state = (globalForStatus.__dlqdeskClusterStatus ??= { admin: null, last: null, pending: null });

async function probe(): Promise<ClusterStatus> {
  try {
    if (!state.admin) {
      state.admin = getKafka().admin({ retry: { retries: 0 } });
    }
    const admin = state.admin;
    const described = await Promise.race([
      admin.connect().then(() => admin.describeCluster()),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
    ]);
    return { reachable: true, brokers: described.brokers.length, checkedAt: Date.now() };
  } catch {
    const admin = state.admin;
    state.admin = null;
    await admin?.disconnect().catch(() => undefined);
    return { reachable: false, brokers: 0, checkedAt: Date.now() };
  }
}

/** Whether the cluster answers, cached for a few seconds so health checks cannot flood the brokers. */
export async function clusterStatus(): Promise<ClusterStatus> {
  if (state.last && Date.now() - state.last.checkedAt < CACHE_MS) return state.last;
  state.pending ??= probe().then((status) => {
    state.last = status;
    state.pending = null;
    return status;
  });
  return state.pending;
}
