import 'server-only';
import type { Statement } from 'better-sqlite3';
import { Cube, CubeChanges } from './cube';
import type { Db } from './database';
import { Dictionaries } from './dictionaries';

const MAX_CACHED_STATEMENTS = 500;

/** What every part of the store shares: the connection, dictionaries, the cube and prepared statements. */
export class StoreContext {
  readonly dict: Dictionaries;
  readonly cube: Cube;
  /** The widest spill of rids past their millisecond so far (see rid.ts). */
  maxSpillMs: number;
  /** The doc block read last (getRecord): reading records one by one mostly stays in a block. */
  lastDocs: { docId: number; cores: string[]; details: string[] } | null = null;
  private readonly statements = new Map<string, Statement>();

  constructor(readonly db: Db) {
    this.dict = new Dictionaries(db);
    this.cube = Cube.load(db);
    this.maxSpillMs = this.storedSpill();
  }

  /** A prepared statement, cached by its text (filters build a bounded set of shapes). */
  statement<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as Statement<P, R>;
  }

  /**
   * Runs fn in one transaction and applies its count changes to the cube once committed. Ids
   * created by a failed transaction were rolled back, so the caches are dropped then.
   */
  write<T>(fn: (changes: CubeChanges) => T): T {
    const changes = new CubeChanges();
    // Block ids can be taken again once retention deleted the newest block.
    this.lastDocs = null;
    let result: T;
    try {
      result = this.db.transaction(() => fn(changes))();
    } catch (error) {
      this.dict.reset();
      this.maxSpillMs = this.storedSpill();
      throw error;
    }
    this.cube.apply(changes);
    return result;
  }

  recordSpill(ms: number): void {
    if (ms <= this.maxSpillMs) return;
    this.maxSpillMs = ms;
    this.statement(
      "INSERT INTO meta (key, value) VALUES ('max_spill_ms', ?) ON CONFLICT DO UPDATE SET value = excluded.value",
    ).run(ms);
  }

  private storedSpill(): number {
    return (
      this.db.prepare<[], { value: number }>("SELECT value FROM meta WHERE key = 'max_spill_ms'").get()
        ?.value ?? 0
    );
  }
}
