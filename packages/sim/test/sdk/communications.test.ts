import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestError, ConflictError, Kalshi, NotFoundError, PermissionDeniedError } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communicationsIdOf } from '../../src/communications/ids.js';
import { createRfq, MAX_OPEN_RFQS } from '../../src/communications/rfqs.js';
import type { Exchange } from '../../src/index.js';
import { newUser, start } from '../helpers/exchange.js';
import { expectConsistent, freshMarket, fund, QUADRATIC_EVENT, setStatus, takerFee } from '../trading/helpers.js';
import { frames, RawClient, rest, until } from '../ws/harness.js';
import { commSession, micros, rfqBody, walk, type Client, type CommSession } from './communications-helpers.js';
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
const newClient = () => c.newClient();

describe('SDK communications.* (RFQs and quotes) against the local exchange', () => {
  it('communications id: stable per user, distinct between users', async () => {
    const mine = await s.kalshi.communications.id();
    expectSpecShape('GetCommunicationsID', mine);
    expect(mine.communications_id).toMatch(/^[0-9a-f]{64}$/);
    expect((await s.kalshi.communications.id()).communications_id).toBe(mine.communications_id);
    expect((await bob.kalshi.communications.id()).communications_id).not.toBe(mine.communications_id);
    expect(mine.communications_id).toBe(communicationsIdOf(s.userId));
  });

  it('RFQ -> quote -> accept YES -> confirm trades between the two at the quoted price, with fills, tape and fees', async () => {
    const ticker = await freshMarket(s.exchange);
    const [aliceBefore, bobBefore] = [await cash(s.userId), await cash(bob.userId)];
    const created = await s.kalshi.communications.rfqs.create(rfqBody(ticker));
    expectSpecShape('CreateRFQ', created);

    const seenByBob = await bob.kalshi.communications.rfqs.get(created.id);
    expectSpecShape('GetRFQ', seenByBob);
    expect(seenByBob.rfq).toMatchObject({ id: created.id, market_ticker: ticker, contracts_fp: '10.00', status: 'open', creator_id: communicationsIdOf(s.userId) });
    expect(seenByBob.rfq.creator_user_id).toBeUndefined();
    expect((await s.kalshi.communications.rfqs.get(created.id)).rfq).toMatchObject({ creator_user_id: s.userId, creator_subaccount: 0 });

    const quote = await bob.kalshi.communications.quotes.create({ rfq_id: created.id, yes_bid: '0.40', no_bid: '0.55', rest_remainder: false });
    expectSpecShape('CreateQuote', quote);
    const got = await s.kalshi.communications.rfqs.quotes.get(created.id, quote.id);
    expectSpecShape('GetRFQQuote', got);
    expect(got.quote).toMatchObject({
      id: quote.id, rfq_id: created.id, status: 'open', yes_bid_dollars: '0.4000', no_bid_dollars: '0.5500', contracts_fp: '10.00',
      creator_id: communicationsIdOf(bob.userId), rfq_creator_id: communicationsIdOf(s.userId), rfq_creator_user_id: s.userId,
    });
    expect(got.quote.creator_user_id).toBeUndefined();
    // Quotes are private to the two parties.
    await expect(carol.kalshi.communications.rfqs.quotes.get(created.id, quote.id)).rejects.toBeInstanceOf(NotFoundError);
    // Only the RFQ creator accepts, only the quoter confirms.
    await expect(bob.kalshi.communications.rfqs.quotes.accept(created.id, quote.id, { accepted_side: 'yes' })).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(bob.kalshi.communications.rfqs.quotes.confirm(created.id, quote.id)).rejects.toBeInstanceOf(BadRequestError);

    const accepted = await s.kalshi.communications.rfqs.quotes.accept(created.id, quote.id, { accepted_side: 'yes' });
    expectSpecShape('AcceptRFQQuote', accepted);
    expect((await bob.kalshi.communications.rfqs.quotes.get(created.id, quote.id)).quote).toMatchObject({ status: 'accepted', accepted_side: 'yes' });
    await expect(s.kalshi.communications.rfqs.quotes.confirm(created.id, quote.id)).rejects.toBeInstanceOf(PermissionDeniedError);

    const confirmed = await bob.kalshi.communications.rfqs.quotes.confirm(created.id, quote.id);
    expectSpecShape('ConfirmRFQQuote', confirmed);
    const done = (await bob.kalshi.communications.rfqs.quotes.get(created.id, quote.id)).quote;
    expect(done).toMatchObject({ status: 'executed', accepted_side: 'yes' });
    expect(done.executed_ts).toBeDefined();
    expect(done.creator_order_id).toBeDefined();
    expect((await s.kalshi.communications.rfqs.get(created.id)).rfq.status).toBe('closed');

    // The quoter bought YES at 0.40 (maker, no fee on a quadratic series); the RFQ creator bought NO at 0.60 and paid the taker fee.
    expect(await cash(bob.userId)).toBe(bobBefore - micros('4.00'));
    expect(await cash(s.userId)).toBe(aliceBefore - micros('6.00') - micros(takerFee(10, 40)));
    const alicePos = await s.kalshi.portfolio.positions({ ticker });
    expect(alicePos.market_positions[0]).toMatchObject({ ticker, position_fp: '-10.00' });
    expect((await bob.kalshi.portfolio.positions({ ticker })).market_positions[0]).toMatchObject({ position_fp: '10.00' });

    const aliceFills = await s.kalshi.portfolio.fills({ ticker });
    expect(aliceFills.fills).toHaveLength(1);
    expect(aliceFills.fills[0]).toMatchObject({ is_taker: true, outcome_side: 'no', yes_price_dollars: '0.4000', count_fp: '10.00', fee_cost: takerFee(10, 40) });
    const rfqCreatorOrder = (await s.kalshi.communications.rfqs.quotes.get(created.id, quote.id)).quote.rfq_creator_order_id;
    expect(aliceFills.fills[0]!.order_id).toBe(rfqCreatorOrder);
    expect((await s.kalshi.orders.get(rfqCreatorOrder!)).order).toMatchObject({ status: 'executed', fill_count_fp: '10.00' });
    const bobFills = await bob.kalshi.portfolio.fills({ ticker });
    expect(bobFills.fills).toMatchObject([{ is_taker: false, outcome_side: 'yes', order_id: done.creator_order_id }]);

    const tape = await s.kalshi.markets.trades({ ticker });
    expect(tape.trades).toMatchObject([{ ticker, yes_price_dollars: '0.4000', count_fp: '10.00', taker_outcome_side: 'no', is_block_trade: false }]);
    await expectConsistent(s.exchange);
  });

  it('deprecated quote paths, accepting NO on an RFQ sized by money, and quote replacement', async () => {
    const ticker = await freshMarket(s.exchange);
    const rfq = await s.kalshi.communications.rfqs.create({ market_ticker: ticker, target_cost_dollars: '10.00', rest_remainder: false });
    const first = await bob.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0', no_bid: '0.25', rest_remainder: false });
    const second = await bob.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0', no_bid: '0.30', rest_remainder: false });
    const old = await bob.kalshi.communications.quotes.get(first.id);
    expectSpecShape('GetQuote', old);
    expect(old.quote).toMatchObject({ status: 'cancelled', cancellation_reason: 'replaced' });

    const q = (await s.kalshi.communications.quotes.get(second.id)).quote;
    // The creator buys YES at 1 - 0.30 = 0.70: the most contracts whose cost plus taker fee fits $10.
    expect(q).toMatchObject({ status: 'open', rfq_target_cost_dollars: '10.0000', yes_contracts_fp: '0.00', no_contracts_fp: '13.99', contracts_fp: '13.99' });
    await expect(s.kalshi.communications.quotes.accept(second.id, { accepted_side: 'yes' })).rejects.toBeInstanceOf(BadRequestError);

    const before = await cash(s.userId);
    const accepted = await s.kalshi.communications.quotes.accept(second.id, { accepted_side: 'no' });
    expectSpecShape('AcceptQuote', accepted);
    const confirmed = await bob.kalshi.communications.quotes.confirm(second.id);
    expectSpecShape('ConfirmQuote', confirmed);
    const spent = before - (await cash(s.userId));
    expect(spent).toBeLessThanOrEqual(micros('10.00'));
    expect(spent).toBe(1399 * 7000 + 205_700);
    expect((await s.kalshi.portfolio.positions({ ticker })).market_positions[0]).toMatchObject({ position_fp: '13.99' });
    expect((await bob.kalshi.portfolio.positions({ ticker })).market_positions[0]).toMatchObject({ position_fp: '-13.99' });
    await expectConsistent(s.exchange);
  });

  it('deleting: only the quoter deletes a quote, only the creator an RFQ; a closed RFQ takes no quotes', async () => {
    const ticker = await freshMarket(s.exchange);
    const rfq = await s.kalshi.communications.rfqs.create(rfqBody(ticker));
    const q1 = await bob.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.45', no_bid: '0', rest_remainder: false });
    await expect(s.kalshi.communications.quotes.delete(q1.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    const deleted = await bob.kalshi.communications.quotes.delete(q1.id);
    expectSpecShape('DeleteQuote', deleted);
    await expect(s.kalshi.communications.quotes.accept(q1.id, { accepted_side: 'yes' })).rejects.toBeInstanceOf(BadRequestError);

    const q2 = await carol.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.46', no_bid: '0.50', rest_remainder: false });
    await expect(bob.kalshi.communications.rfqs.quotes.delete(rfq.id, q2.id)).rejects.toBeInstanceOf(NotFoundError);
    const q3 = await bob.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.47', no_bid: '0', rest_remainder: false });
    const gone = await bob.kalshi.communications.rfqs.quotes.delete(rfq.id, q3.id);
    expectSpecShape('DeleteRFQQuote', gone);
    expect((await bob.kalshi.communications.rfqs.quotes.get(rfq.id, q3.id)).quote).toMatchObject({ status: 'cancelled', cancellation_reason: 'deleted' });

    await expect(bob.kalshi.communications.rfqs.delete(rfq.id)).rejects.toBeInstanceOf(PermissionDeniedError);
    const removed = await s.kalshi.communications.rfqs.delete(rfq.id);
    expectSpecShape('DeleteRFQ', removed);
    const closed = (await carol.kalshi.communications.rfqs.get(rfq.id)).rfq;
    expect(closed).toMatchObject({ status: 'closed', cancellation_reason: 'deleted' });
    expect(closed.cancelled_ts).toBeDefined();
    // Its live quote was cancelled with it, and it takes no new ones.
    expect((await carol.kalshi.communications.rfqs.quotes.get(rfq.id, q2.id)).quote.status).toBe('cancelled');
    await expect(carol.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.40', no_bid: '0', rest_remainder: false })).rejects.toBeInstanceOf(BadRequestError);
    await expect(s.kalshi.communications.rfqs.delete(rfq.id)).rejects.toBeInstanceOf(BadRequestError);
  });

  it('refuses bad input and changes nothing', async () => {
    const ticker = await freshMarket(s.exchange);
    const before = (await s.kalshi.communications.rfqs.list({ user_filter: 'self', limit: 100 })).rfqs.length;
    await expect(s.kalshi.communications.rfqs.get('not-a-uuid')).rejects.toBeInstanceOf(BadRequestError);
    await expect(s.kalshi.communications.rfqs.get('c0000001-0000-4000-8000-0000ffffffff')).rejects.toBeInstanceOf(NotFoundError);
    await expect(s.kalshi.communications.rfqs.create(rfqBody('NO-SUCH-MARKET'))).rejects.toThrow(/market_ticker/);
    await expect(s.kalshi.communications.rfqs.create({ ...rfqBody(ticker), contracts: 5 })).rejects.toThrow(/contracts_fp/);
    expect((await s.kalshi.communications.rfqs.list({ user_filter: 'self', limit: 100 })).rfqs.length).toBe(before);

    const rfq = await s.kalshi.communications.rfqs.create(rfqBody(ticker));
    await expect(s.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.40', no_bid: '0', rest_remainder: false })).rejects.toThrow(/own RFQ/);
    await expect(bob.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.405', no_bid: '0', rest_remainder: false })).rejects.toThrow(/yes_bid/);
    await expect(bob.kalshi.communications.quotes.create({ rfq_id: 'c0000001-0000-4000-8000-0000ffffffff', yes_bid: '0.40', no_bid: '0', rest_remainder: false })).rejects.toThrow(/rfq_id/);
    expect((await bob.kalshi.communications.quotes.list({ rfq_id: rfq.id })).quotes).toEqual([]);

    // A quote the creator cannot fund is refused at acceptance; one the quoter cannot fund at confirmation.
    const poor = await newClient();
    const poorRfq = await poor.kalshi.communications.rfqs.create(rfqBody(ticker));
    const q = await bob.kalshi.communications.quotes.create({ rfq_id: poorRfq.id, yes_bid: '0.40', no_bid: '0', rest_remainder: false });
    await expect(poor.kalshi.communications.quotes.accept(q.id, { accepted_side: 'yes' })).rejects.toThrow(/insufficient balance in your account/);
    const q2 = await poor.kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.40', no_bid: '0', rest_remainder: false });
    await s.kalshi.communications.quotes.accept(q2.id, { accepted_side: 'yes' });
    await expect(poor.kalshi.communications.quotes.confirm(q2.id)).rejects.toThrow(/insufficient balance in your account/);
    expect((await s.kalshi.communications.quotes.get(q2.id)).quote.status).toBe('accepted');

    // A market that stops trading refuses the execution; nothing moves.
    await fund(s.exchange, poor.userId, '50.00');
    await setStatus(s.exchange, ticker, 'paused');
    await expect(poor.kalshi.communications.quotes.confirm(q2.id)).rejects.toThrow(/market_ticker/);
    await setStatus(s.exchange, ticker, 'open');
    expect((await poor.kalshi.portfolio.positions({ ticker })).market_positions).toEqual([]);
    await expectConsistent(s.exchange);
  });

  it('caps open RFQs at 100 (409) and replace_existing closes the old ones', async () => {
    const ticker = await freshMarket(s.exchange);
    const dave = await newClient();
    // The first 99 through the service itself (the same code path, minus 99 signed round trips).
    for (let i = 1; i < MAX_OPEN_RFQS; i += 1) createRfq(s.exchange.state, dave.userId, rfqBody(ticker));
    await dave.kalshi.communications.rfqs.create(rfqBody(ticker));
    await expect(dave.kalshi.communications.rfqs.create(rfqBody(ticker))).rejects.toBeInstanceOf(ConflictError);
    const fresh = await dave.kalshi.communications.rfqs.create(rfqBody(ticker, { replace_existing: true }));
    const open = await dave.kalshi.communications.rfqs.list({ user_filter: 'self', status: 'open' });
    expect(open.rfqs.map((r) => r.id)).toEqual([fresh.id]);
    const closed = await dave.kalshi.communications.rfqs.list({ user_filter: 'self', status: 'closed', limit: 100 });
    expect(closed.rfqs).toHaveLength(100);
    expect(closed.rfqs.every((r) => r.cancellation_reason === 'replaced')).toBe(true);
  });

  it('lists RFQs and quotes with filters, and pages visit each item once', async () => {
    const [t1, t2] = [await freshMarket(s.exchange), await freshMarket(s.exchange)];
    const erin = await newClient();
    const mine = [
      await erin.kalshi.communications.rfqs.create(rfqBody(t1)),
      await erin.kalshi.communications.rfqs.create(rfqBody(t2, { obscure_creator_id: true, subaccount: 0 })),
      await erin.kalshi.communications.rfqs.create(rfqBody(t1)),
    ].map((r) => r.id);
    const list = await erin.kalshi.communications.rfqs.list({ user_filter: 'self' });
    expectSpecShape('GetRFQs', list);
    expect(list.rfqs.map((r) => r.id)).toEqual([...mine].reverse());
    const paged = await walk(async (cursor) => {
      const page = await erin.kalshi.communications.rfqs.list({ user_filter: 'self', limit: 1, cursor });
      expectSpecShape('GetRFQs', page);
      return { cursor: page.cursor, items: page.rfqs };
    });
    expect(paged).toEqual([...mine].reverse());
    expect((await bob.kalshi.communications.rfqs.list({ market_ticker: t1 })).rfqs.map((r) => r.id)).toEqual([mine[2], mine[0]]);
    expect((await erin.kalshi.communications.rfqs.list({ event_ticker: QUADRATIC_EVENT, user_filter: 'self', subaccount: 0 })).rfqs).toHaveLength(3);
    expect((await erin.kalshi.communications.rfqs.list({ user_filter: 'self', subaccount: 1 })).rfqs).toHaveLength(0);
    expect((await bob.kalshi.communications.rfqs.list({ creator_user_id: erin.userId, market_ticker: t2 })).rfqs.map((r) => r.id)).toEqual([mine[1]]);
    // obscure_creator_id hides the creator from others, not from the creator.
    expect((await bob.kalshi.communications.rfqs.get(mine[1]!)).rfq.creator_id).toBe('0');
    expect((await erin.kalshi.communications.rfqs.get(mine[1]!)).rfq.creator_id).toBe(communicationsIdOf(erin.userId));
    await expect(bob.kalshi.communications.rfqs.list({ creator_user_id: 'nope' })).rejects.toBeInstanceOf(BadRequestError);
    await expect(bob.kalshi.communications.rfqs.list({ status: 'sideways' })).rejects.toBeInstanceOf(BadRequestError);

    const quotes = [
      await bob.kalshi.communications.quotes.create({ rfq_id: mine[0]!, yes_bid: '0.40', no_bid: '0', rest_remainder: false }),
      await carol.kalshi.communications.quotes.create({ rfq_id: mine[0]!, yes_bid: '0.41', no_bid: '0', rest_remainder: false }),
      await bob.kalshi.communications.quotes.create({ rfq_id: mine[2]!, yes_bid: '0', no_bid: '0.50', rest_remainder: false }),
    ].map((q) => q.id);
    const all = await erin.kalshi.communications.quotes.list({ rfq_user_filter: 'self' });
    expectSpecShape('GetQuotes', all);
    expect(all.quotes.map((q) => q.id)).toEqual([...quotes].reverse());
    const pagedQuotes = await walk(async (cursor) => {
      const page = await erin.kalshi.communications.quotes.list({ rfq_user_filter: 'self', limit: 2, cursor });
      expectSpecShape('GetQuotes', page);
      return { cursor: page.cursor, items: page.quotes };
    });
    expect(pagedQuotes).toEqual([...quotes].reverse());
    // The quoter sees only its own quotes; the filters narrow further.
    expect((await bob.kalshi.communications.quotes.list({ user_filter: 'self' })).quotes.map((q) => q.id)).toEqual(expect.arrayContaining([quotes[0], quotes[2]]));
    expect((await bob.kalshi.communications.quotes.list({ rfq_id: mine[0]! })).quotes.map((q) => q.id)).toEqual([quotes[0]]);
    expect((await bob.kalshi.communications.quotes.list({ quote_creator_user_id: carol.userId })).quotes).toEqual([]);
    expect((await erin.kalshi.communications.quotes.list({ quote_creator_user_id: carol.userId })).quotes.map((q) => q.id)).toEqual([quotes[1]]);
    expect((await erin.kalshi.communications.quotes.list({ rfq_creator_user_id: erin.userId })).quotes).toHaveLength(3);
    expect((await erin.kalshi.communications.quotes.list({ rfq_id: mine[0]!, status: 'open' })).quotes).toHaveLength(2);
    expect((await erin.kalshi.communications.quotes.list({ rfq_id: mine[0]!, status: 'executed' })).quotes).toHaveLength(0);
    const nowS = Math.floor(s.exchange.clock.now() / 1000);
    expect((await erin.kalshi.communications.quotes.list({ rfq_user_filter: 'self', min_ts: nowS + 60 })).quotes).toHaveLength(0);
    expect((await erin.kalshi.communications.quotes.list({ rfq_user_filter: 'self', max_ts: nowS + 60 })).quotes).toHaveLength(3);
    await expect(erin.kalshi.communications.quotes.list({ rfq_id: 'nope' })).rejects.toBeInstanceOf(BadRequestError);
  });

  it('the communications channel carries RFQ events to everyone and quote events to the two parties', async () => {
    const ex = s.exchange;
    const make = () => newUser(ex, { keyType: 'ed25519' });
    const [maker, taker, bystander] = await Promise.all([make(), make(), make()]);
    for (const u of [maker, taker]) await fund(ex, u.userId, '100.00');
    const sockets = await Promise.all([maker, taker, bystander].map((u) => RawClient.open(ex, u)));
    for (const c of sockets) await c.command({ cmd: 'subscribe', params: { channels: ['communications'] } });
    const [mSock, tSock, bSock] = sockets as [RawClient, RawClient, RawClient];
    const ticker = await freshMarket(ex);
    // The taker also watches its fills and the public tape: a negotiated trade reaches both.
    await tSock.command({ cmd: 'subscribe', params: { channels: ['fill', 'trade'], market_ticker: ticker } });
    const [makerRest, takerRest] = [rest(ex, maker), rest(ex, taker)];
    const rfq = await takerRest.communications.rfqs.create(rfqBody(ticker));
    const quote = await makerRest.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.30', no_bid: '0.60', rest_remainder: false });
    await takerRest.communications.rfqs.quotes.accept(rfq.id, quote.id, { accepted_side: 'no' });
    await makerRest.communications.rfqs.quotes.confirm(rfq.id, quote.id);
    const other = await takerRest.communications.rfqs.create(rfqBody(ticker));
    await takerRest.communications.rfqs.delete(other.id);
    const COMM = new Set(['rfq_created', 'rfq_deleted', 'quote_created', 'quote_accepted', 'quote_executed']);
    const types = (c: RawClient) => c.received.filter((f) => COMM.has(f.type as string)).map((f) => f.type);
    await until(() => [mSock, tSock, bSock].every((c) => types(c).includes('rfq_deleted')), 2000, 'communications events');
    const rfqEvents = ['rfq_created', 'rfq_deleted'];
    expect(types(tSock)).toEqual(['rfq_created', 'quote_created', 'quote_accepted', 'quote_executed', ...rfqEvents]);
    expect(types(mSock)).toEqual(['rfq_created', 'quote_created', 'quote_accepted', 'quote_executed', ...rfqEvents]);
    expect(types(bSock)).toEqual(['rfq_created', ...rfqEvents]);
    const seqs = tSock.received.filter((f) => COMM.has(f.type as string)).map((f) => f.seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    const executed = tSock.received.find((f) => f.type === 'quote_executed')!.msg as Record<string, unknown>;
    const takerQuote = (await takerRest.communications.rfqs.quotes.get(rfq.id, quote.id)).quote;
    expect(executed).toMatchObject({ quote_id: quote.id, rfq_id: rfq.id, order_id: takerQuote.rfq_creator_order_id, market_ticker: ticker });
    await until(() => tSock.received.some((f) => f.type === 'fill') && tSock.received.some((f) => f.type === 'trade'), 2000, 'fill and trade');
    expect(tSock.received.find((f) => f.type === 'fill')!.msg).toMatchObject({ order_id: takerQuote.rfq_creator_order_id, market_ticker: ticker, is_taker: true });
    expect(tSock.received.find((f) => f.type === 'trade')!.msg).toMatchObject({ market_ticker: ticker, yes_price_dollars: '0.4000', count_fp: '10.00' });
    expect(frames.problems).toEqual([]);
    for (const c of sockets) c.close();
    await Promise.all([makerRest.close(), takerRest.close()]);
    await expectConsistent(ex);
  });

  it('RFQs, quotes and block trade proposals survive a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-comm-'));
    const db = join(dir, 'exchange.db');
    const open: Kalshi[] = [];
    const client = (ex: Exchange, u: { keyId: string; privateKeyPem: string }) => {
      const k = new Kalshi({ baseURL: ex.restUrl, apiKeyId: u.keyId, privateKey: u.privateKeyPem, rateLimit: false, maxRetries: 0 });
      open.push(k);
      return k;
    };
    try {
      const first = await start({ db, rateLimits: false });
      const [a, b] = await Promise.all([newUser(first, { keyType: 'ed25519' }), newUser(first, { keyType: 'ed25519' })]);
      for (const u of [a, b]) await fund(first, u.userId, '100.00');
      const [ka, kb] = [client(first, a), client(first, b)];
      const ticker = await freshMarket(first);
      const rfq = await ka.communications.rfqs.create(rfqBody(ticker));
      const quote = await kb.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.40', no_bid: '0', rest_remainder: false });
      await ka.communications.rfqs.quotes.accept(rfq.id, quote.id, { accepted_side: 'yes' });
      await kb.communications.rfqs.quotes.confirm(rfq.id, quote.id);
      const later = new Date(first.clock.now() + 3_600_000).toISOString();
      const proposal = await ka.communications.blockTradeProposals.create({
        buyer_user_id: a.userId, seller_user_id: b.userId, market_ticker: ticker, price_centi_cents: 4000, centicount: 100, maker_side: 'yes', expiration_ts: later,
      });
      const before = { rfq: await ka.communications.rfqs.get(rfq.id), quote: await ka.communications.rfqs.quotes.get(rfq.id, quote.id), id: await ka.communications.id() };
      await Promise.all(open.splice(0).map((k) => k.close()));
      await first.close();

      const second = await start({ db, rateLimits: false });
      try {
        const [ka2, kb2] = [client(second, a), client(second, b)];
        expect(await ka2.communications.rfqs.get(rfq.id)).toEqual(before.rfq);
        expect(await ka2.communications.rfqs.quotes.get(rfq.id, quote.id)).toEqual(before.quote);
        expect(await ka2.communications.id()).toEqual(before.id);
        expect((await kb2.communications.blockTradeProposals.list({ status: 'open' })).block_trade_proposals.map((p) => p.id)).toEqual([proposal.block_trade_proposal_id]);
        await kb2.communications.blockTradeProposals.accept(proposal.block_trade_proposal_id);
        expect((await ka2.portfolio.positions({ ticker })).market_positions[0]).toMatchObject({ position_fp: '-9.00' });
        // New ids continue after the old ones.
        const next = await ka2.communications.rfqs.create(rfqBody(ticker));
        expect(next.id > rfq.id).toBe(true);
        await expectConsistent(second);
      } finally {
        await Promise.all(open.splice(0).map((k) => k.close()));
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
