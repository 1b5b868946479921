/**
 * `kalshi order create|cancel|amend|decrease|cancel-all|get`. Prices and counts are taken as
 * people write them; anything that adds risk shows what it costs and asks first.
 */
import { Option, type Command } from 'commander';
import { addDollars, type OrderCreateParams, type Schema } from 'kalshi-ts';
import type { Context } from '../context.js';
import { EXIT, Stop, UsageError } from '../errors.js';
import { renderPairs } from '../format/table.js';
import { complement, costMicros, countOf, money, moneyOf, parseCountArg, parsePrice, parseTime, priceOf, takerFeeEstimateMicros, timeOf, type Count, type Price } from '../format/values.js';
import { confirm } from '../prompt.js';
import { flagsOf } from './common.js';
import { actionOf } from './portfolio.js';
import { buildSignedRequest, printSignedRequest } from './signed-request.js';

/** What the user typed as the side, and how it maps onto a V2 order (always priced on the YES leg). */
interface Intent {
  action: 'buy' | 'sell';
  outcome: 'yes' | 'no';
  /** V2 book side on the YES leg: buying YES or selling NO is a bid. */
  side: 'bid' | 'ask';
}

const SIDES: Record<string, Intent> = {
  'buy-yes': { action: 'buy', outcome: 'yes', side: 'bid' },
  'sell-yes': { action: 'sell', outcome: 'yes', side: 'ask' },
  'buy-no': { action: 'buy', outcome: 'no', side: 'ask' },
  'sell-no': { action: 'sell', outcome: 'no', side: 'bid' },
  yes: { action: 'buy', outcome: 'yes', side: 'bid' },
  no: { action: 'buy', outcome: 'no', side: 'ask' },
  bid: { action: 'buy', outcome: 'yes', side: 'bid' },
  ask: { action: 'sell', outcome: 'yes', side: 'ask' },
};

const TIF: Record<string, OrderCreateParams['time_in_force']> = {
  gtc: 'good_till_canceled',
  ioc: 'immediate_or_cancel',
  fok: 'fill_or_kill',
  good_till_canceled: 'good_till_canceled',
  immediate_or_cancel: 'immediate_or_cancel',
  fill_or_kill: 'fill_or_kill',
};

export function parseSide(text: string): Intent {
  const intent = SIDES[text.trim().toLowerCase().replace('_', '-')];
  if (!intent) throw new UsageError(`side ${JSON.stringify(text)} is not one of buy-yes, sell-yes, buy-no, sell-no (or yes, no, bid, ask)`);
  return intent;
}

