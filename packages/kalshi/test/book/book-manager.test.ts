import { describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/logger.js';
import { BookManager, StaleBookError } from '../../src/book/index.js';

const A = 'KXBTCD-25AUG0517-T114999.99';
const B = 'FED-23DEC-T3.00';

let seq = 0;
function snapshot(ticker: string, yes?: string[][], no?: string[][]) {
  return {
    type: 'orderbook_snapshot' as const,
    sid: 1,
    seq: ++seq,
    msg: { market_ticker: ticker, market_id: 'id', ...(yes ? { yes_dollars_fp: yes } : {}), ...(no ? { no_dollars_fp: no } : {}) },
  };
}

function delta(ticker: string, price: string, d: string, side: 'yes' | 'no') {
  return {
    type: 'orderbook_delta' as const,
    sid: 1,
    seq: ++seq,
    msg: { market_ticker: ticker, market_id: 'id', price_dollars: price, delta_fp: d, side, ts_ms: 1 },
  };
}

/** Records every event in order, as `event:ticker[:reason]`. */
function record(manager: BookManager): string[] {
  const log: string[] = [];
  manager.on('update', (t) => log.push(`update:${t}`));
  manager.on('snapshot', (t) => log.push(`snapshot:${t}`));
  manager.on('stale', (t, reason) => log.push(`stale:${t}:${reason}`));
  return log;
}

function loaded() {
  const manager = new BookManager();
  manager.handle(snapshot(A, [['0.4000', '10.00']], [['0.5000', '5.00']]));
  manager.handle(snapshot(B, [['0.0100', '1.00']]));
  return manager;
}

describe('BookManager routing', () => {
  it('keeps one book per market and routes deltas by market_ticker', () => {
    const manager = loaded();
    expect(manager.handle(delta(A, '0.4100', '3.00', 'yes'))).toBe(true);
    expect(manager.handle(delta(B, '0.0100', '-0.50', 'yes'))).toBe(true);
    expect(manager.get(A)!.bestBid('yes')).toBe(4100);
    expect(manager.get(B)!.bestBidSize('yes')).toBe(50);
    expect(manager.get(A)!.levels('yes')).toBe(2);
    expect(manager.size).toBe(2);
    expect([...manager.tickers()].sort()).toEqual([B, A].sort());
    expect(manager.get('NOPE')).toBeUndefined();
  });

  it('ignores frames of other channels and says so', () => {
    const manager = loaded();
    expect(manager.handle({ type: 'ticker', msg: { market_ticker: A } })).toBe(false);
    expect(manager.handle({ type: 'subscribed', msg: { channel: 'orderbook_delta', sid: 1 } })).toBe(false);
  });

  it('throws only for a book frame it cannot route', () => {
    const manager = loaded();
    expect(() => manager.handle({ type: 'orderbook_delta', msg: { price_dollars: '0.4' } })).toThrow(ValidationError);
    expect(() => manager.handle({ type: 'orderbook_snapshot' })).toThrow(/market_ticker/);
  });

  it('replaces a book on a new snapshot', () => {
    const manager = loaded();
    const book = manager.get(A);
    manager.handle(snapshot(A, [['0.2000', '1.00']]));
    expect(manager.get(A)).toBe(book);
    expect(book!.toJSON()).toEqual({ yes_dollars: [['0.2000', '1.00']], no_dollars: [] });
  });

  it('passes use_yes_price through to every book', () => {
    const manager = new BookManager({ useYesPrice: true });
    manager.handle(snapshot(A, [['0.4000', '1.00']], [['0.4500', '2.00']]));
    expect(manager.get(A)!.bestBid('no')).toBe(5500);
    manager.handle(delta(A, '0.4400', '1.00', 'no'));
    expect(manager.get(A)!.bestBid('no')).toBe(5600);
  });
});

describe('BookManager events', () => {
  it("emits 'snapshot' then 'update' for a snapshot and 'update' per delta", () => {
    const manager = new BookManager();
    const log = record(manager);
    manager.handle(snapshot(A, [['0.4000', '10.00']]));
    manager.handle(delta(A, '0.4000', '1.00', 'yes'));
    manager.handle(delta(A, '0.3900', '1.00', 'yes'));
    expect(log).toEqual([`snapshot:${A}`, `update:${A}`, `update:${A}`, `update:${A}`]);
  });

  it('stops calling a listener once it unsubscribes, even mid-emit', () => {
    const manager = loaded();
    const calls: string[] = [];
    const offFirst = manager.on('update', () => {
      calls.push('first');
      offFirst();
    });
    const second = () => calls.push('second');
    manager.on('update', second);
    manager.handle(delta(A, '0.4000', '1.00', 'yes'));
    manager.off('update', second);
    manager.handle(delta(A, '0.4000', '1.00', 'yes'));
    expect(calls).toEqual(['first', 'second']);
  });

  it('contains a throwing listener and reports it to the logger', () => {
    const error = vi.fn();
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error };
    const manager = new BookManager({ logger });
    const after = vi.fn();
    manager.on('snapshot', () => {
      throw new Error('listener bug');
    });
    manager.on('snapshot', after);
    expect(() => manager.handle(snapshot(A, [['0.4000', '1.00']]))).not.toThrow();
    expect(after).toHaveBeenCalledWith(A);
    expect(error).toHaveBeenCalledWith('order book listener threw', expect.objectContaining({ event: 'snapshot' }));
  });
});

