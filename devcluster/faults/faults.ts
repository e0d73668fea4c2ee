// The failure-injection API: broker stops and starts, leader moves, and the per-request faults of the
// FaultRegistry. The same operations are offered over HTTP by the control server.
import type { Cluster } from '../cluster/cluster';
import { ErrorCode } from '../protocol/error-codes';
import type { DropRule, ErrorRule, FaultRegistry, LatencyRule } from './fault-registry';

export class Faults {
  constructor(
    private readonly cluster: Cluster,
    private readonly registry: FaultRegistry,
  ) {}

  /**
   * Stops a broker; resolves once new leaders are elected. Controlled (the default) moves leadership
   * first and loses nothing; uncontrolled drops connections at once and loses unreplicated records.
   */
  stopBroker(brokerId: number, opts: { controlled?: boolean } = {}): Promise<void> {
    return this.cluster.stopBroker(brokerId, opts.controlled ?? true);
  }

  startBroker(brokerId: number): Promise<void> {
    return this.cluster.startBroker(brokerId);
  }

  moveLeader(topic: string, partition: number, brokerId: number): void {
    const result = this.cluster.moveLeader(topic, partition, brokerId);
    if (result.code !== ErrorCode.NONE) throw new Error(result.message ?? `error ${result.code}`);
  }

  /** The next `count` requests of the API (optionally on one broker) fail with `code` and have no effect. */
  injectErrors(rule: ErrorRule): void {
    this.registry.injectErrors(rule);
  }

  /** The next `count` requests of the API take effect, then the connection drops instead of answering. */
  dropResponses(rule: DropRule): void {
    this.registry.dropResponses(rule);
  }

  setLatency(rule: LatencyRule): void {
    this.registry.setLatency(rule);
  }

  setElectionDelay(ms: number): void {
    this.cluster.setElectionDelay(ms);
  }

  setReplicationLag(ms: number): void {
    this.cluster.setReplicationLag(ms);
  }

  /** Removes injected errors, drops and latency (broker states and settings stay as they are). */
  clear(): void {
    this.registry.clear();
  }

  pending(): { errors: number; drops: number } {
    return this.registry.pending();
  }
}