function integer(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(text)}`);
  return Number(text);
}

function whereLine(ctx: Context): string {
  const c = ctx.config();
  const { ec } = ctx.out;
  const name = c.env === 'production' ? ec.bold(ec.red('PRODUCTION')) : c.env;
  return `${name} (${c.baseURL})`;
}

/** Cost and fee lines for buying `count` of an outcome at `outcomePrice` (what the user pays per contract). */
function costLines(ctx: Context, count: Count, outcomePrice: Price, sellingOutcome: boolean): string[] {
  const cost = money(costMicros(count, outcomePrice.micros));
  const fee = money(takerFeeEstimateMicros(count, outcomePrice.micros), 4);
  const { ec } = ctx.out;
  return [
    sellingOutcome
      ? `  cost:   up to ${ec.bold(cost)} of collateral (less if it closes a position you hold)`
      : `  cost:   up to ${ec.bold(cost)}`,
    `  fee:    up to ${ec.bold(fee)} ${ec.dim('(estimate: 0.07 x count x price x (1 - price), rounded up to $0.0001; resting maker fills usually pay less)')}`,
  ];
}

interface CreateFlags {
  tif: string;
  postOnly?: boolean;
  reduceOnly?: boolean;
  stp: 'taker_at_cross' | 'maker';
  expires?: string;
  clientOrderId?: string;
  subaccount?: string;
  orderGroup?: string;
  cancelOnPause?: boolean;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

async function createAction(ctx: Context, ticker: string, sideText: string, countText: string, priceText: string, flags: CreateFlags): Promise<void> {
  const intent = parseSide(sideText);
  const count = parseCountArg(countText);
  const outcomePrice = parsePrice(priceText);
  // V2 orders are priced on the YES leg: a NO price p is a YES price 1 - p.
  const yesPrice = intent.outcome === 'yes' ? outcomePrice : complement(outcomePrice);
  const tif = TIF[flags.tif];
  if (!tif) throw new UsageError(`--tif must be gtc, ioc or fok, got ${JSON.stringify(flags.tif)}`);
  const params: OrderCreateParams = {
    ticker,
    side: intent.side,
    count: count.text,
    price: yesPrice.text,
    time_in_force: tif,
    self_trade_prevention_type: flags.stp,
    // Chosen here, so the dry run shows the id a real run would send.
    client_order_id: flags.clientOrderId ?? globalThis.crypto.randomUUID(),
  };
  if (flags.postOnly) params.post_only = true;
  if (flags.reduceOnly) params.reduce_only = true;
  if (flags.cancelOnPause) params.cancel_order_on_pause = true;
  if (flags.expires !== undefined) params.expiration_time = parseTime(flags.expires, '--expires');
  const subaccount = integer(flags.subaccount, '--subaccount');
  if (subaccount !== undefined) params.subaccount = subaccount;
  if (flags.orderGroup) params.order_group_id = flags.orderGroup;

  const { out } = ctx;
  // What the user pays per contract: the outcome's price when buying, the other leg's when selling.
  const paying = intent.action === 'buy' ? outcomePrice : complement(outcomePrice);
  const summary = [
    `${out.ec.bold(`${intent.action.toUpperCase()} ${countOf(count.text)} ${intent.outcome.toUpperCase()}`)} on ${out.ec.bold(ticker)} at ${priceOf(outcomePrice.text)} ` +
      out.ec.dim(`(${tif.replace(/_/g, ' ')}${params.post_only ? ', post only' : ''}${params.reduce_only ? ', reduce only' : ''}; sent as ${intent.side} ${count.text} @ ${yesPrice.text} on the YES leg)`),
    ...costLines(ctx, count, paying, intent.action === 'sell'),
    `  on:     ${whereLine(ctx)}`,
  ];

  if (flags.dryRun) {
    for (const line of summary) out.info(line);
    printSignedRequest(out, buildSignedRequest(ctx, 'CreateOrderV2', {}, undefined, params), flags.json === true);
    return;
  }
  ctx.signer();
  for (const line of summary) out.info(line);
  if (!(await confirm(out, 'Place this order?', { assumeYes: flags.yes === true, action: 'place a live order' }))) {
    throw new Stop('cancelled: no order was placed', EXIT.failure);
  }
  const res = await ctx.client({ auth: true }).orders.create(params);
  if (flags.json) return out.json(res);
  const avg = res.average_fill_price ? ` at an average ${priceOf(res.average_fill_price)}` : '';
  out.line(`order ${out.c.bold(res.order_id)} placed: ${countOf(res.fill_count)} filled${avg}, ${countOf(res.remaining_count)} resting`);
  if (res.average_fee_paid) out.line(out.c.dim(`fee paid: ${moneyOf(res.average_fee_paid, 4)} per contract on average`));
}

function orderPairs(o: Schema<'Order'>): [string, string][] {
  return [
    ['order id', o.order_id],
    ['client order id', o.client_order_id],
    ['ticker', o.ticker],
    ['action', actionOf(o)],
    ['yes price', priceOf(o.yes_price_dollars)],
    ['status', o.status],
    ['filled', `${countOf(o.fill_count_fp)} of ${countOf(o.initial_count_fp)}`],
    ['resting', countOf(o.remaining_count_fp)],
    ['fees', moneyOf(addFees(o.taker_fees_dollars, o.maker_fees_dollars), 4)],
    ['created (UTC)', timeOf(o.created_time)],
    ['expires (UTC)', timeOf(o.expiration_time)],
  ];
}

function addFees(a: string, b: string): string {
  try {
    return addDollars(a, b);
  } catch {
    return '';
  }
}

export function registerOrder(program: Command, ctx: () => Context): void {
  const order = program.command('order').description('place, amend, decrease and cancel orders');

  order
    .command('create')
    .description('place a limit order, e.g. `kalshi order create KXFED-26MAR-H0 buy-yes 10 56c`')
    .argument('<ticker>', 'market ticker')
    .argument('<side>', 'buy-yes | sell-yes | buy-no | sell-no (also yes, no, bid, ask)')
    .argument('<count>', 'contracts: 10, or 1.5 where fractional trading is allowed')
    .argument('<price>', 'price of the named outcome: 0.56, 56c or 56¢')
    .addOption(new Option('--tif <tif>', 'time in force: gtc, ioc or fok').default('gtc'))
    .option('--post-only', 'rest only: refuse to take liquidity')
    .option('--reduce-only', 'only reduce a position (requires --tif ioc)')
    .addOption(new Option('--stp <mode>', 'self-trade prevention').choices(['taker_at_cross', 'maker']).default('taker_at_cross'))
    .option('--expires <time>', 'expiry for a gtc order: Unix seconds, ISO time')
    .option('--client-order-id <id>', 'your own id for the order (default: a fresh UUID)')
    .option('--subaccount <n>', 'subaccount number')
    .option('--order-group <id>', 'order group id')
    .option('--cancel-on-pause', 'cancel the order if trading is paused')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'print the signed request without sending it')
    .option('--json', 'print the API response (or the dry-run request) as JSON')
    .action(async (ticker: string, side: string, count: string, price: string, _opts, cmd: Command) => {
      await createAction(ctx(), ticker, side, count, price, flagsOf<CreateFlags>(cmd));
    });

  order
    .command('get')
    .description('show one order')
    .argument('<order_id>')
    .option('--json', 'print the API response')
    .action(async (orderId: string, _opts, cmd: Command) => {
      const c = ctx();
      const res = await c.client({ auth: true }).orders.get(orderId);
      if (flagsOf<{ json?: boolean }>(cmd).json) return c.out.json(res);
      for (const line of renderPairs(orderPairs(res.order), c.out.c)) c.out.line(line);
    });

  order
    .command('cancel')
    .description('cancel one resting order')
    .argument('<order_id>')
    .option('--market <ticker>', "the order's market (lets the exchange find it faster)")
    .option('--subaccount <n>', 'subaccount number')
    .option('--dry-run', 'print the signed request without sending it')
    .option('--json', 'print the API response as JSON')
    .action(async (orderId: string, _opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<{ market?: string; subaccount?: string; dryRun?: boolean; json?: boolean }>(cmd);
      const query: { market_ticker?: string; subaccount?: number } = {};
      if (flags.market) query.market_ticker = flags.market;
      const sub = integer(flags.subaccount, '--subaccount');
      if (sub !== undefined) query.subaccount = sub;
      if (flags.dryRun) return printSignedRequest(c.out, buildSignedRequest(c, 'CancelOrderV2', { order_id: orderId }, query, undefined), flags.json === true);
      const res = await c.client({ auth: true }).orders.cancel(orderId, query);
      if (flags.json) return c.out.json(res);
      c.out.line(`order ${c.out.c.bold(res.order_id)} canceled: ${countOf(res.reduced_by)} contracts no longer resting`);
    });

  order
    .command('amend')
    .description('change the price and/or total count of a resting order')
    .argument('<order_id>')
    .option('--price <price>', 'new YES-leg price: 0.57, 57c')
    .option('--count <n>', 'new total count (already filled + still resting)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'print the signed request without sending it')
    .option('--json', 'print the API response as JSON')
    .action(async (orderId: string, _opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<{ price?: string; count?: string; yes?: boolean; dryRun?: boolean; json?: boolean }>(cmd);
      if (flags.price === undefined && flags.count === undefined) throw new UsageError('give --price, --count or both');
      const price = flags.price === undefined ? undefined : parsePrice(flags.price, '--price');
      const count = flags.count === undefined ? undefined : parseCountArg(flags.count, '--count');
      // The amend body repeats ticker, side, price and count: take what was not given from the order.
      const { order: current } = await c.client({ auth: true }).orders.get(orderId);
      const side = current.book_side;
      const newPrice = price ?? parsePrice(current.yes_price_dollars);
      const newCount = count ?? parseCountArg(current.initial_count_fp);
      const body = { ticker: current.ticker, side, price: newPrice.text, count: newCount.text };
      const { out } = c;
      const paying = side === 'bid' ? newPrice : complement(newPrice);
      const lines = [
        `${out.ec.bold('AMEND')} order ${orderId} on ${out.ec.bold(current.ticker)} (${actionOf(current)}): ` +
          `price ${priceOf(current.yes_price_dollars)} -> ${priceOf(newPrice.text)}, total count ${countOf(current.initial_count_fp)} -> ${countOf(newCount.text)}`,
        ...costLines(c, newCount, paying, side === 'ask'),
        `  on:     ${whereLine(c)}`,
      ];
      for (const line of lines) out.info(line);
      if (flags.dryRun) return printSignedRequest(out, buildSignedRequest(c, 'AmendOrderV2', { order_id: orderId }, undefined, body), flags.json === true);
      if (!(await confirm(out, 'Amend this order?', { assumeYes: flags.yes === true, action: 'amend a live order' }))) {
        throw new Stop('cancelled: the order was not changed', EXIT.failure);
      }
      const res = await c.client({ auth: true }).orders.amend(orderId, body);
      if (flags.json) return out.json(res);
      out.line(`order ${out.c.bold(res.order_id)} amended${res.remaining_count !== undefined ? `: ${countOf(res.remaining_count)} resting` : ''}`);
    });

  order
    .command('decrease')
    .description('reduce the resting size of an order (never adds risk, so no prompt)')
    .argument('<order_id>')
    .option('--by <n>', 'contracts to remove')
    .option('--to <n>', 'contracts to leave resting (0 cancels the rest)')
    .option('--dry-run', 'print the signed request without sending it')
    .option('--json', 'print the API response as JSON')
    .action(async (orderId: string, _opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<{ by?: string; to?: string; dryRun?: boolean; json?: boolean }>(cmd);
      if ((flags.by === undefined) === (flags.to === undefined)) throw new UsageError('give exactly one of --by or --to');
      const body =
        flags.by !== undefined ? { reduce_by: parseCountArg(flags.by, '--by').text } : { reduce_to: parseCountArg(flags.to!, '--to', { allowZero: true }).text };
      if (flags.dryRun) return printSignedRequest(c.out, buildSignedRequest(c, 'DecreaseOrderV2', { order_id: orderId }, undefined, body), flags.json === true);
      const res = await c.client({ auth: true }).orders.decrease(orderId, body);
      if (flags.json) return c.out.json(res);
      c.out.line(`order ${c.out.c.bold(res.order_id)} decreased: ${countOf(res.remaining_count)} resting`);
    });

  order
    .command('cancel-all')
    .description('cancel every resting order (of one subaccount with --subaccount)')
    .option('--subaccount <n>', 'subaccount number')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--dry-run', 'print the signed request without sending it')
    .option('--json', 'print the dry-run request as JSON')
    .action(async (_opts, cmd: Command) => {
      const c = ctx();
      const flags = flagsOf<{ subaccount?: string; yes?: boolean; dryRun?: boolean; json?: boolean }>(cmd);
      const sub = integer(flags.subaccount, '--subaccount');
      const query = sub === undefined ? {} : { subaccount: sub };
      if (flags.dryRun) return printSignedRequest(c.out, buildSignedRequest(c, 'CancelAllOrders', {}, query, undefined), flags.json === true);
      c.signer();
      c.out.info(`${c.out.ec.bold('CANCEL ALL')} resting orders${sub === undefined ? '' : ` of subaccount ${sub}`} on ${whereLine(c)}`);
      if (!(await confirm(c.out, 'Cancel all resting orders?', { assumeYes: flags.yes === true, action: 'cancel every order' }))) {
        throw new Stop('cancelled: no order was touched', EXIT.failure);
      }
      await c.client({ auth: true }).orders.cancelAll(query);
      if (flags.json) return c.out.json({ canceled: true });
      c.out.line('every resting order was canceled');
    });
}
