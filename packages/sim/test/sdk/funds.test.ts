import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { APIError, Kalshi } from 'kalshi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, newUser, start } from '../helpers/exchange.js';
import { accounts, expectConsistent, fund } from '../trading/helpers.js';
import { expectSpecShape, session, type Session } from './harness.js';

let s: Session;
const clients: Kalshi[] = [];
beforeAll(async () => {
  s = await session();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await s.close();
});

/**
 * A fresh signed-in user on the shared exchange, on the Advanced tier unless told otherwise.
 * Ed25519 keys: generating one is far cheaper than an RSA key, and these tests need many users.
 */
async function user(tier = 'advanced'): Promise<{ kalshi: Kalshi; userId: string }> {
  const u = await newUser(s.exchange, { keyType: 'ed25519', tier });
  const kalshi = new Kalshi({ baseURL: s.exchange.restUrl, apiKeyId: u.keyId, privateKey: u.privateKeyPem, rateLimit: false, maxRetries: 0 });
  clients.push(kalshi);
  return { kalshi, userId: u.userId };
}

/** The Kalshi error a call fails with (status, code, message), or a test failure if it succeeds. */
async function refusal(p: PromiseLike<unknown>): Promise<{ status: number | undefined; code: string | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof APIError) return { status: err.status, code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected the call to be refused');
}

/** Walks a paginated list with `limit`, returning each page's items. */
async function pages<T>(fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string | undefined }>): Promise<T[][]> {
  const out: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    out.push(page.items);
    cursor = page.cursor || undefined;
  } while (cursor !== undefined && out.length < 50);
  return out;
}

const balances = async (k: Kalshi) =>
  Object.fromEntries((await k.portfolio.subaccounts.balances()).subaccount_balances.map((b) => [b.subaccount_number, b.balance]));

const funds = (userId: string) => admin<{ subaccounts: number[]; margined_balance_micros: number }>(s.exchange, 'GET', `/_sim/users/${userId}/funds`);

