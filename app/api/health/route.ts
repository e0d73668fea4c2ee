import { route } from '@/lib/api/route';
import { clusterStatus } from '@/lib/kafka/cluster-status';
import { version } from '@/lib/version';

export const dynamic = 'force-dynamic';

// GET /api/health - liveness and Kafka reachability, without addresses or secrets (no session needed)
export const GET = route({ access: 'public' }, async () => {
  const kafka = await clusterStatus();
  return {
    status: kafka.reachable ? 'ok' : 'degraded',
    kafka: { reachable: kafka.reachable, brokers: kafka.brokers },
    version,
  };
});
