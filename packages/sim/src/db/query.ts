import type { Database, Statement } from 'better-sqlite3';

/** Accumulates WHERE clauses with bound parameters, so filters never interpolate input. */
export class Where {
  private readonly clauses: string[] = [];
  readonly params: unknown[] = [];

  add(clause: string, ...params: unknown[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  /** `column IN (?, ?, ...)`; an empty list matches nothing. */
  in(column: string, values: readonly unknown[]): this {
    if (values.length === 0) return this.add('0');
    return this.add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
}

/** Caches prepared statements by SQL text: filter combinations repeat, preparing is not free. */
const shared = new WeakMap<Database, ReturnType<typeof statementCache>>();

/** The statement cache of a connection, shared by every module that builds queries on it. */
export function sharedStatements(db: Database): ReturnType<typeof statementCache> {
  let cache = shared.get(db);
  if (!cache) {
    cache = statementCache(db);
    shared.set(db, cache);
  }
  return cache;
}

export function statementCache(db: Database, max = 200) {
  const cache = new Map<string, Statement>();
  return (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      if (cache.size >= max) cache.clear();
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}

/** Milliseconds from an ISO timestamp in a Kalshi object (null when absent). */
export function isoToMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${value}`);
  return ms;
}
