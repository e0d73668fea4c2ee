// The in-process cluster model: brokers, controller, topics and partitions, and the operations that
// change them (admin requests, broker stops and starts, leader moves). The network layer and the API
// handlers act through this object; it knows nothing about sockets beyond the BrokerNetwork hooks.
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '../protocol/error-codes';
import type { CoordinatorAddress, GroupClusterView } from '../groups/cluster-view';
import { assignReplicas, validateAssignment, validateTopicName } from './assignment';
import { LogCleaner } from './log-cleaner';
import { Partition, type PartitionHost } from './partition';
import { TopicConfig, validateTopicConfig } from './topic-config';

export interface ClusterSettings {
  brokers: number;
  host: string;
  /** Port of the first broker; the others follow consecutively. 0 = each broker gets an ephemeral port. */
  port: number;
  clusterId: string;
  /** Whether Metadata requests may create missing topics (Kafka's auto.create.topics.enable). */
  autoCreateTopics: boolean;
  /** num.partitions: partitions of topics created without an explicit count. */
  defaultPartitions: number;
  /** default.replication.factor, capped at the number of live brokers for auto-created topics. */
  defaultReplicationFactor: number;
  /** Broker-level topic config defaults, e.g. { 'min.insync.replicas': '2' }. */
  topicDefaults: Record<string, string>;
  /** How long a partition stays leaderless when its leader's broker stops. */
  electionDelayMs: number;
  /** How long followers take to copy what the leader appended. */
  replicationLagMs: number;
  /** How often retention and compaction run. */
  cleanerIntervalMs: number;
}

export const DEFAULT_SETTINGS: ClusterSettings = {
  brokers: 3,
  host: '127.0.0.1',
  port: 0,
  clusterId: 'devcluster-dlq-desk',
  autoCreateTopics: true,
  defaultPartitions: 1,
  defaultReplicationFactor: 1,
  topicDefaults: {},
  electionDelayMs: 250,
  replicationLagMs: 2,
  cleanerIntervalMs: 1000,
};

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  alive: boolean;
}

/** Opens and closes a broker's listener; implemented by the network layer. */
export interface BrokerNetwork {
  listen(brokerId: number, port: number): Promise<number>;
  close(brokerId: number): void;
}

export interface Topic {
  name: string;
  partitions: Partition[];
  config: TopicConfig;
  overrides: Map<string, string>;
}

export interface TopicSpec {
  name: string;
  /** -1 = the broker default (or the assignment's size). */
  partitions?: number;
  /** -1 = the broker default (or the assignment's replica count). */
  replicationFactor?: number;
  /** Replica broker ids per partition, in partition order. */
  assignment?: number[][] | null;
  configs?: Record<string, string | null>;
}

export interface AdminResult {
  code: number;
  message: string | null;
}

const OK: AdminResult = { code: ErrorCode.NONE, message: null };

export class Cluster implements GroupClusterView, PartitionHost {
  readonly settings: ClusterSettings;
  readonly brokers = new Map<number, BrokerInfo>();
  readonly topics = new Map<string, Topic>();
  controllerId = -1;
  private nextProducerIdValue = 1000;
  private topicRotation = 0;
  private readonly cleaner: LogCleaner;
  private cleanerTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Aborts pending election delays when the cluster closes. */
  private readonly closing = new AbortController();
  private readonly stopping = new Set<number>();

