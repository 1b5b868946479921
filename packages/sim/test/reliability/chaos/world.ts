// The chaos run's world: one local exchange, two funded accounts, and for each a REST client, a
// socket client with live books of the traded markets and a consumer of its fills, all logging
// into one KeyLeakWatch. Counters here are what the suite prints.
import { APIError, Kalshi, KalshiError, type Logger } from 'kalshi-ts';
import { BookManager } from 'kalshi-ts/book';
import { KalshiWS, type ResyncEvent } from 'kalshi-ts/ws';
import type { Exchange } from '../../../src/index.js';
import { admin, newUser, start } from '../../helpers/exchange.js';
import { freshMarket } from '../../trading/helpers.js';
import type { KeyLeakWatch } from '../support.js';

/** Short enough that a `slow` fault (600 ms and more) trips it. */
export const REST_TIMEOUT_MS = 400;
export const MAX_RETRIES = 5;

export interface Counters {
  retries: number;
  skewCorrections: number;
  resyncs: Record<string, number>;
  wsErrors: number;
  /** Errors the trading loop caught, by class name. */
  errors: Record<string, number>;
}

export interface Trader {
  readonly name: string;
  readonly userId: string;
  readonly kalshi: Kalshi;
  readonly ws: KalshiWS;
  readonly books: BookManager;
  /** trade_id → how many times the fill consumer received it. */
  readonly fills: Map<string, number>;
  /**
   * client_order_id → what the create call ended in: 'failed' is an error whose outcomeUnknown is
   * false (the exchange refused it), 'uncertain' one where an attempt may have been carried out.
   */
  readonly orders: Map<string, 'pending' | 'created' | 'failed' | 'uncertain'>;
  /** Order ids that may still rest, for cancels. */
  readonly resting: string[];
  /** The fill consumer's loop; settles when the socket client closes. */
  consumer: Promise<void>;
}

export interface World {
  readonly exchange: Exchange;
  readonly markets: readonly string[];
  readonly traders: readonly Trader[];
  readonly counters: Counters;
  /** Sees every error a trader catches, with its class counted. */
  caught(error: unknown): void;
  close(): Promise<void>;
}

function countingLogger(watch: KeyLeakWatch, counters: Counters): Logger {
  const base = watch.logger();
  return {
    ...base,
    warn(message, fields) {
      if (message === 'kalshi retry') counters.retries++;
      if (message === 'kalshi clock skew') counters.skewCorrections++;
      base.warn(message, fields);
    },
  };
}

async function trader(exchange: Exchange, name: string, markets: readonly string[], watch: KeyLeakWatch, counters: Counters): Promise<Trader> {
  const user = await newUser(exchange);
  watch.addSecret(`private key of trader ${name}`, user.privateKeyPem);
  await admin(exchange, 'POST', `/_sim/users/${user.userId}/fund`, { amount_dollars: '100000.00' });
  const logger = countingLogger(watch, counters);
  const kalshi = new Kalshi({
    baseURL: exchange.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem,
    rateLimit: false, timeout: REST_TIMEOUT_MS, maxRetries: MAX_RETRIES, logger,
  });
  const ws = new KalshiWS({
    url: exchange.wsUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, logger,
    // The REST client's skew-corrected clock signs the handshakes; it also backfills missed fills.
    clock: kalshi.clock, rest: kalshi,
    heartbeatTimeoutMs: 1_000, commandTimeoutMs: 1_500,
    reconnect: { initialDelayMs: 50, maxDelayMs: 300, jitter: 0.3 },
  });
  const books = new BookManager({ logger });
  ws.on('error', (error) => {
    counters.wsErrors++;
    watch.see(error);
  });
  ws.on('resync', (event: ResyncEvent) => {
    counters.resyncs[event.reason] = (counters.resyncs[event.reason] ?? 0) + 1;
    if (event.channel === 'orderbook_delta') books.markStale('all', event.reason);
  });
  const bookSub = ws.subscribe('orderbook_delta', { market_tickers: [...markets] });
  bookSub.on('message', (frame) => books.handle(frame));
  const fillSub = ws.subscribe('fill');
  await Promise.all([bookSub.ready, fillSub.ready]);
  const t: Trader = { name, userId: user.userId, kalshi, ws, books, fills: new Map(), orders: new Map(), resting: [], consumer: Promise.resolve() };
  t.consumer = (async () => {
    for await (const fill of fillSub) t.fills.set(fill.msg.trade_id, (t.fills.get(fill.msg.trade_id) ?? 0) + 1);
  })();
  return t;
}

export async function createWorld(watch: KeyLeakWatch): Promise<World> {
  // The exchange pings every 200 ms, so a socket whose heartbeat is cut is noticed within a second.
  const exchange = await start({ rateLimits: false, liquidity: false, ws: { pingIntervalMs: 200 } });
  const counters: Counters = { retries: 0, skewCorrections: 0, resyncs: {}, wsErrors: 0, errors: {} };
  const markets = [await freshMarket(exchange), await freshMarket(exchange)];
  const traders = [await trader(exchange, 'a', markets, watch, counters), await trader(exchange, 'b', markets, watch, counters)];
  return {
    exchange,
    markets,
    traders,
    counters,
    caught(error) {
      watch.see(error);
      // Kalshi's error code where there is one: a 400 for a cancel of a filled order is expected here,
      // a 400 for anything else would mean the SDK sent something wrong.
      const code = error instanceof APIError && error.code ? `:${error.code}` : '';
      const itemCode = (error as { code?: unknown } | null)?.code;
      const name =
        error instanceof KalshiError ? `${error.constructor.name}${code}`
        : typeof itemCode === 'string' ? `BatchItemError:${itemCode}` // an item of a batch create answered with an error body
        : `not a KalshiError: ${String(error)}`;
      counters.errors[name] = (counters.errors[name] ?? 0) + 1;
    },
    async close() {
      for (const t of traders) {
        watch.see(t.kalshi);
        watch.see(t.ws);
      }
      await Promise.all(traders.map((t) => t.ws.close()));
      await Promise.all(traders.map((t) => t.consumer));
      await Promise.all(traders.map((t) => t.kalshi.close()));
      await exchange.close();
    },
  };
}