describe('subaccounts', () => {
  it('are created in order from 1, on the Advanced tier and above, up to 63', async () => {
    const basic = await user('basic');
    expect(await refusal(basic.kalshi.portfolio.subaccounts.create())).toMatchObject({ status: 403, code: 'insufficient_tier' });
    expect((await funds(basic.userId)).subaccounts).toEqual([0]);

    const u = await user();
    const first = await u.kalshi.portfolio.subaccounts.create();
    expectSpecShape('CreateSubaccount', first);
    expect(first.subaccount_number).toBe(1);
    expect((await u.kalshi.portfolio.subaccounts.create({ exchange_index: 0 })).subaccount_number).toBe(2);
    expect(await refusal(u.kalshi.portfolio.subaccounts.create({ exchange_index: 3 }))).toMatchObject({ status: 400, message: expect.stringContaining('exchange_index') });
    for (let n = 3; n <= 63; n++) await u.kalshi.portfolio.subaccounts.create();
    expect(await refusal(u.kalshi.portfolio.subaccounts.create())).toMatchObject({ status: 400, code: 'subaccount_limit_reached' });
    const listed = (await u.kalshi.portfolio.subaccounts.balances()).subaccount_balances.map((b) => b.subaccount_number);
    expect(listed).toEqual(Array.from({ length: 64 }, (_, i) => i));
  });

  it('transfers move cash between subaccounts exactly once per client_transfer_id and refuse overdrafts', async () => {
    const u = await user();
    await u.kalshi.portfolio.subaccounts.create();
    await u.kalshi.portfolio.subaccounts.create();
    await fund(s.exchange, u.userId, '100.00');

    const before = await u.kalshi.portfolio.subaccounts.balances();
    expectSpecShape('GetSubaccountBalances', before);
    expect(before.subaccount_balances.map((b) => [b.subaccount_number, b.balance, b.exchange_index])).toEqual([
      [0, '100.0000', 0],
      [1, '0.0000', 0],
      [2, '0.0000', 0],
    ]);

    const id = randomUUID();
    const moved = await u.kalshi.portfolio.subaccounts.transfer({ client_transfer_id: id, from_subaccount: 0, to_subaccount: 1, amount_cents: 2500 });
    expectSpecShape('ApplySubaccountTransfer', moved);
    // The same request again (a retry) moves nothing.
    await u.kalshi.portfolio.subaccounts.transfer({ client_transfer_id: id, from_subaccount: 0, to_subaccount: 1, amount_cents: 2500 });
    expect(await balances(u.kalshi)).toEqual({ 0: '75.0000', 1: '25.0000', 2: '0.0000' });
    expect((await u.kalshi.portfolio.balance({ subaccount: 1 })).balance).toBe(2500);
    expect(await refusal(u.kalshi.portfolio.subaccounts.transfer({ client_transfer_id: id, from_subaccount: 0, to_subaccount: 2, amount_cents: 2500 }))).toMatchObject({
      status: 400,
      code: 'duplicate_client_transfer_id',
    });

    const overdraft = await refusal(u.kalshi.portfolio.subaccounts.transfer({ from_subaccount: 1, to_subaccount: 2, amount_cents: 2501 }));
    expect(overdraft).toMatchObject({ status: 400, code: 'insufficient_balance', message: expect.stringContaining('amount_cents') });
    const missing = await refusal(u.kalshi.portfolio.subaccounts.transfer({ from_subaccount: 0, to_subaccount: 7, amount_cents: 1 }));
    expect(missing).toMatchObject({ status: 400, message: expect.stringContaining('to_subaccount') });
    expect(await refusal(u.kalshi.portfolio.subaccounts.transfer({ from_subaccount: 0, to_subaccount: 1, amount_cents: 1, exchange_index: 2 }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('exchange_index'),
    });
    expect(await balances(u.kalshi)).toEqual({ 0: '75.0000', 1: '25.0000', 2: '0.0000' });

    await u.kalshi.portfolio.subaccounts.transfer({ from_subaccount: 1, to_subaccount: 2, amount_cents: 1000 });
    await u.kalshi.portfolio.subaccounts.transfer({ from_subaccount: 2, to_subaccount: 0, amount_cents: 1 });
    expect(await balances(u.kalshi)).toEqual({ 0: '75.0100', 1: '15.0000', 2: '9.9900' });

    const all = await u.kalshi.portfolio.subaccounts.transfers();
    expectSpecShape('GetSubaccountTransfers', all);
    expect(all.transfers.map((t) => [t.from_subaccount, t.to_subaccount, t.amount_cents, t.exchange_index])).toEqual([
      [2, 0, 1, 0],
      [1, 2, 1000, 0],
      [0, 1, 2500, 0],
    ]);
    const walked = await pages(async (cursor) => {
      const page = await u.kalshi.portfolio.subaccounts.transfers({ limit: 1, ...(cursor && { cursor }) });
      expectSpecShape('GetSubaccountTransfers', page);
      return { items: page.transfers.map((t) => t.transfer_id), cursor: page.cursor };
    });
    expect(walked).toEqual(all.transfers.map((t) => [t.transfer_id]));
    expect(await refusal(u.kalshi.portfolio.subaccounts.transfers({ cursor: 'bogus!' }))).toMatchObject({ status: 400 });

    // Another user sees none of it.
    expect((await (await user()).kalshi.portfolio.subaccounts.transfers()).transfers).toEqual([]);
    await expectConsistent(s.exchange);
  });

  it('netting is enabled by default and set per existing subaccount', async () => {
    const u = await user();
    await u.kalshi.portfolio.subaccounts.create();
    const initial = await u.kalshi.portfolio.subaccounts.getNetting();
    expectSpecShape('GetSubaccountNetting', initial);
    expect(initial.netting_configs).toEqual([
      { subaccount_number: 0, enabled: true, exchange_index: 0 },
      { subaccount_number: 1, enabled: true, exchange_index: 0 },
    ]);

    const updated = await u.kalshi.portfolio.subaccounts.updateNetting({ subaccount_number: 1, enabled: false });
    expectSpecShape('UpdateSubaccountNetting', updated);
    expect((await u.kalshi.portfolio.subaccounts.getNetting()).netting_configs.map((c) => c.enabled)).toEqual([true, false]);
    await u.kalshi.portfolio.subaccounts.updateNetting({ subaccount_number: 1, enabled: true });
    await u.kalshi.portfolio.subaccounts.updateNetting({ subaccount_number: 0, enabled: false });
    expect((await u.kalshi.portfolio.subaccounts.getNetting()).netting_configs.map((c) => c.enabled)).toEqual([false, true]);

    expect(await refusal(u.kalshi.portfolio.subaccounts.updateNetting({ subaccount_number: 9, enabled: false }))).toMatchObject({
      status: 400,
      message: expect.stringContaining('subaccount_number'),
    });
    expect((await u.kalshi.portfolio.subaccounts.getNetting()).netting_configs).toHaveLength(2);
  });
});

describe('deposits and withdrawals', () => {
  it('list what the admin fund route moved, newest first, in pages', async () => {
    const u = await user('basic');
    const empty = await u.kalshi.portfolio.deposits();
    expectSpecShape('GetDeposits', empty);
    expect(empty.deposits).toEqual([]);

    await fund(s.exchange, u.userId, '100.00');
    await fund(s.exchange, u.userId, '50.25');
    await fund(s.exchange, u.userId, '-30.00');
    await expect(fund(s.exchange, u.userId, '-500.00')).rejects.toThrow(/400/);
    await fund(s.exchange, u.userId, '0.50');

    const deposits = await u.kalshi.portfolio.deposits();
    expectSpecShape('GetDeposits', deposits);
    expect(deposits.deposits.map((d) => [d.amount_cents, d.status, d.type, d.fee_cents])).toEqual([
      [50, 'applied', 'ach', 0],
      [5025, 'applied', 'ach', 0],
      [10000, 'applied', 'ach', 0],
    ]);
    expect(deposits.cursor).toBeUndefined();
    const d0 = deposits.deposits[0]!;
    expect(d0.finalized_ts).toBe(d0.created_ts);
    expect(d0.created_ts).toBe(Math.floor(s.exchange.clock.now() / 1000));

    const withdrawals = await u.kalshi.portfolio.withdrawals();
    expectSpecShape('GetWithdrawals', withdrawals);
    // The refused $500 withdrawal left no row.
    expect(withdrawals.withdrawals.map((w) => [w.amount_cents, w.status])).toEqual([[3000, 'applied']]);

    const walked = await pages(async (cursor) => {
      const page = await u.kalshi.portfolio.deposits({ limit: 2, ...(cursor && { cursor }) });
      expectSpecShape('GetDeposits', page);
      return { items: page.deposits.map((d) => d.id), cursor: page.cursor };
    });
    expect(walked).toEqual([deposits.deposits.slice(0, 2).map((d) => d.id), [deposits.deposits[2]!.id]]);
    const one = await u.kalshi.portfolio.withdrawals({ limit: 1 });
    expect(one.withdrawals).toHaveLength(1);
    expect(one.cursor).toBeUndefined();

    expect(await refusal(u.kalshi.portfolio.deposits({ limit: 501 }))).toMatchObject({ status: 400 });
    expect(await refusal(u.kalshi.portfolio.withdrawals({ limit: 0 }))).toMatchObject({ status: 400 });
    expect((await (await user('basic')).kalshi.portfolio.withdrawals()).withdrawals).toEqual([]);
    await expectConsistent(s.exchange);
  });
});

describe('intra-exchange instance transfers', () => {
  it('move cash between the engine and the margined instance, refusing overdrafts, keeping totals', async () => {
    const u = await user();
    await u.kalshi.portfolio.subaccounts.create();
    await fund(s.exchange, u.userId, '100.00');

    // 30 dollars = 300 000 centi-cents.
    const out = await u.kalshi.portfolio.intraExchangeTransfers.create({ source: 'event_contract', destination: 'margined', amount: 300_000 });
    expectSpecShape('IntraExchangeInstanceTransfer', out);
    expect((await u.kalshi.portfolio.balance()).balance).toBe(7000);
    expect((await funds(u.userId)).margined_balance_micros).toBe(30_000_000);

    const back = await u.kalshi.portfolio.intraExchangeTransfers.create({ source: 'margined', destination: 'event_contract', amount: 100_005 });
    expect((await u.kalshi.portfolio.balance()).balance_dollars).toBe('80.0005');
    expect(await refusal(u.kalshi.portfolio.intraExchangeTransfers.create({ source: 'margined', destination: 'event_contract', amount: 200_000 }))).toMatchObject({
      status: 400,
      code: 'insufficient_balance',
      message: expect.stringContaining('amount'),
    });
    expect(await refusal(u.kalshi.portfolio.intraExchangeTransfers.create({ source: 'event_contract', destination: 'margined', amount: 800_006 }))).toMatchObject({
      status: 400,
      code: 'insufficient_balance',
    });
    expect((await funds(u.userId)).margined_balance_micros).toBe(19_999_500);

    // Within event contracts it is a subaccount transfer, listed there under the same id.
    const inner = await u.kalshi.portfolio.intraExchangeTransfers.create({ source: 'event_contract', destination: 'event_contract', amount: 5_000, destination_subaccount: 1 });
    const subTransfers = (await u.kalshi.portfolio.subaccounts.transfers()).transfers;
    expect(subTransfers.map((t) => [t.transfer_id, t.from_subaccount, t.to_subaccount, t.amount_cents])).toEqual([[inner.transfer_id, 0, 1, 50]]);
    expect(await balances(u.kalshi)).toEqual({ 0: '79.5005', 1: '0.5000' });

    for (const [body, field] of [
      [{ source: 'margined', destination: 'margined', amount: 1 }, 'destination'],
      [{ source: 'event_contract', destination: 'margined', amount: 1, source_exchange_shard: 1 }, 'source_exchange_shard'],
      [{ source: 'event_contract', destination: 'margined', amount: 1, source_subaccount: 1 }, 'source_subaccount'],
      [{ source: 'event_contract', destination: 'event_contract', amount: 150, destination_subaccount: 1 }, 'amount'],
      [{ source: 'event_contract', destination: 'event_contract', amount: 100, destination_subaccount: 5 }, 'destination_subaccount'],
    ] as const) {
      expect(await refusal(u.kalshi.portfolio.intraExchangeTransfers.create(body))).toMatchObject({ status: 400, message: expect.stringContaining(field) });
    }

    const one = await u.kalshi.portfolio.intraExchangeTransfers.get(back.transfer_id);
    expectSpecShape('GetIntraExchangeInstanceTransfer', one);
    expect(one.transfer).toMatchObject({
      transfer_id: back.transfer_id,
      source: 'margined',
      destination: 'event_contract',
      source_exchange_shard: 0,
      destination_exchange_shard: 0,
      amount: '10.0005',
      status: 'complete',
    });
    expect(await refusal(u.kalshi.portfolio.intraExchangeTransfers.get('f0000002-0000-4000-8000-0000ffffffff'))).toMatchObject({ status: 404 });
    expect(await refusal((await user()).kalshi.portfolio.intraExchangeTransfers.get(back.transfer_id))).toMatchObject({ status: 404 });

    const list = await u.kalshi.portfolio.intraExchangeTransfers.list();
    expectSpecShape('GetIntraExchangeInstanceTransfers', list);
    expect(list.transfers.map((t) => [t.transfer_id, t.amount])).toEqual([
      [inner.transfer_id, '0.5000'],
      [back.transfer_id, '10.0005'],
      [out.transfer_id, '30.0000'],
    ]);
    expect(list.cursor).toBeUndefined();
    const walked = await pages(async (cursor) => {
      const page = await u.kalshi.portfolio.intraExchangeTransfers.list({ limit: 1, ...(cursor && { cursor }) });
      expectSpecShape('GetIntraExchangeInstanceTransfers', page);
      return { items: page.transfers.map((t) => t.transfer_id), cursor: page.cursor };
    });
    expect(walked).toEqual(list.transfers.map((t) => [t.transfer_id]));

    // Engine cash + margined balance is what was deposited; the engine's own books balance.
    const engineCash = (await accounts(s.exchange, u.userId)).reduce((sum, a) => sum + a.balance_micros + a.reserved_micros, 0);
    expect(engineCash + (await funds(u.userId)).margined_balance_micros).toBe(100_000_000);
    // Transfers to the margined instance are not bank withdrawals.
    expect((await u.kalshi.portfolio.withdrawals()).withdrawals).toEqual([]);
    await expectConsistent(s.exchange);
  });

  it('are refused while the exchange is inactive', async () => {
    const u = await user();
    await fund(s.exchange, u.userId, '10.00');
    s.exchange.state.status.exchangeActive = false;
    try {
      expect(await refusal(u.kalshi.portfolio.intraExchangeTransfers.create({ source: 'event_contract', destination: 'margined', amount: 100 }))).toMatchObject({
        status: 403,
        code: 'intra_exchange_transfers_inactive',
      });
    } finally {
      s.exchange.state.status.exchangeActive = true;
    }
    expect((await u.kalshi.portfolio.intraExchangeTransfers.list()).transfers).toEqual([]);
    expect((await u.kalshi.portfolio.balance()).balance).toBe(1000);
  });
});

describe('target balance allocation', () => {
  it('starts empty, is replaced as a whole, and must total 100 on existing exchange indexes', async () => {
    const u = await user();
    const initial = await u.kalshi.portfolio.targetBalanceAllocation.get();
    expectSpecShape('GetTargetBalanceAllocation', initial);
    expect(initial).toEqual({ allocations: [], resting_margin_reservation: 'sum' });

    const set = await u.kalshi.portfolio.targetBalanceAllocation.set({ allocations: [{ exchange_index: 0, percent: 100 }], resting_margin_reservation: 'max' });
    expectSpecShape('SetTargetBalanceAllocation', set);
    expect(await u.kalshi.portfolio.targetBalanceAllocation.get()).toEqual({ allocations: [{ exchange_index: 0, percent: 100 }], resting_margin_reservation: 'max' });

    for (const [allocations, field] of [
      [[{ exchange_index: 0, percent: 60 }], 'allocations'],
      [[{ exchange_index: 1, percent: 100 }], 'allocations[0].exchange_index'],
      [[{ exchange_index: 0, percent: 50 }, { exchange_index: 0, percent: 50 }], 'allocations[1].exchange_index'],
    ] as const) {
      expect(await refusal(u.kalshi.portfolio.targetBalanceAllocation.set({ allocations: [...allocations] }))).toMatchObject({ status: 400, message: expect.stringContaining(field) });
    }
    expect((await u.kalshi.portfolio.targetBalanceAllocation.get()).resting_margin_reservation).toBe('max');

    // An empty list turns rebalancing off; the reservation falls back to its default.
    await u.kalshi.portfolio.targetBalanceAllocation.set({ allocations: [] });
    expect(await u.kalshi.portfolio.targetBalanceAllocation.get()).toEqual({ allocations: [], resting_margin_reservation: 'sum' });
  });
});

describe('restart on the same database file', () => {
  it('keeps subaccounts, transfers, deposits, the margined balance and settings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-funds-'));
    const db = join(dir, 'exchange.db');
    try {
      const first = await start({ db, rateLimits: false });
      const creds = await newUser(first, { tier: 'advanced', keyType: 'ed25519' });
      const open = (ex: typeof first) => new Kalshi({ baseURL: ex.restUrl, apiKeyId: creds.keyId, privateKey: creds.privateKeyPem, rateLimit: false, maxRetries: 0 });
      let k = open(first);
      await k.portfolio.subaccounts.create();
      await fund(first, creds.userId, '20.00');
      const id = randomUUID();
      await k.portfolio.subaccounts.transfer({ client_transfer_id: id, from_subaccount: 0, to_subaccount: 1, amount_cents: 500 });
      await k.portfolio.intraExchangeTransfers.create({ source: 'event_contract', destination: 'margined', amount: 10_000 });
      await k.portfolio.subaccounts.updateNetting({ subaccount_number: 1, enabled: false });
      const snapshot = async () => ({
        balances: (await k.portfolio.subaccounts.balances()).subaccount_balances.map(({ updated_ts: _t, ...b }) => b),
        transfers: await k.portfolio.subaccounts.transfers(),
        instance: await k.portfolio.intraExchangeTransfers.list(),
        deposits: await k.portfolio.deposits(),
        netting: await k.portfolio.subaccounts.getNetting(),
      });
      const before = await snapshot();
      await k.close();
      await first.close();

      const second = await start({ db, rateLimits: false });
      try {
        k = open(second);
        expect(await snapshot()).toEqual(before);
        // The idempotency key still holds after the restart.
        await k.portfolio.subaccounts.transfer({ client_transfer_id: id, from_subaccount: 0, to_subaccount: 1, amount_cents: 500 });
        expect((await k.portfolio.subaccounts.transfers()).transfers).toHaveLength(1);
        expect((await k.portfolio.subaccounts.create()).subaccount_number).toBe(2);
        await k.portfolio.intraExchangeTransfers.create({ source: 'margined', destination: 'event_contract', amount: 10_000 });
        expect((await k.portfolio.balance()).balance).toBe(1500);
        await expectConsistent(second);
      } finally {
        await k.close();
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
