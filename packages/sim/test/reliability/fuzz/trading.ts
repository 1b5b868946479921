// Valid trading that runs beside the fuzzer, so the conservation invariants checked at the end
// cover real fills, resting orders and cancels made while the exchange was being attacked.
import type { Pool } from 'undici';
import { signHeaders, type Credentials } from '../../helpers/sign.js';
import { send } from './http.js';
import type { Prng } from './prng.js';
import { API_PREFIX } from './rest.js';

export interface TradingFigures {
  orders: number;
  fills: number;
  cancels: number;
  amends: number;
  problems: string[];
}

interface Traders {
  pool: Pool;
  maker: Credentials;
  taker: Credentials;
  tickers: readonly string[];
  now: () => number;
  /** Order ids the fuzzer may aim at (cancels and amends of other users' orders). */
  orderIds: string[];
}

async function signed(t: Traders, who: Credentials, method: string, path: string, body?: unknown) {
  const full = `${API_PREFIX}${path}`;
  const headers: Record<string, string> = signHeaders(who, { method, path: full, timestampMs: t.now() });
  if (body !== undefined) headers['content-type'] = 'application/json';
  const answer = await send(t.pool, { method, path: full, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    // Judged by status below.
  }
  return { ...answer, json };
}

const order = (ticker: string, side: 'bid' | 'ask', count: number, cents: number, tif: string) => ({
  ticker,
  side,
  count: `${count}.00`,
  price: `0.${String(cents).padStart(2, '0')}`,
  time_in_force: tif,
  self_trade_prevention_type: 'taker_at_cross',
});

/** One round: a resting order, a taker that crosses it, and now and then an amend, decrease or cancel. */
export async function tradeRound(prng: Prng, t: Traders, figures: TradingFigures): Promise<void> {
  const ticker = prng.pick(t.tickers);
  const cents = prng.int(20, 80);
  const size = prng.int(1, 10);
  const makerSide = prng.chance(0.5) ? 'bid' : 'ask';
  const rest = await signed(t, t.maker, 'POST', '/portfolio/events/orders', order(ticker, makerSide, size, cents, 'good_till_canceled'));
  figures.orders++;
  if (rest.status !== 201 && rest.status !== 200) {
    figures.problems.push(`valid maker order refused: ${rest.status} ${rest.text.slice(0, 200)}`);
    return;
  }
  const orderId = String(rest.json.order_id);
  t.orderIds.push(orderId);
  if (t.orderIds.length > 200) t.orderIds.splice(0, 100);

  const take = await signed(t, t.taker, 'POST', '/portfolio/events/orders', order(ticker, makerSide === 'bid' ? 'ask' : 'bid', prng.int(1, size), cents, 'immediate_or_cancel'));
  figures.orders++;
  if (take.status !== 201 && take.status !== 200) figures.problems.push(`valid taker order refused: ${take.status} ${take.text.slice(0, 200)}`);
  else if (take.json.fill_count !== '0.00') figures.fills++;

  const roll = prng.next();
  // The fuzzer may have filled or cancelled nothing of ours, but fills by the taker may have: 404 is fine then.
  const okOrGone = (status: number) => status === 200 || status === 404 || status === 400;
  if (roll < 0.3) {
    const res = await signed(t, t.maker, 'DELETE', `/portfolio/events/orders/${orderId}?market_ticker=${ticker}`);
    figures.cancels++;
    if (!okOrGone(res.status)) figures.problems.push(`cancel: ${res.status} ${res.text.slice(0, 200)}`);
  } else if (roll < 0.45) {
    const { ticker: _t, side, price, count } = order(ticker, makerSide, size + 2, cents, 'good_till_canceled');
    const res = await signed(t, t.maker, 'POST', `/portfolio/events/orders/${orderId}/amend`, { ticker, side, price, count });
    figures.amends++;
    if (!okOrGone(res.status)) figures.problems.push(`amend: ${res.status} ${res.text.slice(0, 200)}`);
  } else if (roll < 0.55) {
    const res = await signed(t, t.maker, 'POST', `/portfolio/events/orders/${orderId}/decrease`, { reduce_by: '1.00' });
    figures.amends++;
    if (!okOrGone(res.status)) figures.problems.push(`decrease: ${res.status} ${res.text.slice(0, 200)}`);
  }
}

export type { Traders };
