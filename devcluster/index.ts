// Starts an embedded Kafka-protocol cluster: N brokers on loopback ports in this process, a group
// coordinator, the failure-injection API and its loopback HTTP control endpoint.
import { unsupportedApiVersionsResponse } from './apis/api-versions';
import { buildDispatchTable } from './broker/api-table';
import type { DispatchTable } from './broker/dispatch';
import { NetworkLayer } from './broker/network';
import { ClusterAdmin } from './cluster/admin';
import { Cluster, type BrokerInfo, type ClusterSettings } from './cluster/cluster';
import { startControlServer } from './faults/control-server';
import { FaultRegistry } from './faults/fault-registry';
import { Faults } from './faults/faults';
import { GroupCoordinator, type GroupCoordinatorOptions } from './groups/coordinator';

export type { BrokerInfo, ClusterSettings, TopicSpec } from './cluster/cluster';
export type { ClusterAdmin, PartitionState } from './cluster/admin';
export type { Faults } from './faults/faults';

export interface StartClusterOptions extends Partial<ClusterSettings> {
  /** Port of the HTTP control endpoint; 0 (default) = ephemeral. */
  controlPort?: number;
  groups?: GroupCoordinatorOptions;
  /** Receives broker log lines (closed connections and why). Silent by default. */
  log?: (message: string) => void;
}

export interface DevCluster {
  /** host:port of every broker. */
  bootstrap: string[];
  /** Brokers with their current state (alive flips with faults.stopBroker/startBroker). */
  brokers: readonly BrokerInfo[];
  controlUrl: string;
  admin: ClusterAdmin;
  faults: Faults;
  /** The cluster model itself, for tests that need to look deeper. */
  cluster: Cluster;
  stop(): Promise<void>;
}

export async function startCluster(options: StartClusterOptions = {}): Promise<DevCluster> {
  const { controlPort = 0, groups, log = () => {}, ...settings } = options;
  const registry = new FaultRegistry();
  let table: DispatchTable | null = null;
  const network = new NetworkLayer(settings.host ?? '127.0.0.1', (brokerId) => ({
    brokerId,
    table: table!,
    faults: registry,
    unsupportedApiVersions: () => unsupportedApiVersionsResponse(table!),
    log,
  }));
  const cluster = new Cluster(settings, network);
  const coordinator = new GroupCoordinator(cluster, groups);
  table = buildDispatchTable(cluster, coordinator);
  const faults = new Faults(cluster, registry);
  await cluster.start();
  let control;
  try {
    control = await startControlServer(cluster, faults, controlPort);
  } catch (err) {
    cluster.close();
    coordinator.close();
    throw err;
  }
  const brokers = [...cluster.brokers.values()];
  return {
    bootstrap: brokers.map((b) => `${b.host}:${b.port}`),
    brokers,
    controlUrl: control.url,
    admin: new ClusterAdmin(cluster),
    faults,
    cluster,
    async stop() {
      cluster.close();
      coordinator.close();
      await control.close();
    },
  };
}
