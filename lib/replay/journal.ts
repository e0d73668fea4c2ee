import 'server-only';
import type { JobStatus, ReplayJobOptions } from './types';

// The replay journal on the compacted state topic. Every key is unique to its content (no overwrites but the
// job's status), so compaction keeps the whole history of a job:
//   replay/<job>/job              JobDefinition             written once at creation
//   replay/<job>/ids/<n>          IdChunk                   the selection frozen at creation, in chunks
//   replay/<job>/status           JobStatusEntry            latest status (running, paused, ... completed)
//   replay/<job>/intent/<seq>     IntentEntry               before a batch is sent: replay ids, target
//                                                           partitions and a lower bound of their end offsets
//   replay/<job>/outcome/<seq>    OutcomeEntry              after it settled: replayed / failed / skipped
// A batch with an intent but no outcome may or may not have been written: resume searches its target partitions
// from the noted offsets for the replay ids before anything is sent again.

export const JOURNAL_PREFIX = 'replay/';
export const ID_CHUNK = 1000;

export interface JobDefinition {
  id: string;
  createdBy: string;
  createdAt: number;
  dlqTopic: string;
  options: ReplayJobOptions;
  selected: number;
  chunks: number;
}

export interface IdChunk {
  ids: string[];
}

export interface JobStatusEntry {
  status: JobStatus;
  at: number;
  by: string;
  finishedAt: number | null;
}

export interface IntentEntry {
  seq: number;
  at: number;
  /** Per target partition, an offset at or below where this batch's records land. */
  from: { topic: string; partition: number; offset: string }[];
  records: { id: string; replayId: string; topic: string; partition: number }[];
}

export interface OutcomeEntry {
  seq: number;
  at: number;
  replayed: { id: string; topic: string; partition: number; offset: string }[];
  failed: {
    id: string;
    errorName: string;
    message: string;
    topic: string | null;
    partition: number | null;
    /** The producer tried to send it (rather than a failure found while planning). */
    sent?: boolean;
  }[];
  skipped: { id: string; reason: string; detail?: string }[];
  droppedNullHeaders: number;
  partitionFallbacks: number;
  /** Written by crash recovery for an intent whose records were searched for in the targets. */
  recovered?: boolean;
}

export const journalKey = {
  job: (job: string) => `${JOURNAL_PREFIX}${job}/job`,
  ids: (job: string, n: number) => `${JOURNAL_PREFIX}${job}/ids/${n}`,
  status: (job: string) => `${JOURNAL_PREFIX}${job}/status`,
  intent: (job: string, seq: number) => `${JOURNAL_PREFIX}${job}/intent/${seq}`,
  outcome: (job: string, seq: number) => `${JOURNAL_PREFIX}${job}/outcome/${seq}`,
};

export interface JournaledJob {
  definition: JobDefinition | null;
  chunks: Map<number, string[]>;
  status: JobStatusEntry | null;
  intents: Map<number, IntentEntry>;
  outcomes: Map<number, OutcomeEntry>;
}

const KEY = /^replay\/([^/]+)\/(job|ids|status|intent|outcome)(?:\/(\d+))?$/;

/** Gathers journal entries (as read from the state topic, in offset order) into jobs. */
export class JournalReader {
  readonly jobs = new Map<string, JournaledJob>();

  add(key: string, value: unknown): void {
    const match = KEY.exec(key);
    if (!match || value === null || value === undefined) return;
    const [, jobId = '', kind, n] = match;
    let job = this.jobs.get(jobId);
    if (!job) {
      job = { definition: null, chunks: new Map(), status: null, intents: new Map(), outcomes: new Map() };
      this.jobs.set(jobId, job);
    }
    const index = Number(n ?? 0);
    switch (kind) {
      case 'job':
        job.definition = value as JobDefinition;
        break;
      case 'ids':
        job.chunks.set(index, (value as IdChunk).ids);
        break;
      case 'status':
        job.status = value as JobStatusEntry;
        break;
      case 'intent':
        job.intents.set(index, value as IntentEntry);
        break;
      case 'outcome':
        job.outcomes.set(index, value as OutcomeEntry);
        break;
    }
  }

  /** Jobs whose definition and every id chunk arrived (a crash during creation leaves an incomplete one). */
  complete(): { definition: JobDefinition; ids: string[]; journal: JournaledJob }[] {
    const out: { definition: JobDefinition; ids: string[]; journal: JournaledJob }[] = [];
    for (const journal of this.jobs.values()) {
      const definition = journal.definition;
      if (!definition || !journal.status) continue;
      const ids: string[] = [];
      let whole = true;
      for (let n = 0; n < definition.chunks; n++) {
        const chunk = journal.chunks.get(n);
        if (!chunk) {
          whole = false;
          break;
        }
        ids.push(...chunk);
      }
      if (whole) out.push({ definition, ids, journal });
    }
    return out.sort((a, b) => a.definition.createdAt - b.definition.createdAt);
  }
}
