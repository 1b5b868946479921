import type { Database } from 'better-sqlite3';

/** Named integer sequences (order ids, trade ids, ...) that survive restarts of a file database. */
export function countersTable(db: Database) {
  const bump = db.prepare<[string], { value: number }>(
    `INSERT INTO counters (id, value) VALUES (?, 1)
     ON CONFLICT(id) DO UPDATE SET value = value + 1
     RETURNING value`,
  );
  const read = db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE id = ?');

  return {
    /** 1, 2, 3, ... per name. */
    next(name: string): number {
      return bump.get(name)!.value;
    },
    current(name: string): number {
      return read.get(name)?.value ?? 0;
    },
  };
}
export type CountersTable = ReturnType<typeof countersTable>;

/** Small key/value facts about the database itself (seed, creation time). */
export function metaTable(db: Database) {
  const read = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const write = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  return {
    get(key: string): string | undefined {
      return read.get(key)?.value;
    },
    set(key: string, value: string): void {
      write.run(key, value);
    },
  };
}
export type MetaTable = ReturnType<typeof metaTable>;
