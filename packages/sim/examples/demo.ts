/**
 * `npm run demo`: a whole trading round trip against the embedded local exchange, using only the
 * public SDK. Starts the exchange in this process on a free port, creates two funded accounts
 * through the admin API, then with the SDK: lists open markets, prints a book, rests an order,
 * crosses it from the second account, shows the fill, fee, position and balance, cancels the
 * rest, settles the market and shows the payout.
 */
import { Kalshi, addDollars, compareDollars, notional, subtractDollars } from 'kalshi-ts';
import { startExchange } from 'kalshi-ts-sim';

const exchange = await startExchange({ liquidity: true });
const adminCall = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${exchange.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

async function trader(name: string): Promise<Kalshi> {
  const { user_id } = await adminCall<{ user_id: string }>('POST', '/_sim/users', { name });
  const key = await adminCall<{ api_key_id: string; private_key_pem: string }>('POST', `/_sim/users/${user_id}/keys`, {});
  await adminCall('POST', `/_sim/users/${user_id}/fund`, { amount_dollars: '1000.00' });
  return new Kalshi({ baseURL: exchange.restUrl, apiKeyId: key.api_key_id, privateKey: key.private_key_pem });
}

const line = (text = '') => process.stdout.write(`${text}\n`);
const title = (text: string) => line(`\n== ${text}`);

try {
  line(`local exchange listening at ${exchange.restUrl}`);
  const alice = await trader('alice');
  const bob = await trader('bob');

  title('open markets');
  const { markets } = await alice.markets.list({ status: 'open', limit: 5 });
  for (const m of markets) line(`  ${m.ticker.padEnd(28)} bid ${m.yes_bid_dollars}  ask ${m.yes_ask_dollars}  ${m.title}`);

  const ticker = 'KXFED-26MAR-H0';
  title(`order book ${ticker} (YES bids | NO bids)`);
  const book = await alice.markets.orderbook(ticker, { depth: 5 });
  const yes = [...(book.orderbook_fp.yes_dollars ?? [])].reverse();
  const no = [...(book.orderbook_fp.no_dollars ?? [])].reverse();
  for (let i = 0; i < Math.max(yes.length, no.length); i++) {
    const y = yes[i] ? `${yes[i]![0]} x ${yes[i]![1]}` : '';
    const n = no[i] ? `${no[i]![0]} x ${no[i]![1]}` : '';
    line(`  ${y.padEnd(22)} | ${n}`);
  }

  // The liquidity provider steps aside so the crossing below is between our two accounts only.
  await adminCall('POST', '/_sim/liquidity', { enabled: false });
  const bestBid = yes[0]?.[0] ?? '0.40';
  const bestAsk = no[0]?.[0] !== undefined ? subtractDollars('1', no[0][0]) : '0.60';
  // A price strictly inside the spread makes Alice's bid the best, so Bob's sell meets it first.
  const price = compareDollars(addDollars(bestBid, '0.01'), bestAsk) < 0 ? addDollars(bestBid, '0.01') : bestBid;

  title(`alice rests a bid: 15 YES at ${price}`);
  const resting = await alice.orders.create({
    ticker, side: 'bid', count: 15, price, time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross',
  });
  line(`  order ${resting.order_id} (client_order_id ${resting.client_order_id}): ${resting.remaining_count} resting`);

  title(`bob sells 10 YES at ${price}, immediate-or-cancel`);
  const cross = await bob.orders.create({
    ticker, side: 'ask', count: 10, price, time_in_force: 'immediate_or_cancel', self_trade_prevention_type: 'taker_at_cross',
  });
  line(`  filled ${cross.fill_count} at average ${cross.average_fill_price}, fee ${cross.average_fee_paid ?? '0'} per contract`);

  title("alice's fill, position and balance");
  const { fills } = await alice.portfolio.fills({ ticker });
  for (const f of fills) line(`  ${f.action ?? ''} ${f.count_fp} ${f.side ?? ''} at ${f.yes_price_dollars} (${f.is_taker ? 'taker' : 'maker'}) fee ${f.fee_cost}`);
  const { market_positions } = await alice.portfolio.positions({ ticker });
  for (const p of market_positions) line(`  position ${p.position_fp} contracts, exposure ${p.market_exposure_dollars}`);
  const balance = await alice.portfolio.balance();
  line(`  available ${balance.balance_dollars}: paid ${notional('10', price)} for 10 contracts plus the fee; the 5 still resting hold ${notional('5', price)} as collateral`);

  title('alice cancels the 5 left resting');
  const canceled = await alice.orders.cancel(resting.order_id, { market_ticker: ticker });
  line(`  order ${canceled.order_id}: ${canceled.reduced_by} canceled`);

  title(`the market settles YES`);
  await adminCall('POST', `/_sim/markets/${ticker}/settle`, { result: 'yes' });
  const { settlements } = await alice.portfolio.settlements({ ticker });
  for (const s of settlements) line(`  ${s.ticker}: result ${s.market_result}, revenue ${s.revenue} cents`);
  const after = await alice.portfolio.balance();
  line(`  balance ${after.balance_dollars} (was ${balance.balance_dollars})`);
  await Promise.all([alice.close(), bob.close()]);
} finally {
  await exchange.close();
}
