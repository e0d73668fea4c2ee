// In-process admin helpers for launchers and tests (the same operations Kafka's admin APIs perform).
import { ErrorCode } from '../protocol/error-codes';
import type { Cluster, TopicSpec } from './cluster';

export interface PartitionState {
  leader: number;
  replicas: number[];
  isr: number[];
  logStartOffset: number;
  highWatermark: number;
}

export class ClusterAdmin {
  constructor(private readonly cluster: Cluster) {}

  /** Creates a topic; throws with Kafka's message when it cannot (exists, bad config, ...). */
  createTopic(spec: TopicSpec): void {
    const result = this.cluster.createTopic(spec);
    if (result.code !== ErrorCode.NONE)
      throw new Error(result.message ?? `CreateTopics error ${result.code}`);
  }

  deleteTopic(name: string): void {
    const result = this.cluster.deleteTopic(name);
    if (result.code !== ErrorCode.NONE)
      throw new Error(result.message ?? `DeleteTopics error ${result.code}`);
  }

  createPartitions(name: string, count: number): void {
    const result = this.cluster.createPartitions(name, count, null, false);
    if (result.code !== ErrorCode.NONE)
      throw new Error(result.message ?? `CreatePartitions error ${result.code}`);
  }

  topicNames(): string[] {
    return [...this.cluster.topics.keys()].sort();
  }

  partitionState(topic: string, partition: number): PartitionState {
    const p = this.cluster.partition(topic, partition);
    if (!p) throw new Error(`unknown partition ${topic}-${partition}`);
    return {
      leader: p.leader,
      replicas: [...p.replicas],
      isr: [...p.isr],
      logStartOffset: p.log.logStartOffset,
      highWatermark: p.highWatermark,
    };
  }

  /** Runs retention and compaction now instead of waiting for the periodic pass. */
  runCleaner(): Promise<void> {
    return this.cluster.runCleaner();
  }
}