  constructor(
    settings: Partial<ClusterSettings>,
    private readonly network: BrokerNetwork,
  ) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    for (let i = 0; i < this.settings.brokers; i++) {
      const id = i + 1;
      const port = this.settings.port === 0 ? 0 : this.settings.port + i;
      this.brokers.set(id, { id, host: this.settings.host, port, alive: false });
    }
    this.cleaner = new LogCleaner(() => this.allPartitions());
  }

  async start(): Promise<void> {
    try {
      await Promise.all([...this.brokers.values()].map((b) => this.bringUp(b)));
    } catch (err) {
      this.close();
      throw err;
    }
    this.controllerId = Math.min(...this.brokers.keys());
    this.cleanerTimer = setInterval(() => void this.cleaner.run(), this.settings.cleanerIntervalMs);
    this.cleanerTimer.unref();
  }

  private async bringUp(b: BrokerInfo): Promise<void> {
    b.port = await this.network.listen(b.id, b.port);
    b.alive = true;
  }

  close(): void {
    this.closed = true;
    this.closing.abort();
    if (this.cleanerTimer) clearInterval(this.cleanerTimer);
    for (const p of this.allPartitions()) p.close();
    for (const b of this.brokers.values()) {
      if (b.alive) this.network.close(b.id);
      b.alive = false;
    }
  }

  // --- PartitionHost / GroupClusterView -------------------------------------------------------

  isAlive(brokerId: number): boolean {
    return this.brokers.get(brokerId)?.alive ?? false;
  }

  replicationLagMs(): number {
    return this.settings.replicationLagMs;
  }

  coordinatorFor(groupId: string): CoordinatorAddress | null {
    const ids = [...this.brokers.keys()].sort((a, b) => a - b);
    const start = javaStringHash(groupId) % ids.length;
    for (let i = 0; i < ids.length; i++) {
      const b = this.brokers.get(ids[(start + i) % ids.length]!)!;
      if (b.alive) return { nodeId: b.id, host: b.host, port: b.port };
    }
    return null;
  }

  partitionExists(topic: string, partition: number): boolean {
    return this.partition(topic, partition) !== undefined;
  }

  // --- lookups ---------------------------------------------------------------------------------

  liveBrokers(): BrokerInfo[] {
    return [...this.brokers.values()].filter((b) => b.alive);
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  allPartitions(): Partition[] {
    return [...this.topics.values()].flatMap((t) => t.partitions);
  }

  nextProducerId(): number {
    return this.nextProducerIdValue++;
  }

  // --- admin -----------------------------------------------------------------------------------

  createTopic(spec: TopicSpec, validateOnly = false): AdminResult {
    const nameError = validateTopicName(spec.name);
    if (nameError) return { code: ErrorCode.INVALID_TOPIC_EXCEPTION, message: nameError };
    if (this.topics.has(spec.name)) {
      return { code: ErrorCode.TOPIC_ALREADY_EXISTS, message: `Topic '${spec.name}' already exists.` };
    }
    const requestedPartitions = spec.partitions ?? -1;
    const requestedRf = spec.replicationFactor ?? -1;
    const assignment = spec.assignment && spec.assignment.length > 0 ? spec.assignment : null;
    if (assignment && (requestedPartitions !== -1 || requestedRf !== -1)) {
      return {
        code: ErrorCode.INVALID_REQUEST,
        message:
          'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
      };
    }
    if (requestedPartitions === 0 || requestedPartitions < -1) {
      return { code: ErrorCode.INVALID_PARTITIONS, message: 'Number of partitions must be larger than 0.' };
    }
    if (requestedRf === 0 || requestedRf < -1) {
      return {
        code: ErrorCode.INVALID_REPLICATION_FACTOR,
        message: 'Replication factor must be larger than 0.',
      };
    }
    const live = this.liveBrokers().map((b) => b.id);
    const rf = requestedRf === -1 ? this.settings.defaultReplicationFactor : requestedRf;
    if (!assignment && rf > live.length) {
      return {
        code: ErrorCode.INVALID_REPLICATION_FACTOR,
        message: `Replication factor: ${rf} larger than available brokers: ${live.length}.`,
      };
    }
    const overrides = new Map<string, string>();
    for (const [name, value] of Object.entries(spec.configs ?? {})) {
      const problem = validateTopicConfig(name, value);
      if (problem) return { code: ErrorCode.INVALID_CONFIG, message: problem };
      if (value !== null) overrides.set(name, value);
    }
    if (assignment) {
      const problem = validateAssignment(assignment, new Set(this.brokers.keys()));
      if (problem) return { code: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message: problem };
    }
    if (validateOnly) return OK;
    const count = requestedPartitions === -1 ? this.settings.defaultPartitions : requestedPartitions;
    const replicas = assignment ?? assignReplicas(live, 0, count, rf, this.topicRotation++);
    const config = new TopicConfig(overrides, this.settings.topicDefaults);
    const topic: Topic = { name: spec.name, partitions: [], config, overrides };
    topic.partitions = replicas.map((r, i) => new Partition(spec.name, i, r, config, this));
    this.topics.set(spec.name, topic);
    return OK;
  }

  /** Creates a topic the way auto.create.topics.enable does (broker defaults, RF capped by live brokers). */
  autoCreateTopic(name: string): AdminResult {
    const rf = Math.min(this.settings.defaultReplicationFactor, this.liveBrokers().length);
    return this.createTopic({ name, partitions: -1, replicationFactor: rf });
  }

  deleteTopic(name: string): AdminResult {
    const topic = this.topics.get(name);
    if (!topic)
      return {
        code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        message: 'This server does not host this topic-partition.',
      };
    this.topics.delete(name);
    for (const p of topic.partitions) p.close();
    return OK;
  }

  createPartitions(
    name: string,
    count: number,
    assignment: number[][] | null,
    validateOnly: boolean,
  ): AdminResult {
    const topic = this.topics.get(name);
    if (!topic)
      return { code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `The topic '${name}' does not exist.` };
    const current = topic.partitions.length;
    if (count <= current) {
      const message =
        count === current
          ? `Topic already has ${current} partitions.`
          : `Topic currently has ${current} partitions, which is higher than the requested ${count}.`;
      return { code: ErrorCode.INVALID_PARTITIONS, message };
    }
    const rf = topic.partitions[0]?.replicas.length ?? 1;
    if (assignment) {
      if (assignment.length !== count - current) {
        return {
          code: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          message: `Increasing the number of partitions by ${count - current} but ${assignment.length} assignments provided.`,
        };
      }
      const problem = validateAssignment(assignment, new Set(this.brokers.keys()));
      if (problem) return { code: ErrorCode.INVALID_REPLICA_ASSIGNMENT, message: problem };
      if (assignment[0]!.length !== rf) {
        return {
          code: ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          message: `Inconsistent replication factor between partitions, partition 0 has ${rf}.`,
        };
      }
    }
    const live = this.liveBrokers().map((b) => b.id);
    if (!assignment && rf > live.length) {
      return {
        code: ErrorCode.INVALID_REPLICATION_FACTOR,
        message: `Replication factor: ${rf} larger than available brokers: ${live.length}.`,
      };
    }
    if (validateOnly) return OK;
    const replicas = assignment ?? assignReplicas(live, current, count - current, rf, this.topicRotation++);
    for (const r of replicas)
      topic.partitions.push(new Partition(name, topic.partitions.length, r, topic.config, this));
    return OK;
  }

  // --- failures --------------------------------------------------------------------------------

  /**
   * Stops a broker. Controlled: its followers catch up, the partitions it leads lose their leader while
   * the election runs (the broker still answers, with NOT_LEADER_OR_FOLLOWER), then it shuts down and
   * new leaders take over. Uncontrolled: its connections drop at once, records its followers had not
   * copied yet are lost, and new leaders take over after the election delay.
   */
  async stopBroker(id: number, controlled: boolean): Promise<void> {
    const broker = this.requireBroker(id);
    if (!broker.alive || this.stopping.has(id)) return;
    this.stopping.add(id);
    try {
      await this.shutDown(broker, controlled);
    } finally {
      this.stopping.delete(id);
    }
  }

  private async shutDown(broker: BrokerInfo, controlled: boolean): Promise<void> {
    const id = broker.id;
    const hosted = this.allPartitions().filter((p) => p.replicas.includes(id));
    const led = hosted.filter((p) => p.leader === id);
    if (controlled) {
      for (const p of hosted) p.replicateNow();
      for (const p of led) p.withdrawLeader();
      if (!(await this.electionDelay())) return;
      this.takeDown(broker, hosted);
      for (const p of led) if (!p.deleted && p.leader < 0) p.electLeader(id);
    } else {
      this.takeDown(broker, hosted);
      for (const p of led) p.withdrawLeader();
      if (!(await this.electionDelay())) return;
      for (const p of led) if (!p.deleted && p.leader < 0) p.electLeader(id);
    }
  }

  /** Waits out the election delay; false if the cluster closed meanwhile. */
  private async electionDelay(): Promise<boolean> {
    try {
      await sleep(this.settings.electionDelayMs, undefined, { signal: this.closing.signal });
      return true;
    } catch {
      return false;
    }
  }

  private takeDown(broker: BrokerInfo, hosted: Partition[]): void {
    broker.alive = false;
    this.network.close(broker.id);
    for (const p of hosted) p.shrinkIsr(broker.id);
    if (this.controllerId === broker.id) {
      const live = this.liveBrokers().map((b) => b.id);
      this.controllerId = live.length > 0 ? Math.min(...live) : -1;
    }
  }

  /** Starts a stopped broker on its old port; its replicas truncate to the leader and catch up. */
  async startBroker(id: number): Promise<void> {
    const broker = this.requireBroker(id);
    if (broker.alive) return;
    await this.bringUp(broker);
    if (this.controllerId < 0) this.controllerId = id;
    for (const p of this.allPartitions()) if (p.replicas.includes(id)) p.rejoin(id);
  }

  /** Moves leadership of one partition to another live in-sync replica (preferred-leader style). */
  moveLeader(topic: string, index: number, brokerId: number): AdminResult {
    const p = this.partition(topic, index);
    if (!p)
      return { code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, message: `Unknown partition ${topic}-${index}` };
    if (!p.replicas.includes(brokerId) || !this.isAlive(brokerId)) {
      return {
        code: ErrorCode.REPLICA_NOT_AVAILABLE,
        message: `Broker ${brokerId} is not a live replica of ${topic}-${index}`,
      };
    }
    p.replicateNow();
    if (!p.isr.includes(brokerId)) {
      return {
        code: ErrorCode.NOT_ENOUGH_REPLICAS,
        message: `Broker ${brokerId} is not in sync for ${topic}-${index}`,
      };
    }
    if (p.leader !== brokerId) p.makeLeader(brokerId);
    return OK;
  }

  setReplicationLag(ms: number): void {
    this.settings.replicationLagMs = ms;
    for (const p of this.allPartitions()) p.rescheduleReplication();
  }

  setElectionDelay(ms: number): void {
    this.settings.electionDelayMs = ms;
  }

  /** Runs retention and compaction now (they also run every cleanerIntervalMs). */
  runCleaner(): Promise<void> {
    return this.cleaner.run();
  }

  private requireBroker(id: number): BrokerInfo {
    const b = this.brokers.get(id);
    if (!b) throw new Error(`no broker with id ${id}`);
    return b;
  }
}

function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}
