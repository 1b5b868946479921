// Whole-engine consistency check for tests and debugging. It recomputes everything from the raw
// orders and positions on purpose, without the running totals the engine maintains, so a bug in
// the incremental bookkeeping shows up as a violation.

import type { Core } from './core.js';
import { makerFeeReserve } from './ledger.js';
import type { OrderRec } from './records.js';
import { bookPrice, unitCost } from './records.js';
import { PRICE_SCALE } from './types.js';

/** Reserve the collateral rule (ledger.ts) requires, by brute force. */
function bruteReserve(core: Core, orders: OrderRec[], position: number): number {
  let total = 0;
  for (const side of ['bid', 'ask'] as const) {
    let capacity = side === 'bid' ? Math.max(0, -position) : Math.max(0, position);
    const mine = orders.filter((o) => o.side === side).sort((a, b) => a.createSeq - b.createSeq);
    for (const o of mine) {
      const closing = Math.min(capacity, o.remainingCount);
      capacity -= closing;
      total += (o.remainingCount - closing) * unitCost(side, o.price);
      total += makerFeeReserve(core.market(o.ticker), o.makerBasis, o.remainingCount, o.price);
    }
  }
  return total;
}

export function checkCoreInvariants(core: Core): string[] {
  const v: string[] = [];
  const restingByOwner = new Map<string, OrderRec[]>();
  for (const o of core.orders.values()) {
    if (o.status !== 'resting') {
      if (o.remainingCount !== 0) v.push(`order ${o.id} is ${o.status} with remaining ${o.remainingCount}`);
      continue;
    }
    if (o.remainingCount <= 0) v.push(`resting order ${o.id} has remaining ${o.remainingCount}`);
    const key = `${o.user}\u0000${o.sub}\u0000${o.ticker}`;
    const list = restingByOwner.get(key) ?? [];
    list.push(o);
    restingByOwner.set(key, list);
  }

  let equity = core.exchangeFees;
  for (const a of core.accountList) {
    if (a.cash < 0) v.push(`account ${a.user}/${a.sub} has negative cash ${a.cash}`);
    if (a.reserved < 0) v.push(`account ${a.user}/${a.sub} has negative reserved ${a.reserved}`);
    equity += a.cash + a.reserved;
    let reservedSum = 0;
    for (const ma of a.positions.values()) {
      reservedSum += ma.reserved;
      const orders = restingByOwner.get(`${a.user}\u0000${a.sub}\u0000${ma.ticker}`) ?? [];
      const need = bruteReserve(core, orders, ma.position);
      if (need !== ma.reserved) v.push(`${a.user}/${a.sub} ${ma.ticker}: reserved ${ma.reserved}, rule needs ${need}`);
      const listed = ma.bids.size + ma.asks.size;
      if (listed !== orders.length) v.push(`${a.user}/${a.sub} ${ma.ticker}: ${listed} listed orders, ${orders.length} resting`);
      let seen = 0;
      for (const l of [ma.bids, ma.asks]) {
        let rem = 0;
        let prev = -1;
        for (let o = l.head; o !== undefined; o = o.acNext) {
          seen += 1;
          rem += o.remainingCount;
          if (o.status !== 'resting') v.push(`order ${o.id} is listed but ${o.status}`);
          if (o.createSeq <= prev) v.push(`${a.user}/${a.sub} ${ma.ticker}: order list out of creation order`);
          prev = o.createSeq;
        }
        if (rem !== l.remaining) v.push(`${a.user}/${a.sub} ${ma.ticker}: list remaining ${l.remaining} != ${rem}`);
      }
      if (seen !== listed) v.push(`${a.user}/${a.sub} ${ma.ticker}: list size mismatch`);
      if (ma.position === 0 && ma.exposure !== 0) v.push(`${a.user}/${a.sub} ${ma.ticker}: exposure without position`);
    }
    if (reservedSum !== a.reserved) v.push(`account ${a.user}/${a.sub} reserved ${a.reserved} != per-market sum ${reservedSum}`);
  }

  for (const m of core.markets.values()) {
    let yes = 0;
    let no = 0;
    for (const a of core.accountList) {
      const p = a.positions.get(m.ticker)?.position ?? 0;
      if (p > 0) yes += p;
      else no -= p;
    }
    if (yes !== no) v.push(`${m.ticker}: YES held ${yes} != NO held ${no}`);
    if (yes !== m.openInterest) v.push(`${m.ticker}: open interest ${m.openInterest} != YES held ${yes}`);
    if (m.status === 'settled' && yes !== 0) v.push(`${m.ticker}: settled with open positions`);
    equity += PRICE_SCALE * yes;

    for (const [name, ladder] of [['yes', m.book.yes], ['no', m.book.no]] as const) {
      let last = -1;
      for (const price of ladder.prices) {
        if (price <= last) v.push(`${m.ticker} ${name}: prices not ascending`);
        last = price;
        const lv = ladder.level(price);
        if (lv === undefined) {
          v.push(`${m.ticker} ${name} ${price}: listed price without level`);
          continue;
        }
        let total = 0;
        let size = 0;
        let prevSeq = -1;
        for (let o = lv.head; o !== undefined; o = o.lvNext) {
          total += o.remainingCount;
          size += 1;
          if (o.status !== 'resting') v.push(`${m.ticker}: ${o.status} order ${o.id} in the book`);
          if (bookPrice(o.side, o.price) !== price || (o.side === 'bid') !== (name === 'yes')) {
            v.push(`${m.ticker}: order ${o.id} at the wrong level`);
          }
          if (o.seq <= prevSeq) v.push(`${m.ticker} ${name} ${price}: FIFO out of seq order`);
          prevSeq = o.seq;
        }
        if (size === 0) v.push(`${m.ticker} ${name} ${price}: empty level kept`);
        if (total !== lv.total || size !== lv.size) v.push(`${m.ticker} ${name} ${price}: level totals drifted`);
      }
    }
    const by = m.book.yes.best();
    const bn = m.book.no.best();
    if (by >= 0 && bn >= 0 && by + bn >= PRICE_SCALE) v.push(`${m.ticker}: crossed book ${by} + ${bn}`);
    if (m.status !== 'open' && m.status !== 'paused' && (by >= 0 || bn >= 0)) v.push(`${m.ticker}: orders rest while ${m.status}`);
  }

  const inBook = [...core.markets.values()].reduce((n, m) => n + core.restingOrders(m).length, 0);
  const resting = [...restingByOwner.values()].reduce((n, l) => n + l.length, 0);
  if (inBook !== resting) v.push(`${inBook} orders in books but ${resting} resting`);

  const expected = core.totalDeposited - core.totalWithdrawn;
  if (equity !== expected) v.push(`conservation: holdings ${equity} != deposits - withdrawals ${expected}`);
  return v;
}
