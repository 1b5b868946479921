// update_subscription: one sid, one action. Which actions exist depends on the subscription's
// channel: market lists (and order book snapshots), CF Benchmarks indices, or Pyth underlyings.
import type { Connection } from './connection.js';
import { checkMarketsExist, checkSchema, isObject, tickersOf, tickersOfIds, type CommandHost, type Params } from './params.js';
import { INDEX_CHANNELS, MARKET_FILTERED, marketIdOf, WsCommandError } from './protocol.js';
import type { Subscription } from './subscription.js';

export function updateSubscription(host: CommandHost, conn: Connection, command: Params, id: number | undefined): void {
  const params = command.params;
  if (!isObject(params)) throw new WsCommandError(2);
  if (params.action === undefined) throw new WsCommandError(15);
  const sub = conn.subscriptions.get(singleSid(params));
  if (!sub) throw new WsCommandError(7, `no subscription with sid ${singleSid(params)} on this connection`);
  const action = String(params.action);
  if (MARKET_FILTERED.has(sub.channel)) return updateMarkets(host, conn, sub, command, params, action, id);
  if (INDEX_CHANNELS.has(sub.channel)) {
    return updateInstruments(host, conn, sub, command, params.index_ids, action, id, {
      schema: 'cfbenchmarksUpdateSubscriptionCommandPayload',
      add: 'subscribe_indices',
      remove: 'unsubscribe_indices',
      list: 'indexlist',
      missing: 24,
      field: 'index_ids',
    });
  }
  if (sub.channel === 'pyth_value') {
    return updateInstruments(host, conn, sub, command, params.underlying_tickers, action, id, {
      schema: 'pythUpdateSubscriptionCommandPayload',
      add: 'subscribe_underlyings',
      remove: 'unsubscribe_underlyings',
      list: 'underlying_list',
      missing: 28,
      field: 'underlying_tickers',
    });
  }
  throw new WsCommandError(13, `the ${sub.channel} channel has no update actions`);
}

/** Exactly one of `sid` or a one-element `sids`. */
function singleSid(params: Params): number {
  const { sid, sids } = params;
  if (sid !== undefined && sids !== undefined) throw new WsCommandError(12, 'send sid or sids, not both');
  const chosen = sid !== undefined ? sid : Array.isArray(sids) && sids.length === 1 ? sids[0] : undefined;
  if (chosen === undefined) throw new WsCommandError(12);
  if (!Number.isSafeInteger(chosen) || (chosen as number) < 1) throw new WsCommandError(11, 'sid must be a positive integer');
  return chosen as number;
}

function updateMarkets(
  host: CommandHost,
  conn: Connection,
  sub: Subscription,
  command: Params,
  params: Params,
  action: string,
  id: number | undefined,
): void {
  const allowed = sub.channel === 'orderbook_delta' ? ['add_markets', 'delete_markets', 'get_snapshot'] : ['add_markets', 'delete_markets'];
  if (!allowed.includes(action)) throw new WsCommandError(13, `${action} on ${sub.channel}; allowed: ${allowed.join(', ')}`);
  checkSchema('updateSubscriptionCommandPayload', command);
  const byTicker = tickersOf(params);
  const byId = tickersOfIds(host, params);
  if (byId !== undefined && sub.channel !== 'ticker') throw new WsCommandError(11, 'market_id(s) apply to the ticker channel only');
  const tickers = [...new Set([...(byTicker ?? []), ...(byId ?? [])])];

  if (action === 'get_snapshot') {
    const wanted = tickers.length > 0 ? tickers : [...(sub.markets ?? [])];
    if (wanted.length === 0) throw new WsCommandError(14, 'the subscription has no markets to snapshot');
    const outside = wanted.filter((t) => !sub.wantsMarket(t));
    if (outside.length > 0) {
      throw new WsCommandError(11, `not in this subscription: ${outside.join(', ')}`, { market_tickers: outside });
    }
    // The snapshots themselves are the reply: they carry the command's id.
    host.sendSnapshots(sub, wanted, id);
    return;
  }

  if (tickers.length === 0) throw new WsCommandError(14);
  if (sub.markets === undefined) {
    throw new WsCommandError(11, 'this subscription has no market filter (it receives every market); subscribe with market tickers to amend them');
  }
  checkMarketsExist(host, tickers);
  const added: string[] = [];
  if (action === 'add_markets') {
    for (const t of tickers) if (!sub.markets.has(t)) added.push(t);
    if (sub.markets.size + added.length > host.maxMarketsPerSubscription) {
      throw new WsCommandError(26, `at most ${host.maxMarketsPerSubscription} markets per subscription`);
    }
    for (const t of added) sub.markets.add(t);
  } else {
    for (const t of tickers) sub.markets.delete(t);
  }
  const markets = [...sub.markets];
  const msg = sub.skipTickerAck
    ? {}
    : { market_tickers: markets, ...(sub.byId ? { market_ids: markets.map((t) => marketIdOf(t)) } : {}) };
  conn.reply({ type: 'ok', ...(id ? { id } : {}), sid: sub.sid, seq: sub.nextSeq(), msg });
  if (added.length === 0) return;
  if (sub.channel === 'orderbook_delta') host.sendSnapshots(sub, added);
  if (sub.channel === 'ticker' && params.send_initial_snapshot === true) host.sendTickers(sub, added);
}

interface InstrumentActions {
  schema: 'cfbenchmarksUpdateSubscriptionCommandPayload' | 'pythUpdateSubscriptionCommandPayload';
  add: string;
  remove: string;
  list: string;
  missing: 24 | 28;
  field: 'index_ids' | 'underlying_tickers';
}

function updateInstruments(
  host: CommandHost,
  conn: Connection,
  sub: Subscription,
  command: Params,
  ids: unknown,
  action: string,
  id: number | undefined,
  spec: InstrumentActions,
): void {
  if (![spec.add, spec.remove, spec.list].includes(action)) {
    throw new WsCommandError(13, `${action} on ${sub.channel}; allowed: ${spec.add}, ${spec.remove}, ${spec.list}`);
  }
  if (action !== spec.list && (!Array.isArray(ids) || ids.length === 0)) throw new WsCommandError(spec.missing);
  checkSchema(spec.schema, command);
  if (action === spec.list) {
    const type = sub.channel === 'pyth_value' ? 'pyth_value_underlying_list' : `${sub.channel}_indexlist`;
    conn.data(sub, type, { [spec.field]: host.instrumentList(sub.channel) }, id);
    return;
  }
  if (action === spec.add) sub.addInstruments(ids as string[]);
  else sub.removeInstruments(ids as string[]);
  conn.reply({ type: 'ok', ...(id ? { id } : {}), sid: sub.sid, seq: sub.nextSeq(), msg: { [spec.field]: sub.instrumentFilter() } });
}
