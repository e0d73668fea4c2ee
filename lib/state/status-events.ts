import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { HistoryEntry, StatusChange } from '../store/types';
import { recordStatus } from '../schemas/records';
import type { StateEntry } from './state-log';

// Record status events in the state topic. One entry (key `event/<uuid>`, never reused, so compaction keeps
// every entry) holds many changes: consecutive changes that differ only in the record are one group, so a
// discard of 100,000 records costs little more than their ids. The index gets each change with the event id
// `<uuid>/<n>`, which makes re-reading the topic at every start idempotent.

export const EVENT_PREFIX = 'event/';

/** Keeps an entry well under the state topic's record size limit. */
const ENTRY_BUDGET_BYTES = 256 * 1024;
const MAX_TEXT = 10_000;

export interface RecordChange {
  id: string;
  change: HistoryEntry;
}

const text = z.string().min(1).max(MAX_TEXT);
const group = z
  .object({
    status: recordStatus,
    action: text,
    actor: text,
    at: z.number().int().nonnegative(),
    detail: z.string().max(MAX_TEXT).nullable(),
    ids: z.array(z.string().min(1).max(600)).min(1),
  })
  .strict();
const eventValue = z.object({ groups: z.array(group).min(1) });
type Group = z.infer<typeof group>;

const sameChange = (a: HistoryEntry, b: HistoryEntry) =>
  a.status === b.status &&
  a.action === b.action &&
  a.actor === b.actor &&
  a.at === b.at &&
  a.detail === b.detail;

/** The entries to append and, in the same order as `changes`, each change with its event id. */
export function encodeStatusEvents(changes: readonly RecordChange[]): {
  entries: StateEntry[];
  applied: { id: string; change: StatusChange }[];
} {
  const entries: StateEntry[] = [];
  const applied: { id: string; change: StatusChange }[] = [];
  let uuid = randomUUID();
  let groups: Group[] = [];
  let seq = 0;
  let bytes = 0;
  const flush = () => {
    if (groups.length === 0) return;
    entries.push({ key: `${EVENT_PREFIX}${uuid}`, value: { groups } });
    uuid = randomUUID();
    groups = [];
    seq = 0;
    bytes = 0;
  };
  for (const { id, change } of changes) {
    const last = groups[groups.length - 1];
    const cost =
      id.length +
      4 +
      (last && sameChange(last, change)
        ? 0
        : 100 + change.action.length + change.actor.length + (change.detail?.length ?? 0));
    if (bytes + cost > ENTRY_BUDGET_BYTES) flush();
    const current = groups[groups.length - 1];
    if (current && sameChange(current, change)) current.ids.push(id);
    else
      groups.push({
        status: change.status,
        action: change.action,
        actor: change.actor,
        at: change.at,
        detail: change.detail,
        ids: [id],
      });
    bytes += cost;
    applied.push({ id, change: { ...change, eventId: `${uuid}/${seq++}` } });
  }
  flush();
  return { entries, applied };
}

/** The changes of one `event/` entry with their event ids; null when the value is not a status event. */
export function decodeStatusEvent(
  key: string,
  value: unknown,
): { id: string; change: StatusChange }[] | null {
  const parsed = eventValue.safeParse(value);
  if (!parsed.success) return null;
  const uuid = key.slice(EVENT_PREFIX.length);
  const out: { id: string; change: StatusChange }[] = [];
  let seq = 0;
  for (const { ids, ...change } of parsed.data.groups) {
    for (const id of ids) out.push({ id, change: { ...change, eventId: `${uuid}/${seq++}` } });
  }
  return out;
}
