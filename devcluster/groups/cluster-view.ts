// What the group coordinator needs to know about the cluster around it. The broker layer implements
// this; the coordinator never reaches into topics or brokers directly.

export interface CoordinatorAddress {
  nodeId: number;
  host: string;
  port: number;
}

export interface GroupClusterView {
  /** The live broker that coordinates this group (or transactional id), or null while none is available. */
  coordinatorFor(groupId: string): CoordinatorAddress | null;
  /** Offsets may only be committed for partitions that exist. */
  partitionExists(topic: string, partition: number): boolean;
}
