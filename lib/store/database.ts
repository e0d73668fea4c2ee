import 'server-only';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA, SCHEMA_VERSION } from './schema';

export type Db = Database.Database;

export const INDEX_FILE = 'index.sqlite';

/*
 * Memory: the server must stay under 400 MB RSS with a million records indexed. SQLite's page
 * cache is private memory, so it is bounded; the file is read, not mapped, because mapped pages
 * count towards RSS once touched (a 64 MB map measured 60 MB more peak RSS in the server while
 * indexing, for queries ~10% faster at the median); the OS page cache does the rest.
 */
const CACHE_KIB = 32 * 1024;
const WAL_CHECKPOINT_PAGES = 8192;
const WAL_KEEP_BYTES = 64 * 1024 * 1024;

/** Opens (creating when needed) the index under dataDir; an index of another schema version is deleted first. */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, INDEX_FILE);
  let db = tryOpen(file);
  if (db === null || !hasCurrentSchema(db)) {
    db?.close();
    removeIndexFiles(file);
    db = tryOpen(file);
    if (db === null) throw new Error(`cannot create the index at ${file}`);
  }
  if (readVersion(db) === 0) {
    db.transaction(() => {
      db.exec(SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }
  return db;
}

function tryOpen(file: string): Db | null {
  try {
    const db = new Database(file);
    // Only takes effect on a new file. Doc blocks are ~4 KB: at 4 KB pages each would take a page of its own.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Checkpoints are the main cost of bulk ingest (each fsyncs and rewrites hot index pages):
    // with a 128 MB WAL they come 8x less often than by default, which doubles insert speed.
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    db.pragma(`journal_size_limit = ${WAL_KEEP_BYTES}`);
    db.pragma(`cache_size = -${CACHE_KIB}`);
    db.pragma('mmap_size = 0');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = OFF');
    return db;
  } catch (error) {
    // A damaged file is only a lost cache: rebuild it.
    if (isCorruption(error)) return null;
    throw error;
  }
}

function hasCurrentSchema(db: Db): boolean {
  try {
    const version = readVersion(db);
    if (version === SCHEMA_VERSION) return true;
    return version === 0 && isEmpty(db);
  } catch (error) {
    if (isCorruption(error)) return false;
    throw error;
  }
}

function isEmpty(db: Db): boolean {
  const row = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get() as { n: number };
  return row.n === 0;
}

function readVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function removeIndexFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
}

function isCorruption(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT';
}
