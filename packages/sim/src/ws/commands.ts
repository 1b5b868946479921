// The four client commands. Checks with a dedicated error code run first, in the order a client
// would want to hear about them; then the command must match the spec's schema (code 11).
import type { Connection } from './connection.js';
import { checkMarketsExist, checkSchema, isObject, tickersOf, tickersOfIds, type CommandHost, type Params } from './params.js';
import { INDEX_CHANNELS, isChannel, MARKET_FILTERED, WsCommandError, type Channel } from './protocol.js';
import { Subscription } from './subscription.js';
import { updateSubscription } from './update.js';

/** Parses and runs one text frame from the client; every failure becomes an error frame. */
export function handleCommand(host: CommandHost, conn: Connection, text: string): void {
  let command: unknown;
  try {
    command = JSON.parse(text);
  } catch {
    conn.error(undefined, new WsCommandError(1, 'the frame is not valid JSON'));
    return;
  }
  if (!isObject(command)) {
    conn.error(undefined, new WsCommandError(1, 'a command is a JSON object'));
    return;
  }
  const rawId = command.id;
  if (rawId !== undefined && !(Number.isSafeInteger(rawId) && (rawId as number) >= 0)) {
    conn.error(undefined, new WsCommandError(11, 'id must be a non-negative integer'));
    return;
  }
  const id = (rawId as number | undefined) || undefined;
  try {
    switch (command.cmd) {
      case 'subscribe':
        return subscribe(host, conn, command, id);
      case 'unsubscribe':
        return unsubscribe(conn, command, id);
      case 'update_subscription':
        return updateSubscription(host, conn, command, id);
      case 'list_subscriptions':
        checkSchema('listSubscriptionsCommandPayload', command);
        conn.reply({ type: 'ok', ...(id ? { id } : {}), msg: [...conn.subscriptions.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
        return;
      default:
        throw new WsCommandError(5, `${JSON.stringify(command.cmd ?? null)}; expected subscribe, unsubscribe, update_subscription or list_subscriptions`);
    }
  } catch (error) {
    if (!(error instanceof WsCommandError)) throw error;
    conn.error(id, error);
  }
}

function checkShards(params: Params): void {
  const { shard_factor: factor, shard_key: key } = params;
  if (key !== undefined && factor === undefined) throw new WsCommandError(20);
  if (factor === undefined) return;
  if (typeof factor !== 'number' || factor <= 0) throw new WsCommandError(19);
  if (factor > 100) throw new WsCommandError(22);
  if (key !== undefined && (typeof key !== 'number' || key < 0 || key >= factor)) throw new WsCommandError(21);
}

function subscribe(host: CommandHost, conn: Connection, command: Params, id: number | undefined): void {
  const params = command.params;
  if (!isObject(params)) throw new WsCommandError(2);
  const requested = params.channels;
  if (!Array.isArray(requested) || requested.length === 0) throw new WsCommandError(3);
  const unknown = requested.find((c) => !isChannel(c));
  if (unknown !== undefined) throw new WsCommandError(8, JSON.stringify(unknown));
  checkShards(params);
  checkSchema('subscribeCommandPayload', command);
  const channels = [...new Set(requested as Channel[])];

  const byTicker = tickersOf(params);
  const byId = tickersOfIds(host, params);
  if (byTicker !== undefined && byId !== undefined) throw new WsCommandError(11, 'market_id(s) and market_ticker(s) are mutually exclusive');
  if (byId !== undefined && channels.some((c) => c !== 'ticker')) throw new WsCommandError(11, 'market_id(s) filter the ticker channel only');
  const tickers = byTicker ?? byId;
  if (channels.includes('orderbook_delta') && tickers === undefined) {
    throw new WsCommandError(14, 'orderbook_delta needs market_ticker or market_tickers');
  }
  if (tickers !== undefined) {
    checkMarketsExist(host, tickers);
    if (tickers.length > host.maxMarketsPerSubscription) {
      throw new WsCommandError(26, `at most ${host.maxMarketsPerSubscription} markets per subscription`);
    }
  }

  for (const channel of channels) {
    const instruments =
      channel === 'pyth_value' ? params.underlying_tickers : INDEX_CHANNELS.has(channel) ? params.index_ids : undefined;
    const sub = new Subscription(conn, conn.newSid(), channel, {
      markets: MARKET_FILTERED.has(channel) && tickers ? new Set(tickers) : undefined,
      byId: channel === 'ticker' && byId !== undefined,
      useYesPrice: params.use_yes_price === true,
      skipTickerAck: params.skip_ticker_ack === true,
      instruments: instruments as string[] | undefined,
    });
    conn.subscriptions.set(sub.sid, sub);
    host.subscriptionStarted(sub);
    conn.reply({ type: 'subscribed', ...(id ? { id } : {}), msg: { channel, sid: sub.sid } });
    if (channel === 'orderbook_delta') host.sendSnapshots(sub, tickers!);
    if (channel === 'ticker' && params.send_initial_snapshot === true && tickers) host.sendTickers(sub, tickers);
  }
}

function unsubscribe(conn: Connection, command: Params, id: number | undefined): void {
  const params = command.params;
  if (!isObject(params)) throw new WsCommandError(2);
  if (!Array.isArray(params.sids) || params.sids.length === 0) throw new WsCommandError(4);
  checkSchema('unsubscribeCommandPayload', command);
  const sids = [...new Set(params.sids as number[])];
  // All or nothing: a typo in one sid must not half-apply the command.
  const unknown = sids.filter((sid) => !conn.subscriptions.has(sid));
  if (unknown.length > 0) throw new WsCommandError(7, `no subscription with sid ${unknown.join(', ')} on this connection`);
  for (const sid of sids) {
    const sub = conn.subscriptions.get(sid)!;
    const seq = sub.nextSeq();
    conn.endSubscription(sub);
    conn.reply({ type: 'unsubscribed', ...(id ? { id } : {}), sid, seq });
  }
}
