import 'server-only';
import { ApiError, ConflictError, InvalidInputError, NotFoundError } from '../api/errors';
import { stateApiError } from '../state/http';
import type { ReplayEngine } from './engine';
import { startReplayService } from './service';

const READY_WAIT_MS = 15_000;

/** The replay engine for a request, once it has started (503 after a short wait while Kafka is unreachable). */
export async function readyReplayEngine(): Promise<ReplayEngine> {
  let timer: NodeJS.Timeout | undefined;
  const engine = await Promise.race([
    startReplayService().catch(() => null),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), READY_WAIT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!engine)
    throw new ApiError(503, 'replay jobs are still starting (reading the state topic); try again shortly');
  return engine;
}

/** Runs a replay action, answering the engine's and the state's failures in the API's terms (matched by name). */
export async function withReplayEngine<T>(action: (engine: ReplayEngine) => Promise<T> | T): Promise<T> {
  const engine = await readyReplayEngine();
  try {
    return await action(engine);
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    switch (err.name) {
      case 'JobNotFoundError':
        throw new NotFoundError(err.message);
      case 'JobStateError':
        throw new ConflictError(err.message);
      case 'InvalidQueryError':
        throw new InvalidInputError([{ field: 'body.selection', message: err.message }]);
      default:
        throw stateApiError(err);
    }
  }
}
