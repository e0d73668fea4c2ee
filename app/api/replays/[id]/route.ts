import { route } from '@/lib/api/route';
import { withReplayEngine } from '@/lib/replay/http';
import { replayJobParams } from '@/lib/schemas/replays';

// GET /api/replays/{id} - one job with its first 200 failures (the polling fallback of the events stream)
export const GET = route({ access: 'viewer', params: replayJobParams }, ({ params }) =>
  withReplayEngine((engine) => engine.get(params.id)),
);
