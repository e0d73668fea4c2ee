import 'server-only';
import { ApiError, InvalidInputError } from '../api/errors';
import { hasRole, type Role } from '../auth/roles';
import type { FixDraft } from './fix-draft';
import { getTriageState, type TriageState } from './triage-state';

const READY_WAIT_MS = 15_000;

/**
 * The triage state for a request that writes or reads it, once loaded; 503 when it is still reading the state
 * topic (Kafka unreachable at start) after a short wait.
 */
export async function readyTriageState(waitMs = READY_WAIT_MS): Promise<TriageState> {
  const state = getTriageState();
  if (state.isReady()) return state;
  let timer: NodeJS.Timeout | undefined;
  const loaded = await Promise.race([
    state.ready.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!loaded) throw new ApiError(503, 'the triage state is still being read from Kafka; try again shortly');
  return state;
}

/**
 * State and audit failures in the API's terms. Matched by name, as route.ts does: these classes may come from
 * another bundle's copy of the module.
 */
export function stateApiError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  switch (err.name) {
    case 'StateWriteError':
      return new ApiError(503, `not saved: Kafka did not take the change (${err.message})`);
    case 'AuditWriteError':
      return new ApiError(503, `done, but its audit entry could not be written (${err.message})`);
    case 'FixDraftTooLargeError':
      return new InvalidInputError([{ field: 'body', message: err.message }]);
    default:
      return err;
  }
}

/** Runs a state-changing action with the loaded triage state, answering its failures as API errors. */
export async function withTriageState<T>(action: (state: TriageState) => Promise<T>): Promise<T> {
  const state = await readyTriageState();
  try {
    return await action(state);
  } catch (err) {
    throw stateApiError(err);
  }
}

/**
 * The record's fix draft as GET /api/records/{id} shows it. Viewers get null: a draft holds an edited copy
 * of the payload, which masking does not cover. null too while the state is still loading.
 */
export async function fixDraftForView(id: string, role: Role): Promise<FixDraft | null> {
  if (!hasRole(role, 'operator')) return null;
  try {
    return (await readyTriageState(2_000)).getFixDraft(id);
  } catch {
    return null;
  }
}
