import 'server-only';

/** Bump on any change below: an index with another version is deleted and rebuilt from Kafka, never migrated. */
export const SCHEMA_VERSION = 5;

/*
 * records holds the narrow, filterable columns; docs the full DlqRecords as deflated blocks of a
 * few consecutive records of one partition, each record in two parts: its core (what a replay
 * reads) and its detail (doc-blocks.ts), apart so that scans of records stay small, and keyed by
 * arrival so docs are only ever appended. A record is slot doc_slot of block doc_id; a block leaves
 * with retention once its last offset is below the log start. Names are dictionary ids (0 = none)
 * so rows and indexes stay small. ts is the DLQ record's time in ms, -1 when the broker reported
 * none (or an absurd one).
 *
 * The rowid is the time order: rid = (ts + 1) * 2^20 + a sequence number (see rid.ts). Every
 * list is ordered by rid, which is the cursor's keyset, and full text search walks fts in rowid
 * order, so the newest matches come first without sorting. records_time and records_group carry
 * every filter column after rid, so filtering and counting read only the index. Counts come from
 * the in-memory cube (cube.ts), not from tables.
 *
 * fts is contentless (the text lives in docs) with contentless_delete so retention can delete
 * rows. Its topic column holds one token per DLQ topic, so a search intersects with the topic
 * inside FTS5. A prefix index of 3 characters lets the shortest prefix searches people type
 * (`pay*`) read one list instead of merging the lists of every word they start (measured at
 * 200,000 records: p95 47 -> 22 ms, for ~15% more insert time and ~500 bytes per record);
 * longer prefixes match fewer words and do without.
 *
 * history is keyed by position, not rid: a status from the durable state may arrive before its
 * record, and is applied when the record is indexed.
 */
export const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE topics (topic_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

CREATE TABLE partitions (
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  next_offset INTEGER NOT NULL,
  PRIMARY KEY (topic_id, partition)
) WITHOUT ROWID;

CREATE TABLE classes (class_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE origins (origin_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

CREATE TABLE groups (
  group_id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL,
  ext_id TEXT NOT NULL,
  title TEXT NOT NULL,
  class TEXT,
  UNIQUE (topic_id, ext_id)
);

CREATE TABLE records (
  rid INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  ts INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  class_id INTEGER NOT NULL,
  origin_id INTEGER NOT NULL,
  status INTEGER NOT NULL,
  format INTEGER NOT NULL,
  replay_count INTEGER NOT NULL,
  origin_partition INTEGER,
  origin_offset INTEGER,
  key_kind INTEGER NOT NULL,
  key TEXT,
  message TEXT,
  doc_id INTEGER NOT NULL,
  doc_slot INTEGER NOT NULL
);
CREATE UNIQUE INDEX records_position ON records (topic_id, partition, offset);
CREATE INDEX records_time ON records
  (topic_id, rid, ts, group_id, class_id, origin_id, partition, status, format);
CREATE INDEX records_group ON records
  (topic_id, group_id, rid, ts, class_id, origin_id, partition, status, format);
CREATE INDEX records_key ON records (topic_id, key) WHERE key IS NOT NULL;

CREATE TABLE docs (
  doc_id INTEGER PRIMARY KEY,
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  last_offset INTEGER NOT NULL,
  core BLOB NOT NULL,
  detail BLOB NOT NULL
);
CREATE INDEX docs_position ON docs (topic_id, partition, last_offset);

CREATE VIRTUAL TABLE fts USING fts5 (
  topic, key, message, value,
  content = '', contentless_delete = 1, prefix = '3', tokenize = 'unicode61 remove_diacritics 2'
);
-- Leaves of the size of a database page: fewer, fuller pages (about 10% smaller, a little faster to build).
INSERT INTO fts (fts, rank) VALUES ('pgsz', 16000);

CREATE TABLE history (
  seq INTEGER PRIMARY KEY,
  topic TEXT NOT NULL,
  partition INTEGER NOT NULL,
  offset INTEGER NOT NULL,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  detail TEXT,
  status INTEGER NOT NULL,
  event_id TEXT UNIQUE
);
CREATE INDEX history_position ON history (topic, partition, offset);
`;
