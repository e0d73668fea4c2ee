import { route } from '@/lib/api/route';
import { withReplayEngine } from '@/lib/replay/http';
import { replayJobParams } from '@/lib/schemas/replays';

// POST /api/replays/{id}/pause - pause the job after its in-flight batch
export const POST = route({ access: 'operator', params: replayJobParams }, ({ params, principal }) =>
  withReplayEngine(async (engine) => ({ job: await engine.pause(params.id, principal!.name) })),
);
