import { WebSocket } from 'ws';
import { Engine } from '../../packages/sim/src/engine/index.js';
import { startExchange } from '../../packages/sim/src/index.js';
import { startChild, stopChild } from '../lib/child.js';
import { concurrently, measure, type MeasureOptions } from '../lib/measure.js';
import type { Row } from '../lib/report.js';
import { Kalshi, authHeaders, createNodeSigner } from '../lib/sdk.js';

const TICKER = 'KXFED-26MAR-H0';

/** Resting orders that never cross: bids low, asks high, prices cycling so levels stay few. */
function restingOrder(i: number) {
  const bid = i % 2 === 0;
  const cents = bid ? 5 + (i % 30) : 65 + (i % 30);
  return {
    ticker: TICKER, side: bid ? ('bid' as const) : ('ask' as const), count: 1, price: `0.${String(cents).padStart(2, '0')}`,
    time_in_force: 'good_till_canceled' as const, self_trade_prevention_type: 'taker_at_cross' as const,
  };
}

/**
 * The local exchange's own capacity, recorded so later changes can only make it go up: signed
 * order creates over HTTP with 1 and 16 clients, matching-engine operations in process, and one
 * market's deltas fanned out to 100 WebSocket subscribers.
 */
export async function exchangeRows(options: MeasureOptions): Promise<Row[]> {
  const rows: Row[] = [];
  const { child, ready } = await startChild<{ restUrl: string; credentials: Array<{ apiKeyId: string; privateKey: string }> }>(
    './exchange-server.ts', ['16'],
  );
  const clients = ready.credentials.map((c) => new Kalshi({ baseURL: ready.restUrl, ...c, rateLimit: false, maxRetries: 0 }));
  try {
    let n = 0;
    const rates = await measure(
      [
        { name: 'one client', run: (count) => concurrently(count, 1, () => clients[0]!.orders.create(restingOrder(n++))) },
        { name: 'sixteen clients', run: (count) => concurrently(count, 16, () => clients[n % 16]!.orders.create(restingOrder(n++))) },
      ],
      { ...options, startOps: 50 },
    );
    rows.push({ area: 'exchange', name: 'signed order creates over HTTP, 1 client', ours: rates['one client']!, unit: 'orders/s' });
    rows.push({ area: 'exchange', name: 'signed order creates over HTTP, 16 clients', ours: rates['sixteen clients']!, unit: 'orders/s' });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await stopChild(child);
  }
  rows.push({ area: 'exchange', name: 'engine place + cancel in process', ours: await engineRate(options, 1), unit: 'ops/s' });
  rows.push({ area: 'exchange', name: 'WS fan-out: one market to 100 subscribers', ours: await fanOutRate(options), unit: 'frames/s' });
  return rows;
}

/** Place-and-cancel pairs per second on an engine with `markets` markets, orders spread across them. */
export async function engineRate(options: MeasureOptions, markets: number): Promise<number> {
  let id = 0;
  let now = 1_700_000_000_000;
  const engine = new Engine({ now: () => now++, nextId: (kind) => `${kind}-${id++}` });
  for (let m = 0; m < markets; m++) {
    engine.addMarket({ ticker: `M${m}`, eventTicker: 'E', seriesFeeType: 'quadratic', tick: 100, status: 'open' });
  }
  engine.deposit('u', 0, 1e15);
  engine.deposit('maker', 0, 1e15);
  // A resting book of 20 levels per side in every market, so matching walks real ladders.
  for (let m = 0; m < markets; m++) {
    for (let l = 1; l <= 20; l++) {
      engine.placeOrder('maker', { ticker: `M${m}`, side: 'bid', count: 100, price: l * 100, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' });
    }
  }
  let i = 0;
  const rates = await measure(
    [
      {
        name: 'engine',
        run: (n) => {
          for (let k = 0; k < n; k += 2) {
            const ticker = `M${i++ % markets}`;
            const placed = engine.placeOrder('u', { ticker, side: 'bid', count: 100, price: 2500, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' });
            engine.cancelOrder('u', placed.order!.id);
          }
        },
      },
    ],
    { ...options, startOps: 1000 },
  );
  return rates.engine!;
}

async function fanOutRate(options: MeasureOptions): Promise<number> {
  const exchange = await startExchange({ liquidity: false, rateLimits: false });
  const sockets: WebSocket[] = [];
  try {
    const post = (path: string, body: unknown) =>
      fetch(`${exchange.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const { user_id } = (await post('/_sim/users', {})) as { user_id: string };
    const key = (await post(`/_sim/users/${user_id}/keys`, { key_type: 'ed25519' })) as { api_key_id: string; private_key_pem: string };
    const signer = createNodeSigner({ keyId: key.api_key_id, privateKey: key.private_key_pem });
    exchange.state.trading.run((e) => e.deposit('fan', 0, 1e15));
    let received = 0;
    for (let s = 0; s < 100; s++) {
      const socket = new WebSocket(exchange.wsUrl, { headers: authHeaders(signer, 'GET', '/trade-api/ws/v2', Date.now()) });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => socket.send(JSON.stringify({ id: 1, cmd: 'subscribe', params: { channels: ['orderbook_delta'], market_ticker: TICKER } })));
        socket.on('message', (data) => {
          const type = (JSON.parse(data.toString()) as { type: string }).type;
          if (type === 'orderbook_snapshot') resolve();
          else if (type === 'orderbook_delta') received++;
        });
        socket.once('error', reject);
      });
      sockets.push(socket);
    }
    // Each place or cancel changes one level: one delta to each of the 100 subscribers.
    const rates = await measure(
      [
        {
          name: 'fan-out',
          run: async (n) => {
            const target = received + n;
            for (let k = 0; k < n; k += 200) {
              exchange.state.trading.run((e) =>
                e.placeOrder('fan', { ticker: TICKER, side: 'bid', count: 100, price: 1000 + ((k / 200) % 50) * 100, timeInForce: 'good_till_canceled', selfTradePrevention: 'maker' }),
              );
              exchange.state.trading.run((e) => e.cancelAll('fan', { ticker: TICKER }));
            }
            while (received < target) await new Promise((resolve) => setImmediate(resolve));
          },
        },
      ],
      { ...options, startOps: 2000 },
    );
    return rates['fan-out']!;
  } finally {
    for (const socket of sockets) socket.terminate();
    await exchange.close();
  }
}
