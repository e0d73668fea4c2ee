import 'server-only';
import { brokerCount } from './admin';

export interface ClusterStatus {
  reachable: boolean;
  brokers: number;
  checkedAt: number;
}

const CACHE_MS = 5_000;
const TIMEOUT_MS = 3_000;

const globalForStatus = globalThis as typeof globalThis & {
  __dlqdeskClusterStatus?: { last: ClusterStatus | null; pending: Promise<ClusterStatus> | null };
};
const state = (globalForStatus.__dlqdeskClusterStatus ??= { last: null, pending: null });

async function probe(): Promise<ClusterStatus> {
  try {
    const brokers = await Promise.race([
      brokerCount(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS).unref()),
    ]);
    return { reachable: true, brokers, checkedAt: Date.now() };
  } catch {
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
