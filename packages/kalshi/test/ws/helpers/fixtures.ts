/** Keys, a client factory with test-sized timeouts, message builders and small waiting helpers. */
import crypto from 'node:crypto';
import { createNodeSigner } from '../../../src/internal/node/crypto-signer.js';
import type { Schema } from '../../../src/resources/types.js';
import { KalshiWS, type KalshiWSOptions } from '../../../src/ws/index.js';
import type { FillPayload } from '../../../src/generated/ws-types.js';
import { FakeKalshiServer } from './fake-server.js';

export const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
export const KEY_ID = 'test-key-id';
export const signer = createNodeSigner({ keyId: KEY_ID, privateKey: keys.privateKey });

export function startServer(pingIntervalMs?: number): Promise<FakeKalshiServer> {
  return FakeKalshiServer.start({ publicKey: keys.publicKey, pingIntervalMs });
}

/** Every client a test makes, so afterEach can close the ones a failing test left open. */
export const clients = new Set<KalshiWS>();

export function makeClient(server: FakeKalshiServer, options: KalshiWSOptions = {}): KalshiWS {
  const client = new KalshiWS({
    url: server.url,
    signer,
    heartbeatTimeoutMs: 2_000,
    commandTimeoutMs: 1_000,
    reconnect: { initialDelayMs: 10, maxDelayMs: 40, jitter: 0 },
    validate: true,
    ...options,
  });
  clients.add(client);
  return client;
}

export async function closeClients(): Promise<void> {
  await Promise.all([...clients].map((c) => c.close()));
  clients.clear();
}

/** Pulls `n` messages from an iterator, failing after `ms`. */
export async function take<T>(iterator: AsyncIterator<T>, n: number, ms = 2_000): Promise<T[]> {
  const out: T[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const remaining = deadline - Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`got ${out.length} of ${n} messages`)), Math.max(1, remaining));
    });
    try {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) throw new Error(`iterator ended after ${out.length} of ${n} messages`);
      out.push(result.value);
    } finally {
      clearTimeout(timer);
    }
  }
  return out;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function until(predicate: () => boolean, what = 'condition', ms = 3_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

let tradeCounter = 0;

export function fillMsg(overrides: Partial<FillPayload['msg']> = {}): FillPayload['msg'] {
  tradeCounter++;
  const tsMs = overrides.ts_ms ?? 1_700_000_000_000 + tradeCounter * 1_000;
  return {
    trade_id: crypto.randomUUID(),
    order_id: crypto.randomUUID(),
    market_ticker: 'KX-A',
    exchange_index: 0,
    is_taker: true,
    side: 'yes',
    ts: Math.floor(tsMs / 1000),
    ts_ms: tsMs,
    yes_price_dollars: '0.5000',
    count_fp: '1.00',
    fee_cost: '0.0100',
    action: 'buy',
    post_position_fp: '1.00',
    purchased_side: 'yes',
    outcome_side: 'yes',
    book_side: 'bid',
    ...overrides,
  };
}

/** The REST record of the same fill, as GetFills returns it. */
export function restFill(msg: FillPayload['msg']): Schema<'Fill'> {
  return {
    fill_id: msg.trade_id,
    trade_id: msg.trade_id,
    order_id: msg.order_id,
    ticker: msg.market_ticker,
    market_ticker: msg.market_ticker,
    exchange_index: msg.exchange_index,
    side: msg.side,
    action: 'buy',
    outcome_side: msg.outcome_side,
    book_side: msg.book_side,
    count_fp: msg.count_fp,
    yes_price_dollars: msg.yes_price_dollars,
    no_price_dollars: '0.5000',
    is_taker: msg.is_taker,
    created_time: new Date(msg.ts_ms).toISOString(),
    fee_cost: msg.fee_cost,
    ts: msg.ts,
  };
}

export function deltaMsg(market: string, price = '0.4500', delta = '1.00') {
  return { market_ticker: market, market_id: crypto.randomUUID(), price_dollars: price, delta_fp: delta, side: 'yes' };
}

export function tradeMsg(market = 'KX-A') {
  return {
    trade_id: crypto.randomUUID(),
    market_ticker: market,
    yes_price_dollars: '0.4500',
    no_price_dollars: '0.5500',
    count_fp: '3.00',
    taker_side: 'yes',
    taker_outcome_side: 'yes',
    taker_book_side: 'bid',
    is_block_trade: false,
    ts: 1_700_000_000,
    ts_ms: 1_700_000_000_000,
  };
}

/** Cuts the fake server's socket and waits until the subscription is back under a new sid. */
export async function reconnect(server: FakeKalshiServer, sub: { sid: number | undefined }): Promise<void> {
  const old = sub.sid;
  server.drop();
  await until(() => sub.sid !== undefined && sub.sid !== old, 'resubscribed after reconnect');
}
