import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations, openDatabase, seedCatalog, startExchange, type Migration } from '../src/index.js';

const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kalshi-sim-'));
  dirs.push(dir);
  return join(dir, 'sim.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('migrates to the latest user_version and can take appended migrations', () => {
    const db = openDatabase();
    expect(db.raw.pragma('user_version', { simple: true })).toBe(migrations.length);
    db.close();

    const path = tempFile();
    openDatabase({ path }).close();
    const extra: Migration = (raw) => raw.exec('CREATE TABLE appended_example (id TEXT PRIMARY KEY)');
    const upgraded = openDatabase({ path, migrations: [...migrations, extra] });
    expect(upgraded.raw.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    expect(upgraded.raw.prepare("SELECT name FROM sqlite_master WHERE name = 'appended_example'").get()).toBeTruthy();
    expect(upgraded.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    upgraded.close();
    expect(() => openDatabase({ path })).toThrow(/newer than this simulator/);
  });

  it('keeps indexed columns and the event status in step with market updates', () => {
    const db = openDatabase();
    seedCatalog(db, 1, Date.UTC(2026, 0, 15, 12));
    expect(db.events.list({ status: 'open', seriesTicker: 'KXFED' }, { limit: 10 }).map((e) => e.event_ticker)).toEqual(['KXFED-26MAR']);
    for (const m of db.markets.byEvent('KXFED-26MAR')) db.markets.update(m.ticker, { status: 'closed' });
    expect(db.events.list({ status: 'closed', seriesTicker: 'KXFED' }, { limit: 10 }).map((e) => e.event_ticker)).toEqual(['KXFED-26MAR']);
    expect(db.markets.list({ statuses: ['closed'], eventTicker: 'KXFED-26MAR' }, { limit: 10 })).toHaveLength(4);
    expect(db.markets.update('NOPE', { status: 'closed' })).toBeUndefined();
    expect(db.markets.fairPrice('KXFED-26MAR-H0')).toBeGreaterThan(0);
    db.close();
  });

  it('hands out counters and records trades', () => {
    const db = openDatabase();
    seedCatalog(db, 1, Date.UTC(2026, 0, 15, 12));
    expect([db.counters.next('order'), db.counters.next('order'), db.counters.next('trade')]).toEqual([1, 2, 1]);
    expect(db.counters.current('order')).toBe(2);
    db.trades.insert({ id: 't1', ticker: 'KXFED-26MAR-H0', price: 5600, count: 1000, takerSide: 'yes', ts: 1 });
    db.trades.insert({ id: 't2', ticker: 'KXFED-26MAR-H0', price: 5700, count: 50, takerSide: 'no', ts: 2 });
    expect(db.trades.recent('KXFED-26MAR-H0', { limit: 1 })).toEqual([{ id: 't2', ticker: 'KXFED-26MAR-H0', price: 5700, count: 50, takerSide: 'no', ts: 2, block: false }]);
    expect(() => db.trades.insert({ id: 't3', ticker: 'NOPE', price: 1, count: 1, takerSide: 'yes', ts: 3 })).toThrow();
    db.close();
  });

  it('a file database keeps its catalog and users across restarts', async () => {
    const path = tempFile();
    const first = await startExchange({ db: path, seed: 7 });
    const res = await fetch(`${first.url}/_sim/users`, { method: 'POST', body: '{"name":"keeper"}' });
    const { user_id } = (await res.json()) as { user_id: string };
    const before = first.db.markets.get('KXFED-26MAR-H0');
    await first.close();

    const second = await startExchange({ db: path, seed: 99 });
    try {
      expect(second.db.users.get(user_id)?.name).toBe('keeper');
      expect(second.db.markets.get('KXFED-26MAR-H0')).toEqual(before);
      expect(second.db.meta.get('seed')).toBe('7');
    } finally {
      await second.close();
    }
  });
});
