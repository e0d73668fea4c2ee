// Replica placement for new topics and partitions, the way Kafka places them without racks:
// replicas of consecutive partitions start on consecutive brokers, so leaders spread evenly.

export function assignReplicas(
  liveBrokerIds: readonly number[],
  firstPartition: number,
  partitions: number,
  replicationFactor: number,
  rotation: number,
): number[][] {
  const ids = [...liveBrokerIds].sort((a, b) => a - b);
  const out: number[][] = [];
  for (let p = firstPartition; p < firstPartition + partitions; p++) {
    const replicas: number[] = [];
    for (let r = 0; r < replicationFactor; r++) replicas.push(ids[(rotation + p + r) % ids.length]!);
    out.push(replicas);
  }
  return out;
}

/** Checks an explicit assignment; returns an error message or null. */
export function validateAssignment(
  assignment: readonly (readonly number[])[],
  knownBrokerIds: ReadonlySet<number>,
): string | null {
  const rf = assignment[0]?.length ?? 0;
  for (const [i, replicas] of assignment.entries()) {
    if (replicas.length === 0) return `Partition ${i} has no replicas`;
    if (replicas.length !== rf) return 'All partitions should have the same number of replicas';
    if (new Set(replicas).size !== replicas.length)
      return `Duplicate brokers in the assignment of partition ${i}`;
    const unknown = replicas.find((id) => !knownBrokerIds.has(id));
    if (unknown !== undefined) return `Unknown broker ${unknown} in the assignment of partition ${i}`;
  }
  return null;
}

export function validateTopicName(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > 249)
    return `Topic name is illegal, it can't be longer than 249 characters, topic name: ${name}`;
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}
