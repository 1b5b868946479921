import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kalshi } from 'kalshi-ts';
import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { newUser, start } from '../helpers/exchange.js';
import { expectConsistent, freshMarket, fund, gtc, ioc, settle } from './helpers.js';

type User = Awaited<ReturnType<typeof newUser>>;

const client = (ex: Exchange, user: User) =>
  new Kalshi({ baseURL: ex.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, rateLimit: false, maxRetries: 0 });

/** Everything a trading client can read about itself, minus the balance's "as of" time. */
async function portfolio(k: Kalshi) {
  const { updated_ts: _asOf, ...balance } = await k.portfolio.balance();
  return {
    balance,
    orders: (await k.orders.list({ limit: 1000 })).orders,
    fills: (await k.portfolio.fills({ limit: 1000 })).fills,
    positions: await k.portfolio.positions({ limit: 1000 }),
    settlements: (await k.portfolio.settlements({ limit: 1000 })).settlements,
    queue: await k.orders.queuePositions(),
  };
}

describe('restart on the same database file', () => {
  it('serves the same orders, fills, positions and balances, and keeps deduplicating client ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-restart-'));
    const db = join(dir, 'exchange.db');
    try {
      const first = await start({ db, rateLimits: false });
      const [alice, bob] = [await newUser(first), await newUser(first)];
      await fund(first, alice.userId, '100.00');
      await fund(first, bob.userId, '100.00');
      let [ka, kb] = [client(first, alice), client(first, bob)];
      const ticker = await freshMarket(first);
      const settled = await freshMarket(first);
      const maker = await ka.orders.create(gtc(ticker, 'bid', '10', '0.40', { client_order_id: 'restart-1' }));
      await ka.orders.create(gtc(ticker, 'bid', '3', '0.40'));
      await kb.orders.create(ioc(ticker, 'ask', '4', '0.39'));
      await ka.orders.create(gtc(settled, 'ask', '2', '0.70'));
      await kb.orders.create(ioc(settled, 'bid', '2', '0.70'));
      await settle(first, settled, 'no');
      const before = [await portfolio(ka), await portfolio(kb)];
      expect(before[0]!.fills).toHaveLength(2);
      expect(before[0]!.settlements).toHaveLength(1);
      await expectConsistent(first);
      await Promise.all([ka.close(), kb.close()]);
      await first.close();

      const second = await start({ db, rateLimits: false });
      try {
        [ka, kb] = [client(second, alice), client(second, bob)];
        expect([await portfolio(ka), await portfolio(kb)]).toEqual(before);
        const repeat = await ka.orders.create(gtc(ticker, 'bid', '1', '0.41', { client_order_id: 'restart-1' }));
        expect(repeat.order_id).toBe(maker.order_id);
        // The book survived too: the remaining 6 + 3 still rest ahead of nothing, and trade.
        const taker = await kb.orders.create(ioc(ticker, 'ask', '9', '0.40'));
        expect(taker.fill_count).toBe('9.00');
        await expectConsistent(second);
        await Promise.all([ka.close(), kb.close()]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
