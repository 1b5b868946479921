import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InternalServerError, Kalshi, ValidationError } from '../src/index.js';
import { FakeClock, scriptedFetch, type Reply } from './helpers/fake.js';

const BASE = 'http://127.0.0.1:9/trade-api/v2';
const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function client(replies: Reply[] = [{ status: 200, body: {} }]) {
  const { fetch, calls } = scriptedFetch(replies);
  const kalshi = new Kalshi({ baseURL: BASE, fetch, clock: new FakeClock(), rateLimit: false, apiKeyId: 'key-1', privateKey });
  const body = (i = 0) => JSON.parse(calls[i]!.body!) as Record<string, unknown>;
  return { kalshi, calls, body };
}

const never = <T>(value: unknown) => value as T;

describe('order groups', () => {
  it('sends the fixed-point limit in request form and checks it against the whole-number twin', async () => {
    const { kalshi, calls, body } = client();
    await kalshi.orderGroups.create({ contracts_limit_fp: 25 });
    expect(body()).toEqual({ contracts_limit_fp: '25.00' });
    await kalshi.orderGroups.create({ contracts_limit: 5, contracts_limit_fp: '5.0', subaccount: 2 });
    expect(body(1)).toEqual({ contracts_limit: 5, contracts_limit_fp: '5.00', subaccount: 2 });

    await expect(kalshi.orderGroups.create({ contracts_limit: 5, contracts_limit_fp: '6' })).rejects.toThrow(/does not match contracts_limit 5/);
    await expect(kalshi.orderGroups.create({})).rejects.toThrow(/contracts_limit_fp/);
    await expect(kalshi.orderGroups.create({ contracts_limit: 0 })).rejects.toThrow(/contracts_limit/);
    await expect(kalshi.orderGroups.create({ contracts_limit: 2.5 })).rejects.toThrow(ValidationError);
    await expect(kalshi.orderGroups.create({ contracts_limit_fp: '1.234' })).rejects.toThrow(/decimals/);
    expect(calls).toHaveLength(2);
  });

  it('splits updateLimit params into query and body, and retries it because it sets a value', async () => {
    const { kalshi, calls, body } = client([{ status: 503 }, { status: 200, body: {} }]);
    await kalshi.orderGroups.updateLimit('g 1', { contracts_limit: 7, subaccount: 3, exchange_index: 1 });
    expect(calls).toHaveLength(2);
    expect(calls[0]!.url).toBe(`${BASE}/portfolio/order_groups/g%201/limit?subaccount=3&exchange_index=1`);
    expect(body()).toEqual({ contracts_limit: 7 });
  });

  it('does not retry create, reset or trigger', async () => {
    const { kalshi, calls } = client([{ status: 503 }]);
    await expect(kalshi.orderGroups.create({ contracts_limit: 1 })).rejects.toBeInstanceOf(InternalServerError);
    await expect(kalshi.orderGroups.reset('g')).rejects.toBeInstanceOf(InternalServerError);
    await expect(kalshi.orderGroups.trigger('g')).rejects.toBeInstanceOf(InternalServerError);
    expect(calls).toHaveLength(3);
  });
});

describe('subaccount transfers', () => {
  it('fills in client_transfer_id once and reuses it on every retry', async () => {
    const { kalshi, calls, body } = client([new TypeError('ECONNRESET'), { status: 503 }, { status: 200, body: {} }]);
    await kalshi.portfolio.subaccounts.transfer({ from_subaccount: 0, to_subaccount: 3, amount_cents: 1_250 });
    expect(calls).toHaveLength(3);
    const ids = calls.map((_, i) => body(i).client_transfer_id);
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps the caller's id and refuses bad amounts and subaccounts before sending", async () => {
    const { kalshi, calls, body } = client();
    await kalshi.portfolio.subaccounts.transfer({ client_transfer_id: 'mine', from_subaccount: 1, to_subaccount: 0, amount_cents: 1 });
    expect(body().client_transfer_id).toBe('mine');
    const transfer = { from_subaccount: 0, to_subaccount: 1, amount_cents: 100 };
    await expect(kalshi.portfolio.subaccounts.transfer({ ...transfer, amount_cents: 12.5 })).rejects.toThrow(/amount_cents/);
    await expect(kalshi.portfolio.subaccounts.transfer({ ...transfer, amount_cents: 0 })).rejects.toThrow(/amount_cents/);
    await expect(kalshi.portfolio.subaccounts.transfer({ ...transfer, to_subaccount: 64 })).rejects.toThrow(/to_subaccount/);
    await expect(kalshi.portfolio.subaccounts.transfer({ ...transfer, to_subaccount: 0 })).rejects.toThrow(/same as from_subaccount/);
    await expect(kalshi.portfolio.subaccounts.updateNetting(never({ subaccount_number: 1 }))).rejects.toThrow(/enabled/);
    expect(calls).toHaveLength(1);
  });
});

