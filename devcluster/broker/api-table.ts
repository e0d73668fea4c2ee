// Assembles the dispatch table every broker of a cluster serves.
import { apiVersionsHandler } from '../apis/api-versions';
import { clusterHandlers } from '../apis';
import type { Cluster } from '../cluster/cluster';
import type { GroupCoordinator } from '../groups/coordinator';
import { groupHandlers } from '../groups/handlers';
import { bindHandler, DispatchTable } from './dispatch';

export function buildDispatchTable(cluster: Cluster, coordinator: GroupCoordinator): DispatchTable {
  const table = new DispatchTable();
  for (const h of clusterHandlers) table.add(bindHandler(h, cluster));
  for (const h of groupHandlers) table.add(bindHandler(h, { coordinator, view: cluster }));
  table.add(bindHandler(apiVersionsHandler, table));
  return table;
}
