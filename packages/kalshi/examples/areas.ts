// One call per API area, as the README lists them: typechecked in CI so the examples stay true.
// Not meant to run top to bottom against one account (FCM calls need an FCM member, for one).
import { Kalshi } from 'kalshi-ts';

const kalshi = new Kalshi();
const market_ticker = 'KXFED-26MAR-H0';

const { order_group_id } = await kalshi.orderGroups.create({ contracts_limit: 100 });
await kalshi.orders.create({
  ticker: market_ticker, side: 'bid', count: 5, price: '0.40', time_in_force: 'good_till_canceled',
  self_trade_prevention_type: 'taker_at_cross', order_group_id,
});
await kalshi.orderGroups.reset(order_group_id);

await kalshi.portfolio.subaccounts.create();
await kalshi.portfolio.subaccounts.transfer({ from_subaccount: 0, to_subaccount: 1, amount_cents: 500 });
for await (const deposit of kalshi.portfolio.deposits()) console.log(deposit);
await kalshi.portfolio.restingOrderValue();

const rfq = await kalshi.communications.rfqs.create({ market_ticker, contracts: 10, rest_remainder: false });
const quote = await kalshi.communications.quotes.create({ rfq_id: rfq.id, yes_bid: '0.40', no_bid: '0.55', rest_remainder: false });
await kalshi.communications.rfqs.quotes.accept(rfq.id, quote.id, { accepted_side: 'yes' });

const key = await kalshi.apiKeys.generate({ name: 'bot', key_type: 'ed25519' });
console.log(key.api_key_id);
await kalshi.account.limits();
await kalshi.account.endpointCosts();

for await (const collection of kalshi.multivariateCollections.list()) console.log(collection.collection_ticker);
const { milestones } = await kalshi.milestones.list({ limit: 100 });
await kalshi.liveData.batchGet({ milestone_ids: milestones.map((m) => m.id) });
await kalshi.structuredTargets.list();
await kalshi.search.tagsByCategories();
for await (const program of kalshi.incentivePrograms.list({ status: 'active' })) console.log(program.id);

await kalshi.fcm.subtraders.list();

await kalshi.historical.cutoff();
for await (const trade of kalshi.historical.trades({ ticker: market_ticker })) console.log(trade.trade_id);
