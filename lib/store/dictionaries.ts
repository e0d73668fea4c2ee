import 'server-only';
import type { ErrorGroup } from '../dlq/types';
import type { Db } from './database';

export interface GroupInfo {
  id: number;
  topicId: number;
  extId: string;
  title: string;
  errorClass: string | null;
}

/**
 * Names stored as small integer ids (topics, error classes, origin topics, error groups), with
 * both directions cached. One process writes the index, so the caches cannot go stale; a failed
 * write transaction calls reset(), because ids it created were rolled back.
 */
export class Dictionaries {
  private readonly topics = new Names();
  private readonly classes = new Names();
  private readonly origins = new Names();
  private readonly groupsByKey = new Map<string, GroupInfo>();
  private readonly groupsById = new Map<number, GroupInfo>();

  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      topicFind: db.prepare<[string], { id: number }>('SELECT topic_id AS id FROM topics WHERE name = ?'),
      topicName: db.prepare<[number], { name: string }>('SELECT name FROM topics WHERE topic_id = ?'),
      topicAdd: db.prepare<[string]>('INSERT INTO topics (name) VALUES (?)'),
      classFind: db.prepare<[string], { id: number }>('SELECT class_id AS id FROM classes WHERE name = ?'),
      className: db.prepare<[number], { name: string }>('SELECT name FROM classes WHERE class_id = ?'),
      classAdd: db.prepare<[string]>('INSERT INTO classes (name) VALUES (?)'),
      originFind: db.prepare<[string], { id: number }>('SELECT origin_id AS id FROM origins WHERE name = ?'),
      originName: db.prepare<[number], { name: string }>('SELECT name FROM origins WHERE origin_id = ?'),
      originAdd: db.prepare<[string]>('INSERT INTO origins (name) VALUES (?)'),
      groupFind: db.prepare<[number, string], GroupRow>(
        'SELECT group_id AS id, topic_id AS topicId, ext_id AS extId, title, class AS errorClass FROM groups WHERE topic_id = ? AND ext_id = ?',
      ),
      groupGet: db.prepare<[number], GroupRow>(
        'SELECT group_id AS id, topic_id AS topicId, ext_id AS extId, title, class AS errorClass FROM groups WHERE group_id = ?',
      ),
      groupAdd: db.prepare<[number, string, string, string | null]>(
        'INSERT INTO groups (topic_id, ext_id, title, class) VALUES (?, ?, ?, ?)',
      ),
    };
  }

  reset(): void {
    this.topics.clear();
    this.classes.clear();
    this.origins.clear();
    this.groupsByKey.clear();
    this.groupsById.clear();
  }

  findTopic(name: string): number | null {
    return this.topics.find(name, () => this.stmt.topicFind.get(name)?.id);
  }

  topicId(name: string): number {
    return (
      this.findTopic(name) ?? this.topics.add(name, Number(this.stmt.topicAdd.run(name).lastInsertRowid))
    );
  }

  topicName(id: number): string {
    return this.topics.name(id, () => this.stmt.topicName.get(id)?.name);
  }

  /** 0 for none. */
  findClass(name: string | null): number | null {
    if (name === null) return 0;
    return this.classes.find(name, () => this.stmt.classFind.get(name)?.id);
  }

  classId(name: string | null): number {
    if (name === null) return 0;
    return (
      this.findClass(name) ?? this.classes.add(name, Number(this.stmt.classAdd.run(name).lastInsertRowid))
    );
  }

  className(id: number): string | null {
    return id === 0 ? null : this.classes.name(id, () => this.stmt.className.get(id)?.name);
  }

  /** 0 for an unknown origin. */
  findOrigin(name: string | null): number | null {
    if (name === null) return 0;
    return this.origins.find(name, () => this.stmt.originFind.get(name)?.id);
  }

  originId(name: string | null): number {
    if (name === null) return 0;
    return (
      this.findOrigin(name) ?? this.origins.add(name, Number(this.stmt.originAdd.run(name).lastInsertRowid))
    );
  }

  originName(id: number): string | null {
    return id === 0 ? null : this.origins.name(id, () => this.stmt.originName.get(id)?.name);
  }

  findGroup(topicId: number, extId: string): GroupInfo | null {
    const key = `${topicId}:${extId}`;
    const cached = this.groupsByKey.get(key);
    if (cached) return cached;
    const row = this.stmt.groupFind.get(topicId, extId);
    return row ? this.cacheGroup(row) : null;
  }

  /** The group's title and class are those of the first record seen in it. */
  groupId(topicId: number, group: ErrorGroup, errorClass: string | null): number {
    const found = this.findGroup(topicId, group.id);
    if (found) return found.id;
    const id = Number(this.stmt.groupAdd.run(topicId, group.id, group.title, errorClass).lastInsertRowid);
    return this.cacheGroup({ id, topicId, extId: group.id, title: group.title, errorClass }).id;
  }

  group(id: number): GroupInfo {
    const cached = this.groupsById.get(id);
    if (cached) return cached;
    const row = this.stmt.groupGet.get(id);
    if (!row) throw new Error(`index inconsistent: no error group ${id}`);
    return this.cacheGroup(row);
  }

  private cacheGroup(row: GroupRow): GroupInfo {
    const info: GroupInfo = { ...row };
    this.groupsByKey.set(`${info.topicId}:${info.extId}`, info);
    this.groupsById.set(info.id, info);
    return info;
  }
}

type GroupRow = GroupInfo;

class Names {
  private readonly ids = new Map<string, number>();
  private readonly names = new Map<number, string>();

  find(name: string, load: () => number | undefined): number | null {
    const cached = this.ids.get(name);
    if (cached !== undefined) return cached;
    const id = load();
    return id === undefined ? null : this.add(name, id);
  }

  name(id: number, load: () => string | undefined): string {
    const cached = this.names.get(id);
    if (cached !== undefined) return cached;
    const name = load();
    if (name === undefined) throw new Error(`index inconsistent: no name for id ${id}`);
    this.add(name, id);
    return name;
  }

  add(name: string, id: number): number {
    this.ids.set(name, id);
    this.names.set(id, name);
    return id;
  }

  clear(): void {
    this.ids.clear();
    this.names.clear();
  }
}
