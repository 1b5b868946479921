import type { SimDatabase } from '../db/database.js';
import { seedHistory } from '../historical/seed.js';
import { buildCatalog } from './build.js';

export { buildCatalog, type Catalog, type SeededMarket } from './build.js';

/**
 * Fills an empty database with the seeded catalog. A file database that already holds a catalog
 * is left alone, so a restarted exchange keeps its markets, users and history.
 * Returns whether anything was written.
 */
export function seedCatalog(db: SimDatabase, seed: number, startMs: number): boolean {
  const existing = db.meta.get('seed');
  if (existing !== undefined) return false;
  const catalog = buildCatalog(seed, startMs);
  db.transaction(() => {
    for (const s of catalog.series) db.series.insert(s);
    for (const e of catalog.events) db.events.insert(e);
    for (const m of catalog.markets) db.markets.insert(m.market, m.fairPrice);
    seedHistory(db, seed, startMs);
    db.meta.set('seed', String(seed));
    db.meta.set('seeded_at_ms', String(startMs));
  });
  return true;
}
