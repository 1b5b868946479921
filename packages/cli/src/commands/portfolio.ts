/** `kalshi portfolio balance|positions|fills|orders|settlements`: the account's own state. */
import type { Command } from 'commander';
import { addDollars, type Schema } from 'kalshi-ts';
import type { Context } from '../context.js';
import type { Colors } from '../output.js';
import { renderPairs, type Column } from '../format/table.js';
import { countOf, moneyOf, moneyOfCents, priceOf, timeOf } from '../format/values.js';
import { addFormatFlags, addListFlags, addQueryFlags, flagsOf, formatOf, queryFrom, runList, type ListFlags, type Pager, type Query } from './common.js';

type Position = Schema<'MarketPosition'>;
type Fill = Schema<'Fill'>;
type Order = Schema<'Order'>;
type Settlement = Schema<'Settlement'>;

const signed = (text: string, c: Colors) =>
  text.trim().startsWith('-') ? c.red(text) : text.trim() === '$0.00' || text.trim() === '' ? text : c.green(text);

/** What an order or fill did, in words: "buy yes" for a YES bid, "sell yes" for a YES ask. */
export function actionOf(x: { book_side?: string; outcome_side?: string; action?: string; side?: string }): string {
  if (x.action && x.side) return `${x.action} ${x.side}`;
  if (x.book_side) return x.book_side === 'bid' ? 'buy yes' : 'sell yes';
  return x.outcome_side ?? '';
}

const POSITION_COLUMNS: Column<Position>[] = [
  { header: 'TICKER', value: (p) => p.ticker, paint: (t, _p, c) => c.bold(t) },
  { header: 'POSITION', value: (p) => countOf(p.position_fp), align: 'right', paint: (t, _p, c) => (t.trim().startsWith('-') ? c.red(t) : c.green(t)) },
  { header: 'EXPOSURE', value: (p) => moneyOf(p.market_exposure_dollars), align: 'right' },
  { header: 'TRADED', value: (p) => moneyOf(p.total_traded_dollars), align: 'right' },
  { header: 'REALIZED P&L', value: (p) => moneyOf(p.realized_pnl_dollars), align: 'right', paint: (t, _p, c) => signed(t, c) },
  { header: 'FEES', value: (p) => moneyOf(p.fees_paid_dollars, 4), align: 'right' },
  { header: 'UPDATED (UTC)', value: (p) => timeOf(p.last_updated_ts) },
];

const FILL_COLUMNS: Column<Fill>[] = [
  { header: 'TIME (UTC)', value: (f) => timeOf(f.created_time ?? f.ts) },
  { header: 'TICKER', value: (f) => f.ticker || f.market_ticker, paint: (t, _f, c) => c.bold(t) },
  { header: 'ACTION', value: (f) => actionOf(f) },
  { header: 'COUNT', value: (f) => countOf(f.count_fp), align: 'right' },
  { header: 'YES PRICE', value: (f) => priceOf(f.yes_price_dollars), align: 'right' },
  { header: 'ROLE', value: (f) => (f.is_taker ? 'taker' : 'maker') },
  { header: 'FEE', value: (f) => moneyOf(f.fee_cost, 4), align: 'right' },
  { header: 'ORDER', value: (f) => f.order_id },
];

const ORDER_COLUMNS: Column<Order>[] = [
  { header: 'CREATED (UTC)', value: (o) => timeOf(o.created_time) },
  { header: 'ORDER ID', value: (o) => o.order_id },
  { header: 'TICKER', value: (o) => o.ticker, paint: (t, _o, c) => c.bold(t) },
  { header: 'ACTION', value: (o) => actionOf(o) },
  { header: 'YES PRICE', value: (o) => priceOf(o.yes_price_dollars), align: 'right' },
  { header: 'FILLED', value: (o) => `${countOf(o.fill_count_fp)}/${countOf(o.initial_count_fp)}`, align: 'right' },
  { header: 'RESTING', value: (o) => countOf(o.remaining_count_fp), align: 'right' },
  { header: 'STATUS', value: (o) => o.status, paint: (t, _o, c) => (t.trim() === 'resting' ? c.green(t) : c.dim(t)) },
];

