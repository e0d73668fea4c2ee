import { route } from '@/lib/api/route';
import { withReplayEngine } from '@/lib/replay/http';
import { replayJobParams } from '@/lib/schemas/replays';

// POST /api/replays/{id}/cancel - cancel the job; it stops once its in-flight batch has settled
export const POST = route({ access: 'operator', params: replayJobParams }, ({ params, principal }) =>
  withReplayEngine(async (engine) => ({ job: await engine.cancel(params.id, principal!.name) })),
);
