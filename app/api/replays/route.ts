import { requireDlqTopic } from '@/lib/api/dlq-topic';
import { ForbiddenError, InvalidInputError } from '@/lib/api/errors';
import { route } from '@/lib/api/route';
import { selectedIdPages } from '@/lib/api/selection';
import { hasRole } from '@/lib/auth/roles';
import { withReplayEngine } from '@/lib/replay/http';
import { targetAllowlist } from '@/lib/replay/targets';
import { createReplayBody } from '@/lib/schemas/replays';

// GET /api/replays - every replay job, newest first
export const GET = route({ access: 'viewer' }, () => withReplayEngine((engine) => ({ jobs: engine.list() })));

// POST /api/replays - dry-run or start a replay job over a selection
export const POST = route(
  { access: 'operator', body: createReplayBody },
  async ({ body, principal, config }) => {
    if (body.overrideMaxReplays && !hasRole(principal!.role, 'admin'))
      throw new ForbiddenError('overrideMaxReplays needs the admin role');
    const rate = body.ratePerSecond ?? config.replay.defaultRatePerSecond;
    if (rate > config.replay.maxRatePerSecond)
      throw new InvalidInputError([
        { field: 'body.ratePerSecond', message: `at most ${config.replay.maxRatePerSecond}` },
      ]);
    if (body.target.mode === 'topic' && !targetAllowlist(config.replay.allowedTargets)(body.target.topic))
      throw new InvalidInputError([{ field: 'body.target.topic', message: 'not in the replay allowlist' }]);
    requireDlqTopic(body.selection.topic);
    return withReplayEngine(async (engine) => {
      const input = {
        actor: principal!.name,
        dlqTopic: body.selection.topic,
        idPages: selectedIdPages(body.selection),
        options: {
          target: body.target,
          partitioning: body.partitioning,
          patch: body.patch ?? null,
          stripErrorHeaders: body.stripErrorHeaders,
          ratePerSecond: rate,
          overrideMaxReplays: body.overrideMaxReplays,
        },
      };
      if (body.dryRun) return { dryRun: await engine.dryRun(input) };
      return Response.json({ job: await engine.create(input) }, { status: 201 });
    });
  },
);
