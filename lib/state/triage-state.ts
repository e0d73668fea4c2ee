import 'server-only';
import type { Kafka } from 'kafkajs';
import { log } from '../log';
import type { DlqIndex } from '../store';
import type { StatusOutcome } from '../store/types';
import { fixDraft, fixDraftBytes, MAX_FIX_DRAFT_BYTES, type FixDraft, type FixDraftInput } from './fix-draft';
import { StateLog } from './state-log';
import { decodeStatusEvent, encodeStatusEvents, EVENT_PREFIX, type RecordChange } from './status-events';

// The triage state of this process: record statuses (kept in the index, written to the state topic first)
// and fix drafts (kept here, in memory). At start it reads the state topic to its end once; with several
// instances, each one sees the others' writes at its next start (no live tailing).

export const FIX_PREFIX = 'fix/';

const APPLY_BATCH = 5_000;

export class FixDraftTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the fix draft is ${bytes} bytes, over the limit of ${MAX_FIX_DRAFT_BYTES}`);
    this.name = 'FixDraftTooLargeError';
  }
}

export interface TriageStateOptions {
  kafka: Kafka;
  index: DlqIndex;
  /** Upper bound on one state write (default 120 s). */
  deliveryTimeoutMs?: number;
}

export class TriageState {
  /** Resolves once the state topic was read to its end; retried until it succeeds or the service stops. */
  readonly ready: Promise<void>;
  private stateLog: StateLog | null = null;
  private loaded = false;
  private stopped = false;
  private readonly drafts = new Map<string, FixDraft>();

  constructor(private readonly options: TriageStateOptions) {
    this.ready = this.load();
    this.ready.catch(() => undefined);
  }

  isReady(): boolean {
    return this.loaded;
  }

  /** The state log for other parts of the state (replay journal); keys outside `event/` and `fix/`. */
  async log(): Promise<StateLog> {
    await this.ready;
    return this.stateLog!;
  }

  /** Writes the changes to the state topic, then applies them to the index; outcomes in input order. */
  async recordEvents(changes: readonly RecordChange[]): Promise<StatusOutcome[]> {
    const stateLog = await this.log();
    if (changes.length === 0) return [];
    const { entries, applied } = encodeStatusEvents(changes);
    await stateLog.append(entries);
    return this.options.index.setStatuses(applied);
  }

  /** Marks the records discarded, with the reason in their history. */
  async discard(ids: readonly string[], reason: string, actor: string): Promise<number> {
    const at = Date.now();
    const outcomes = await this.recordEvents(
      ids.map((id) => ({
        id,
        change: { status: 'discarded', action: 'discard', actor, at, detail: reason },
      })),
    );
    return outcomes.filter((o) => o !== 'duplicate').length;
  }

  getFixDraft(id: string): FixDraft | null {
    return this.drafts.get(id) ?? null;
  }

  async saveFixDraft(id: string, input: FixDraftInput, actor: string): Promise<FixDraft> {
    const [draft] = await this.saveFixDrafts([{ id, input }], actor);
    return draft!;
  }

  /** Saves many drafts in one write; throws FixDraftTooLargeError before writing any when one is too big. */
  async saveFixDrafts(
    items: readonly { id: string; input: FixDraftInput }[],
    actor: string,
  ): Promise<FixDraft[]> {
    const stateLog = await this.log();
    const savedAt = Date.now();
    const drafts = items.map(({ input }) => {
      const draft: FixDraft = { ...input, savedBy: actor, savedAt };
      const bytes = fixDraftBytes(draft);
      if (bytes > MAX_FIX_DRAFT_BYTES) throw new FixDraftTooLargeError(bytes);
      return draft;
    });
    await stateLog.append(items.map(({ id }, i) => ({ key: `${FIX_PREFIX}${id}`, value: drafts[i]! })));
    items.forEach(({ id }, i) => this.drafts.set(id, drafts[i]!));
    return drafts;
  }

  /** Removes the draft (a tombstone in the state topic); false when there was none. */
  async deleteFixDraft(id: string): Promise<boolean> {
    const stateLog = await this.log();
    if (!this.drafts.has(id)) return false;
    await stateLog.append([{ key: `${FIX_PREFIX}${id}`, value: null }]);
    this.drafts.delete(id);
    return true;
  }

  async stop(): Promise<void> {
    // A load still retrying gives up; one in the middle of a read fails with the closed log.
    this.stopped = true;
    await this.stateLog?.close();
    this.stateLog = null;
  }

  private async load(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        this.stateLog ??= await StateLog.open(this.options.kafka, {
          deliveryTimeoutMs: this.options.deliveryTimeoutMs,
        });
        const started = Date.now();
        const counts = await this.readState(this.stateLog);
        this.loaded = true;
        log.info('triage state loaded', { ...counts, ms: Date.now() - started });
        return;
      } catch (err) {
        const delay = Math.min(30_000, 1_000 * 2 ** attempt);
        log.warn('could not read the triage state from Kafka; retrying', {
          error: err instanceof Error ? err.message : String(err),
          retryInMs: delay,
        });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    throw new Error('the triage state stopped before it was loaded');
  }

  private async readState(stateLog: StateLog): Promise<{ events: number; drafts: number }> {
    const index = this.options.index;
    const drafts = new Map<string, FixDraft>();
    let pending: ReturnType<typeof encodeStatusEvents>['applied'] = [];
    let events = 0;
    const apply = () => {
      if (pending.length === 0) return;
      index.setStatuses(pending);
      pending = [];
    };
    await stateLog.readAll((key, value) => {
      if (key.startsWith(EVENT_PREFIX)) {
        const changes = value === null ? [] : decodeStatusEvent(key, value);
        if (changes === null) {
          log.warn('skipping a malformed status event in the state topic', { key });
          return;
        }
        events += changes.length;
        pending.push(...changes);
        if (pending.length >= APPLY_BATCH) apply();
      } else if (key.startsWith(FIX_PREFIX)) {
        const id = key.slice(FIX_PREFIX.length);
        if (value === null) {
          drafts.delete(id);
          return;
        }
        const parsed = fixDraft.safeParse(value);
        if (parsed.success) drafts.set(id, parsed.data);
        else log.warn('skipping a malformed fix draft in the state topic', { key });
      }
    });
    apply();
    // Writes wait for `ready`, so nothing was saved meanwhile.
    for (const [id, draft] of drafts) this.drafts.set(id, draft);
    return { events, drafts: drafts.size };
  }
}

const globalForState = globalThis as typeof globalThis & { __dlqdeskTriageState?: TriageState };

/** Starts the process's triage state (idempotent); its `ready` resolves once the state topic was read. */
export function startTriageState(options: TriageStateOptions): TriageState {
  globalForState.__dlqdeskTriageState ??= new TriageState(options);
  return globalForState.__dlqdeskTriageState;
}

/** The process's triage state; throws when the server did not start it. */
export function getTriageState(): TriageState {
  const state = globalForState.__dlqdeskTriageState;
  if (!state) throw new Error('the triage state service was not started');
  return state;
}

export async function stopTriageState(): Promise<void> {
  const state = globalForState.__dlqdeskTriageState;
  globalForState.__dlqdeskTriageState = undefined;
  await state?.stop();
}
