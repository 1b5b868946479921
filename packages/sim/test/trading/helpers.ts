import { expect } from 'vitest';
import type { Exchange } from '../../src/index.js';
import { admin } from '../helpers/exchange.js';

/** A quadratic-fee event (fee multiplier 1, makers free): the formula is easy to check. */
export const QUADRATIC_EVENT = 'KXPRESPARTY-2028';

let counter = 0;

/** A fresh, open market of its own, so scenarios never share a book. */
export async function freshMarket(ex: Exchange, opts: { event?: string; structure?: string } = {}): Promise<string> {
  counter += 1;
  const ticker = `${opts.event ?? QUADRATIC_EVENT}-T${process.pid}X${counter}`;
  await admin(ex, 'POST', '/_sim/markets', {
    ticker,
    event_ticker: opts.event ?? QUADRATIC_EVENT,
    ...(opts.structure && { price_level_structure: opts.structure }),
  });
  return ticker;
}

export async function fund(ex: Exchange, userId: string, dollars: string, subaccount?: number) {
  return admin<{ balance_micros: number }>(ex, 'POST', `/_sim/users/${userId}/fund`, {
    amount_dollars: dollars,
    ...(subaccount !== undefined && { subaccount }),
  });
}

export interface AccountBody {
  subaccount: number;
  balance_micros: number;
  reserved_micros: number;
  fees_paid_micros: number;
  balance_dollars: string;
}

export async function accounts(ex: Exchange, userId: string): Promise<AccountBody[]> {
  return (await admin<{ accounts: AccountBody[] }>(ex, 'GET', `/_sim/users/${userId}/accounts`)).accounts;
}

export async function setStatus(ex: Exchange, ticker: string, status: 'open' | 'paused' | 'closed') {
  return admin(ex, 'POST', `/_sim/markets/${ticker}/status`, { status });
}

export async function settle(ex: Exchange, ticker: string, result: 'yes' | 'no' | 'scalar', value?: string) {
  return admin(ex, 'POST', `/_sim/markets/${ticker}/settle`, { result, ...(value !== undefined && { value }) });
}

/** The engine's self-check over HTTP; every scenario ends with it. */
export async function expectConsistent(ex: Exchange): Promise<void> {
  const res = await fetch(`${ex.url}/_sim/invariants`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual([]);
}

/** Kalshi's quadratic taker fee, 0.07 × C × P × (1 − P) rounded up to $0.0001, as a dollar string. */
export function takerFee(contracts: number, priceCents: number): string {
  const units = Math.ceil((7 * contracts * priceCents * (100 - priceCents)) / 100);
  return `${Math.floor(units / 10_000)}.${String(units % 10_000).padStart(4, '0')}`;
}

/** Plain GTC limit order params for the SDK. */
export const gtc = (ticker: string, side: 'bid' | 'ask', count: string, price: string, extra: Record<string, unknown> = {}) => ({
  ticker,
  side,
  count,
  price,
  time_in_force: 'good_till_canceled' as const,
  self_trade_prevention_type: 'taker_at_cross' as const,
  ...extra,
});

export const ioc = (ticker: string, side: 'bid' | 'ask', count: string, price: string) => ({
  ...gtc(ticker, side, count, price),
  time_in_force: 'immediate_or_cancel' as const,
});
