import type { Database, Statement } from 'better-sqlite3';
import type { SimDatabase } from '../db/database.js';

/*
 * Where the live data set ends. Each kind of data has its own boundary (GET /historical/cutoff
 * reports all four); rows older than it are served only by /historical/*. By default a boundary
 * trails the exchange clock by DEFAULT_AGE_MS, so data ages into history as simulated time passes;
 * the admin API can pin a boundary to an instant (tests move it past what they just created).
 */

export const CUTOFF_KINDS = ['market_settled', 'trades_created', 'orders_updated', 'market_positions_last_updated'] as const;
export type CutoffKind = (typeof CUTOFF_KINDS)[number];

const DAY_MS = 86_400_000;
/** Far enough back that the seeded catalog's recently settled markets stay live. */
export const DEFAULT_AGE_MS = 30 * DAY_MS;

/** A boundary in force: a fixed instant, or an age behind the exchange clock. */
export type CutoffRule = { cutoffMs: number } | { ageMs: number };

/** Every boundary in ms: data strictly before it is historical. */
export type Cutoffs = Readonly<Record<CutoffKind, number>>;

interface Statements {
  all: Statement<[], { kind: CutoffKind; cutoff_ms: number | null; age_ms: number | null }>;
  put: Statement<[CutoffKind, number | null, number | null]>;
  clear: Statement<[]>;
}

const statements = new WeakMap<Database, Statements>();
function prepared(db: SimDatabase): Statements {
  let s = statements.get(db.raw);
  if (!s) {
    s = {
      all: db.raw.prepare('SELECT kind, cutoff_ms, age_ms FROM historical_cutoffs'),
      put: db.raw.prepare(`
        INSERT INTO historical_cutoffs (kind, cutoff_ms, age_ms) VALUES (?, ?, ?)
        ON CONFLICT (kind) DO UPDATE SET cutoff_ms = excluded.cutoff_ms, age_ms = excluded.age_ms`),
      clear: db.raw.prepare('DELETE FROM historical_cutoffs'),
    };
    statements.set(db.raw, s);
  }
  return s;
}

export function cutoffRules(db: SimDatabase): Record<CutoffKind, CutoffRule> {
  const rules = Object.fromEntries(CUTOFF_KINDS.map((k) => [k, { ageMs: DEFAULT_AGE_MS }])) as Record<CutoffKind, CutoffRule>;
  for (const row of prepared(db).all.all()) {
    rules[row.kind] = row.cutoff_ms !== null ? { cutoffMs: row.cutoff_ms } : { ageMs: row.age_ms ?? DEFAULT_AGE_MS };
  }
  return rules;
}

export function setCutoffRule(db: SimDatabase, kind: CutoffKind, rule: CutoffRule): void {
  const put = prepared(db).put;
  if ('cutoffMs' in rule) put.run(kind, rule.cutoffMs, null);
  else put.run(kind, null, rule.ageMs);
}

/** Every kind back to the default age. */
export function resetCutoffs(db: SimDatabase): void {
  prepared(db).clear.run();
}

const resolve = (rule: CutoffRule, nowMs: number): number => ('cutoffMs' in rule ? rule.cutoffMs : nowMs - rule.ageMs);

/** The boundaries in force at `nowMs` (the exchange clock). */
export function cutoffsAt(db: SimDatabase, nowMs: number): Cutoffs {
  const rules = cutoffRules(db);
  return Object.fromEntries(CUTOFF_KINDS.map((k) => [k, resolve(rules[k], nowMs)])) as Record<CutoffKind, number>;
}

/** The boundaries now, for a handler. */
export function currentCutoffs(exchange: { db: SimDatabase; clock: { now(): number } }): Cutoffs {
  return cutoffsAt(exchange.db, exchange.clock.now());
}
