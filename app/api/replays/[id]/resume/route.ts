import { route } from '@/lib/api/route';
import { withReplayEngine } from '@/lib/replay/http';
import { replayJobParams } from '@/lib/schemas/replays';

// POST /api/replays/{id}/resume - resume a paused job
export const POST = route({ access: 'operator', params: replayJobParams }, ({ params, principal }) =>
  withReplayEngine(async (engine) => ({ job: await engine.resume(params.id, principal!.name) })),
);
