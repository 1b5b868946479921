import { BadRequestError, NotFoundError, PermissionDeniedError } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockTrade } from '../../src/communications/store.js';
import { admin } from '../helpers/exchange.js';
import { expectConsistent, freshMarket, takerFee } from '../trading/helpers.js';
import { commSession, micros, walk, type Client, type CommSession } from './communications-helpers.js';
import { expectSpecShape, type Session } from './harness.js';

let c: CommSession;
let s: Session;
let bob: Client;
let carol: Client;
beforeAll(async () => {
  c = await commSession();
  ({ s, bob, carol } = c);
});
afterAll(() => c.close());

const cash = (userId: string) => c.cash(userId);

describe('SDK communications.blockTradeProposals.* against the local exchange', () => {
  it('block trades: propose, the counterparty accepts, it executes off the book as a block trade', async () => {
    const ticker = await freshMarket(s.exchange);
    const expiration_ts = new Date(s.exchange.clock.now() + 3_600_000).toISOString();
    const [aliceBefore, bobBefore] = [await cash(s.userId), await cash(bob.userId)];
    const proposal = await s.kalshi.communications.blockTradeProposals.create({
      buyer_user_id: s.userId, seller_user_id: bob.userId, market_ticker: ticker, price_centi_cents: 4500, centicount: 500, maker_side: 'yes', expiration_ts,
    });
    expectSpecShape('ProposeBlockTrade', proposal);
    const seen = await bob.kalshi.communications.blockTradeProposals.list({ market_ticker: ticker });
    expectSpecShape('GetBlockTradeProposals', seen);
    expect(seen.block_trade_proposals).toMatchObject([{
      id: proposal.block_trade_proposal_id, proposer_user_id: s.userId, buyer_user_id: '', seller_user_id: bob.userId,
      price_centi_cents: 4500, centicount: 500, maker_side: 'yes', status: 'open', buyer_accepted: true, seller_accepted: false,
    }]);
    expect((await carol.kalshi.communications.blockTradeProposals.list({ market_ticker: ticker })).block_trade_proposals).toEqual([]);
    await expect(carol.kalshi.communications.blockTradeProposals.accept(proposal.block_trade_proposal_id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.communications.blockTradeProposals.accept(proposal.block_trade_proposal_id)).rejects.toBeInstanceOf(BadRequestError);

    const accepted = await bob.kalshi.communications.blockTradeProposals.accept(proposal.block_trade_proposal_id, { subaccount: 0 });
    expectSpecShape('AcceptBlockTradeProposal', accepted);
    const after = (await bob.kalshi.communications.blockTradeProposals.list({ status: 'executed', market_ticker: ticker })).block_trade_proposals;
    expect(after).toMatchObject([{ status: 'executed', buyer_accepted: true, seller_accepted: true }]);
    expect(after[0]!.seller_order_id).toBeDefined();
    expect(after[0]!.buyer_order_id).toBeUndefined();

    // maker_side yes: the buyer is the maker (free on this series), the seller pays the taker fee.
    expect(await cash(s.userId)).toBe(aliceBefore - micros('2.25'));
    expect(await cash(bob.userId)).toBe(bobBefore - micros('2.75') - micros(takerFee(5, 45)));
    const tape = await s.kalshi.markets.trades({ ticker });
    expect(tape.trades).toMatchObject([{ ticker, yes_price_dollars: '0.4500', count_fp: '5.00', taker_outcome_side: 'no', is_block_trade: true }]);
    expect(isBlockTrade(s.exchange.db, tape.trades[0]!.trade_id)).toBe(true);
    // The tape's filter finds it among block trades only.
    expect((await s.kalshi.markets.trades({ ticker, is_block_trade: true })).trades.map((t) => t.trade_id)).toEqual([tape.trades[0]!.trade_id]);
    expect((await s.kalshi.markets.trades({ ticker, is_block_trade: false })).trades).toEqual([]);
    expect((await s.kalshi.portfolio.fills({ ticker })).fills).toMatchObject([{ is_taker: false, outcome_side: 'yes', count_fp: '5.00' }]);
    await expect(bob.kalshi.communications.blockTradeProposals.accept(proposal.block_trade_proposal_id)).rejects.toBeInstanceOf(BadRequestError);
    await expectConsistent(s.exchange);
  });

  it('a negotiated trade pays fees per the series: maker fees where the series has them', async () => {
    const ticker = await freshMarket(s.exchange, { event: 'KXFED-26MAR' });
    const later = new Date(s.exchange.clock.now() + 3_600_000).toISOString();
    // maker_side no: the seller (long NO) is the maker; KXFED charges makers 0.0175 x C x P x (1 - P).
    const p = await bob.kalshi.communications.blockTradeProposals.create({
      buyer_user_id: s.userId, seller_user_id: bob.userId, market_ticker: ticker, price_centi_cents: 5000, centicount: 400, maker_side: 'no', expiration_ts: later,
    });
    await s.kalshi.communications.blockTradeProposals.accept(p.block_trade_proposal_id);
    expect((await s.kalshi.portfolio.fills({ ticker })).fills).toMatchObject([{ is_taker: true, fee_cost: '0.0700' }]);
    expect((await bob.kalshi.portfolio.fills({ ticker })).fills).toMatchObject([{ is_taker: false, fee_cost: '0.0175' }]);
    await expectConsistent(s.exchange);
  });

  it('block trades: refusals, expiry and paging', async () => {
    const ticker = await freshMarket(s.exchange);
    const base = { market_ticker: ticker, price_centi_cents: 5000, centicount: 100, maker_side: 'no' as const };
    const later = new Date(s.exchange.clock.now() + 3_600_000).toISOString();
    await expect(s.kalshi.communications.blockTradeProposals.create({ ...base, buyer_user_id: bob.userId, seller_user_id: carol.userId, expiration_ts: later })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(s.kalshi.communications.blockTradeProposals.create({ ...base, buyer_user_id: s.userId, seller_user_id: bob.userId, price_centi_cents: 5005, expiration_ts: later })).rejects.toThrow(/price_centi_cents/);
    await expect(s.kalshi.communications.blockTradeProposals.create({ ...base, buyer_user_id: s.userId, seller_user_id: bob.userId, expiration_ts: new Date(s.exchange.clock.now() - 1000).toISOString() })).rejects.toThrow(/expiration_ts/);

    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await s.kalshi.communications.blockTradeProposals.create({ ...base, buyer_user_id: s.userId, seller_user_id: bob.userId, expiration_ts: later })).block_trade_proposal_id);
    }
    const paged = await walk(async (cursor) => {
      const page = await bob.kalshi.communications.blockTradeProposals.list({ market_ticker: ticker, limit: 1, cursor });
      expectSpecShape('GetBlockTradeProposals', page);
      return { cursor: page.cursor, items: page.block_trade_proposals };
    });
    expect(paged).toEqual([...ids].reverse());

    const soon = new Date(s.exchange.clock.now() + 1000).toISOString();
    const short = await s.kalshi.communications.blockTradeProposals.create({ ...base, seller_user_id: s.userId, buyer_user_id: bob.userId, expiration_ts: soon });
    await admin(s.exchange, 'POST', '/_sim/clock', { advance_ms: 2000 });
    const expired = await bob.kalshi.communications.blockTradeProposals.list({ status: 'expired', market_ticker: ticker });
    expect(expired.block_trade_proposals.map((p) => p.id)).toEqual([short.block_trade_proposal_id]);
    await expect(bob.kalshi.communications.blockTradeProposals.accept(short.block_trade_proposal_id)).rejects.toThrow(/expired/);
    await expectConsistent(s.exchange);
  });

});