describe('transfers and allocations', () => {
  it('checks exchange instances and integer centi-cent amounts', async () => {
    const { kalshi, calls } = client();
    const transfer = { source: 'event_contract', destination: 'margined', amount: 10_000 } as const;
    await expect(kalshi.portfolio.intraExchangeTransfers.create({ ...transfer, source: never('perps') })).rejects.toThrow(/source/);
    await expect(kalshi.portfolio.intraExchangeTransfers.create({ ...transfer, amount: never('100') })).rejects.toThrow(/amount/);
    await expect(kalshi.portfolio.targetBalanceAllocation.set({ allocations: [{ exchange_index: 0, percent: 101 }] })).rejects.toThrow(/allocations\[0\]\.percent/);
    await expect(kalshi.portfolio.targetBalanceAllocation.set(never({}))).rejects.toThrow(/allocations/);
    expect(calls).toHaveLength(0);
  });
});

describe('RFQs and quotes', () => {
  const rfq = { market_ticker: 'KXTEST-1', rest_remainder: false };

  it('sizes an RFQ by exactly one of contracts and target cost, in request form', async () => {
    const { kalshi, calls, body } = client();
    await kalshi.communications.rfqs.create({ ...rfq, contracts_fp: 3 });
    expect(body()).toMatchObject({ contracts_fp: '3.00' });
    await kalshi.communications.rfqs.create({ ...rfq, target_cost_dollars: '25', target_cost_excludes_fees: true });
    expect(body(1)).toMatchObject({ target_cost_dollars: '25.00', target_cost_excludes_fees: true });

    await expect(kalshi.communications.rfqs.create({ ...rfq })).rejects.toThrow(/exactly one/);
    await expect(kalshi.communications.rfqs.create({ ...rfq, contracts: 2, target_cost_dollars: '10' })).rejects.toThrow(/exactly one/);
    await expect(kalshi.communications.rfqs.create({ ...rfq, contracts: 2, contracts_fp: '3' })).rejects.toThrow(/does not match/);
    await expect(kalshi.communications.rfqs.create({ ...rfq, target_cost_dollars: '-1' })).rejects.toThrow(/target_cost_dollars/);
    await expect(kalshi.communications.rfqs.create({ ...rfq, contracts: 1, target_cost_excludes_fees: true })).rejects.toThrow(/target_cost_excludes_fees/);
    await expect(kalshi.communications.rfqs.create({ ...rfq, contracts: 1, market_ticker: 'BAD TICKER' })).rejects.toThrow(/market_ticker/);
    await expect(kalshi.communications.rfqs.create(never({ market_ticker: 'KXTEST-1', contracts: 1 }))).rejects.toThrow(/rest_remainder/);
    expect(calls).toHaveLength(2);
  });

  it('takes quote prices as order prices, with "0" declining one side but not both', async () => {
    const { kalshi, calls, body } = client();
    const quote = { rfq_id: 'r1', rest_remainder: true };
    await kalshi.communications.quotes.create({ ...quote, yes_bid: '0.4', no_bid: '0.00' });
    expect(body()).toMatchObject({ yes_bid: '0.40', no_bid: '0' });
    await kalshi.communications.quotes.create({ ...quote, yes_bid: '0.5650', no_bid: '0.01' });
    expect(body(1)).toMatchObject({ yes_bid: '0.5650', no_bid: '0.01' });

    await expect(kalshi.communications.quotes.create({ ...quote, yes_bid: '0', no_bid: '0' })).rejects.toThrow(/both 0/);
    await expect(kalshi.communications.quotes.create({ ...quote, yes_bid: '1.00', no_bid: '0' })).rejects.toThrow(/yes_bid/);
    await expect(kalshi.communications.quotes.create({ ...quote, yes_bid: '0.123456', no_bid: '0' })).rejects.toThrow(/yes_bid/);
    await expect(kalshi.communications.quotes.create({ ...quote, yes_bid: never(0.4), no_bid: '0' })).rejects.toThrow(/string/);
    await expect(kalshi.communications.rfqs.quotes.accept('r', 'q', never({ accepted_side: 'bid' }))).rejects.toThrow(/accepted_side/);
    expect(calls).toHaveLength(2);
  });

  it('keeps the deprecated quote-only paths working', async () => {
    const { kalshi, calls, body } = client();
    await kalshi.communications.quotes.accept('q1', { accepted_side: 'yes' });
    await kalshi.communications.rfqs.quotes.accept('r1', 'q1', { accepted_side: 'yes' });
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/communications/quotes/q1/accept`, `${BASE}/communications/rfqs/r1/quotes/q1/accept`]);
    expect(body(0)).toEqual(body(1));
  });
});

describe('block trade proposals', () => {
  const proposal = {
    buyer_user_id: 'b', seller_user_id: 's', market_ticker: 'KXTEST-1', price_centi_cents: 5_000, centicount: 100,
    maker_side: 'yes', expiration_ts: '2030-01-01T00:00:00Z',
  } as const;

  it('refuses prices outside (0, 1) dollar, fractional integers and doubled parties', async () => {
    const { kalshi, calls } = client();
    await kalshi.communications.blockTradeProposals.create(proposal);
    await expect(kalshi.communications.blockTradeProposals.create({ ...proposal, price_centi_cents: 10_000 })).rejects.toThrow(/price_centi_cents/);
    await expect(kalshi.communications.blockTradeProposals.create({ ...proposal, centicount: 1.5 })).rejects.toThrow(/centicount/);
    await expect(kalshi.communications.blockTradeProposals.create({ ...proposal, maker_side: never('bid') })).rejects.toThrow(/maker_side/);
    await expect(
      kalshi.communications.blockTradeProposals.create({ ...proposal, seller_subaccount: 1, seller_subtrader_id: 't' }),
    ).rejects.toThrow(/not both/);
    expect(calls).toHaveLength(1);
  });
});

describe('FCM, multivariate and API keys', () => {
  it('sends the daily cap as exact dollars and retries setting it', async () => {
    const { kalshi, calls, body } = client([{ status: 503 }, { status: 200, body: {} }]);
    await kalshi.fcm.subtraders.updateDailyCap({ subtrader_id: 's1', limit: '1500.5' });
    expect(calls).toHaveLength(2);
    expect(body(1)).toEqual({ subtrader_id: 's1', limit: '1500.50' });
    await expect(kalshi.fcm.subtraders.updateDailyCap({ subtrader_id: 's1', limit: '-1' })).rejects.toThrow(/limit/);
    await expect(kalshi.fcm.subtraders.updateDailyCap({ subtrader_id: 's1', limit: never(100) })).rejects.toThrow(/limit/);
    await expect(kalshi.fcm.subtraders.deleteDailyCap(never({}))).rejects.toThrow(/subtrader_id/);
    expect(calls).toHaveLength(2);
  });

  it('checks every combo leg', async () => {
    const { kalshi, calls } = client();
    const leg = { market_ticker: 'KXA-1', event_ticker: 'KXA', side: 'yes' } as const;
    await expect(kalshi.multivariateCollections.createMarket('C', { selected_markets: [] })).rejects.toThrow(/selected_markets/);
    await expect(kalshi.multivariateCollections.createMarket('C', { selected_markets: [leg, { ...leg, side: never('bid') }] })).rejects.toThrow(
      /selected_markets\[1\]\.side/,
    );
    await expect(kalshi.apiKeys.generate({ name: 'k', key_type: never('dsa') })).rejects.toThrow(/key_type/);
    await expect(kalshi.apiKeys.create(never({ name: 'k' }))).rejects.toThrow(/public_key/);
    expect(calls).toHaveLength(0);
  });

  it('rejects instead of throwing when the params object is missing altogether', async () => {
    const { kalshi, calls } = client();
    const calls_ = [
      () => kalshi.orderGroups.create(never(undefined)),
      () => kalshi.orderGroups.updateLimit('g', never(undefined)),
      () => kalshi.portfolio.subaccounts.transfer(never(undefined)),
      () => kalshi.portfolio.subaccounts.updateNetting(never(undefined)),
      () => kalshi.portfolio.intraExchangeTransfers.create(never(undefined)),
      () => kalshi.portfolio.targetBalanceAllocation.set(never(undefined)),
      () => kalshi.communications.rfqs.create(never(undefined)),
      () => kalshi.communications.quotes.create(never(undefined)),
      () => kalshi.communications.blockTradeProposals.create(never(undefined)),
      () => kalshi.multivariateCollections.createMarket('C', never(undefined)),
      () => kalshi.apiKeys.create(never(undefined)),
      () => kalshi.fcm.subtraders.updateDailyCap(never(undefined)),
      () => kalshi.fcm.subtraders.updateBlockedCategories(never(undefined)),
    ];
    for (const call of calls_) {
      let pending: PromiseLike<unknown> | undefined;
      expect(() => (pending = call())).not.toThrow();
      await expect(pending).rejects.toBeInstanceOf(ValidationError);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('pagination of the new list endpoints', () => {
  it('follows next_cursor for incentive programs', async () => {
    const { kalshi, calls } = client([
      { status: 200, body: { incentive_programs: [{ id: 'a' }], next_cursor: 'c2' } },
      { status: 200, body: { incentive_programs: [{ id: 'b' }], next_cursor: '' } },
    ]);
    const ids: unknown[] = [];
    for await (const program of kalshi.incentivePrograms.list({ status: 'active' })) ids.push((program as { id: unknown }).id);
    expect(ids).toEqual(['a', 'b']);
    expect(calls[1]!.url).toBe(`${BASE}/incentive_programs?status=active&cursor=c2`);
  });
});