describe('BookManager staleness', () => {
  it('holds a stale placeholder for deltas that arrive before any snapshot', () => {
    const manager = new BookManager();
    const log = record(manager);
    manager.handle(delta(A, '0.4000', '1.00', 'yes'));
    manager.handle(delta(A, '0.4000', '1.00', 'yes'));
    expect(log).toEqual([`stale:${A}:delta arrived before any snapshot`]);
    expect(manager.get(A)!.isStale).toBe(true);
    expect(() => manager.get(A)!.bestBid('yes')).toThrow(StaleBookError);
    expect(manager.staleTickers()).toEqual([A]);
    manager.handle(snapshot(A, [['0.4000', '10.00']]));
    expect(manager.get(A)!.bestBidSize('yes')).toBe(1000);
    expect(manager.staleTickers()).toEqual([]);
  });

  it('marks a book stale on a negative level and ignores it until the next snapshot', () => {
    const manager = loaded();
    const log = record(manager);
    manager.handle(delta(A, '0.4000', '-10.01', 'yes'));
    expect(log).toEqual([`stale:${A}:delta -10.01 on yes 0.4000 would leave -0.01 (level held 10.00)`]);
    expect(() => manager.get(A)!.depth('yes', 1)).toThrow(StaleBookError);
    manager.handle(delta(A, '0.3000', '1.00', 'yes'));
    expect(log).toHaveLength(1);
    // Other markets are unaffected.
    manager.handle(delta(B, '0.0200', '1.00', 'yes'));
    expect(manager.get(B)!.bestBid('yes')).toBe(200);
    manager.handle(snapshot(A, [['0.4000', '9.00']]));
    expect(manager.get(A)!.bestBidSize('yes')).toBe(900);
    expect(log.slice(1)).toEqual([`update:${B}`, `snapshot:${A}`, `update:${A}`]);
  });

  it('marks a book stale when a delta crosses it', () => {
    const manager = loaded();
    const log = record(manager);
    manager.handle(delta(A, '0.5000', '1.00', 'yes'));
    expect(log).toEqual([`stale:${A}:book crossed: best YES bid 0.5000 + best NO bid 0.5000 >= $1`]);
    expect(manager.get(A)!.isStale).toBe(true);
  });

  it('marks a book stale on an unreadable delta or snapshot instead of throwing', () => {
    const manager = loaded();
    const log = record(manager);
    expect(() => manager.handle(delta(A, '0.40.0', '1.00', 'yes'))).not.toThrow();
    expect(() => manager.handle(snapshot(B, [['0.40', 'lots']]))).not.toThrow();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^stale:KXBTCD.*unreadable delta: price_dollars/);
    expect(log[1]).toMatch(/^stale:FED.*unreadable snapshot/);
    expect(manager.staleTickers().sort()).toEqual([A, B].sort());
  });

  it('markStale marks one or all books, announcing each only once', () => {
    const manager = loaded();
    const log = record(manager);
    expect(manager.markStale(A, 'seq gap 7 -> 9')).toBe(1);
    expect(manager.markStale(A, 'again')).toBe(0);
    expect(manager.markStale('NOPE', 'unknown')).toBe(0);
    expect(manager.markStale('all', 'reconnected')).toBe(1);
    expect(log).toEqual([`stale:${A}:seq gap 7 -> 9`, `stale:${B}:reconnected`]);
    expect(manager.get(A)!.staleReason).toBe('seq gap 7 -> 9');
    expect(() => manager.get(B)!.toJSON()).toThrow(/stale \(reconnected\)/);
    manager.handle(delta(A, '0.4000', '1.00', 'yes'));
    expect(log).toHaveLength(2);
    manager.handle(snapshot(A, [['0.4000', '10.00']]));
    expect(manager.get(A)!.isStale).toBe(false);
    expect(manager.get(B)!.isStale).toBe(true);
  });

  it('forgets markets on delete and clear', () => {
    const manager = loaded();
    expect(manager.delete(A)).toBe(true);
    expect(manager.has(A)).toBe(false);
    manager.clear();
    expect(manager.size).toBe(0);
  });
});