const SETTLEMENT_COLUMNS: Column<Settlement>[] = [
  { header: 'SETTLED (UTC)', value: (s) => timeOf(s.settled_time) },
  { header: 'TICKER', value: (s) => s.ticker, paint: (t, _s, c) => c.bold(t) },
  { header: 'RESULT', value: (s) => s.market_result },
  { header: 'YES', value: (s) => countOf(s.yes_count_fp), align: 'right' },
  { header: 'NO', value: (s) => countOf(s.no_count_fp), align: 'right' },
  { header: 'COST', value: (s) => moneyOf(addCosts(s.yes_total_cost_dollars, s.no_total_cost_dollars)), align: 'right' },
  { header: 'REVENUE', value: (s) => moneyOfCents(s.revenue), align: 'right', paint: (t, _s, c) => signed(t, c) },
  { header: 'FEE', value: (s) => moneyOf(s.fee_cost, 4), align: 'right' },
];

function addCosts(a: string, b: string): string {
  try {
    return addDollars(a, b);
  } catch {
    return '';
  }
}

export function registerPortfolio(program: Command, ctx: () => Context): void {
  const portfolio = program.command('portfolio').description('your balance, positions, fills, orders and settlements');

  addQueryFlags(addFormatFlags(portfolio.command('balance').description('available cash and portfolio value'), { jsonl: false }), 'GetBalance').action(
    async (_opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<Record<string, unknown>>(cmd);
      const res = await c.client({ auth: true }).portfolio.balance(queryFrom(flags, 'GetBalance') as never);
      if (formatOf(flags) === 'json') return c.out.json(res);
      const pairs: [string, string][] = [
        ['available balance', moneyOf(res.balance_dollars)],
        ['portfolio value', moneyOfCents(res.portfolio_value)],
        ['updated (UTC)', timeOf(res.updated_ts)],
      ];
      for (const line of renderPairs(pairs, c.out.c)) c.out.line(line);
    },
  );

  const list = <Item>(name: string, summary: string, id: 'GetPositions' | 'GetFills' | 'GetOrders' | 'GetSettlements', spec: {
    noun: string;
    itemsKey: string;
    columns: Column<Item>[];
    fetch: (c: Context, q: Query) => Pager<unknown, Item>;
  }) =>
    addQueryFlags(addListFlags(portfolio.command(name).description(summary)), id).action(async (_opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<ListFlags & Record<string, unknown>>(cmd);
      await runList(c, { noun: spec.noun, itemsKey: spec.itemsKey as never, columns: spec.columns, fetch: (q) => spec.fetch(c, q) }, queryFrom(flags, id), flags);
    });

  list<Position>('positions', 'open market positions', 'GetPositions', {
    noun: 'position',
    itemsKey: 'market_positions',
    columns: POSITION_COLUMNS,
    fetch: (c, q) => c.client({ auth: true }).portfolio.positions(q as never),
  });
  list<Fill>('fills', 'your fills, newest first', 'GetFills', {
    noun: 'fill',
    itemsKey: 'fills',
    columns: FILL_COLUMNS,
    fetch: (c, q) => c.client({ auth: true }).portfolio.fills(q as never),
  });
  list<Order>('orders', 'your orders (filter with --status resting|canceled|executed)', 'GetOrders', {
    noun: 'order',
    itemsKey: 'orders',
    columns: ORDER_COLUMNS,
    fetch: (c, q) => c.client({ auth: true }).orders.list(q as never),
  });
  list<Settlement>('settlements', 'settled markets you held', 'GetSettlements', {
    noun: 'settlement',
    itemsKey: 'settlements',
    columns: SETTLEMENT_COLUMNS,
    fetch: (c, q) => c.client({ auth: true }).portfolio.settlements(q as never),
  });
}
