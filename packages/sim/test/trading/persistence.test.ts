import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/index.js';
import { startExchange } from '../../src/index.js';

const OPEN = 'KXFED-26MAR-H0';

describe('engine persistence', () => {
  it('continues exactly after a restart on the same file: orders, balances, positions, fills, ids', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'sim-')), 'exchange.db');
    const first = await startExchange({ db, liquidity: false });
    const t = first.state.trading;
    t.run((e) => e.deposit('alice', 0, 100_000_000));
    t.run((e) => e.deposit('bob', 0, 100_000_000));
    t.run((e) => e.placeOrder('alice', { ticker: OPEN, side: 'bid', count: 1000, price: 4000, timeInForce: 'good_till_canceled', selfTradePrevention: 'taker_at_cross', clientOrderId: 'a-1' }));
    const cross = t.run((e) => e.placeOrder('bob', { ticker: OPEN, side: 'ask', count: 400, price: 3900, timeInForce: 'immediate_or_cancel', selfTradePrevention: 'taker_at_cross' }));
    expect(cross.fills).toHaveLength(2);
    const before = t.engine.exportState();
    await first.close();

    const second = await startExchange({ db, liquidity: false });
    const engine = second.state.trading.engine;
    expect(engine.exportState()).toEqual(before);
    expect(checkInvariants(engine)).toEqual([]);
    // The client id still dedupes, and new ids continue the sequence.
    const repeat = second.state.trading.run((e) => e.placeOrder('alice', { ticker: OPEN, side: 'bid', count: 100, price: 4100, timeInForce: 'good_till_canceled', selfTradePrevention: 'taker_at_cross', clientOrderId: 'a-1' }));
    expect(repeat.duplicate).toBe(true);
    const next = second.state.trading.run((e) => e.placeOrder('bob', { ticker: OPEN, side: 'bid', count: 100, price: 3000, timeInForce: 'good_till_canceled', selfTradePrevention: 'taker_at_cross' }));
    const ids = before.orders.map((o) => o.id);
    expect(ids).not.toContain(next.order!.id);
    expect(next.order!.id > ids.at(-1)!).toBe(true);
    expect(second.db.raw.prepare('SELECT count(*) AS n FROM fills').get()).toEqual({ n: 2 });
    await second.close();
  });

  it('a refused operation writes nothing', async () => {
    const ex = await startExchange({ liquidity: false });
    const t = ex.state.trading;
    const count = () => ex.db.raw.prepare('SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM engine_accounts) AS n').get();
    const before = count();
    expect(() => t.run((e) => e.placeOrder('nobody', { ticker: OPEN, side: 'bid', count: 100, price: 5000, timeInForce: 'good_till_canceled', selfTradePrevention: 'taker_at_cross' }))).toThrow(/insufficient/i);
    expect(count()).toEqual(before);
    await ex.close();
  });
});
