// Shared by the group tests only: a fixed cluster view and a condition poller.
import type { CoordinatorAddress, GroupClusterView } from './cluster-view';

export const COORDINATOR: CoordinatorAddress = { nodeId: 1, host: '127.0.0.1', port: 19092 };

/** One coordinator (node 1) for every group; topic "orders" with partitions 0-2. */
export const fixedView: GroupClusterView = {
  coordinatorFor: () => COORDINATOR,
  partitionExists: (topic, partition) => topic === 'orders' && partition >= 0 && partition < 3,
};

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
