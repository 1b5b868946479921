import { constants, createPublicKey, verify } from 'node:crypto';
import { Kalshi } from 'kalshi-ts';
import type { Exchange } from 'kalshi-ts-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leakedKeyMaterial, runCli, sandbox } from './helpers/cli.js';
import { admin, newTrader, startSim, type Trader } from './helpers/exchange.js';

const T = 'KXFED-26MAR-H0';

let ex: Exchange;
let box: ReturnType<typeof sandbox>;
let trader: Trader;
let env: NodeJS.ProcessEnv;
let sdk: Kalshi;
const kalshi = (...args: string[]) => runCli(args, { env });

beforeAll(async () => {
  ex = await startSim();
  box = sandbox();
  trader = await newTrader(ex, box.dir);
  env = { ...box.env, ...trader.env };
  sdk = new Kalshi({ baseURL: ex.restUrl, apiKeyId: trader.keyId, privateKey: trader.pem });
});

afterAll(async () => {
  await sdk?.close();
  await ex?.close();
  box?.cleanup();
});

const resting = async () => (await sdk.orders.list({ status: 'resting' }).toArray()).filter((o) => o.ticker === T);

/** Verifies a Kalshi signature with the public half of the trader's key (RSA-PSS is randomised: no golden strings). */
function signatureVerifies(pem: string, timestamp: string, method: string, path: string, signature: string): boolean {
  return verify(
    'sha256',
    Buffer.from(`${timestamp}${method}${path}`),
    { key: createPublicKey(pem), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
    Buffer.from(signature, 'base64'),
  );
}

describe('kalshi portfolio', () => {
  it('shows the balance', async () => {
    const r = await kalshi('portfolio', 'balance');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^available balance\s+\$1,000\.00$/m);
    const json = await kalshi('portfolio', 'balance', '--json');
    expect((JSON.parse(json.stdout) as { balance_dollars: string }).balance_dollars).toMatch(/^1000\.0+$/);
  });
});

describe('kalshi order create', () => {
  it('refuses a live order without a terminal or --yes, after showing cost and fee; places nothing', async () => {
    const r = await kalshi('order', 'create', T, 'buy-yes', '10', '56c');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('BUY 10 YES on KXFED-26MAR-H0 at 0.56');
    expect(r.stderr).toMatch(/cost: +up to \$5\.60/);
    // 0.07 x 10 x 0.56 x 0.44 = 0.17248, rounded up to $0.0001.
    expect(r.stderr).toMatch(/fee: +up to \$0\.1725 \(estimate: 0\.07 x count x price x \(1 - price\), rounded up to \$0\.0001/);
    expect(r.stderr).toMatch(/error: refusing to place a live order without confirmation: stdin is not a terminal \(hint: pass --yes/);
    expect(await resting()).toEqual([]);
  });

  it('takes prices and counts as people write them', async () => {
    const [a, b, c, ambiguous, badCount] = await Promise.all([
      kalshi('order', 'create', T, 'buy-yes', '3', '5c', '--yes'),
      kalshi('order', 'create', T, 'buy-yes', '1.5', '0.06', '--yes', '--json'),
      // A NO price of 3¢ is a YES ask at 0.97 (paying 2 x 0.03).
      kalshi('order', 'create', T, 'buy-no', '2', '3¢', '--yes'),
      kalshi('order', 'create', T, 'buy-yes', '1', '56', '--yes'),
      kalshi('order', 'create', T, 'buy-yes', '1.234', '0.5', '--yes'),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/^order \S+ placed: 0 filled, 3 resting$/m);
    expect(b.code, b.stderr).toBe(0);
    expect((JSON.parse(b.stdout) as { remaining_count: string }).remaining_count).toBe('1.50');
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toContain('sent as ask 2.00 @ 0.97 on the YES leg');
    expect(c.stderr).toMatch(/cost: +up to \$0\.06/);
    const orders = await resting();
    const shape = orders.map((o) => `${o.book_side} ${o.remaining_count_fp} @ ${o.yes_price_dollars}`).sort();
    expect(shape).toEqual(['ask 2.00 @ 0.9700', 'bid 1.50 @ 0.0600', 'bid 3.00 @ 0.0500']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/price: "56" is ambiguous \(hint: write dollars \(0\.56\) or cents \(56c\)\)/);
    expect(badCount.code).toBe(2);
  });

  it('lists, shows, amends, decreases and cancels orders', async () => {
    const list = await kalshi('portfolio', 'orders', '--status', 'resting');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^CREATED \(UTC\)\s+ORDER ID\s+TICKER\s+ACTION\s+YES PRICE\s+FILLED\s+RESTING\s+STATUS$/m);
    const [bid] = (await resting()).filter((o) => o.yes_price_dollars === '0.0500');
    const get = await kalshi('order', 'get', bid!.order_id);
    expect(get.stdout).toMatch(/^yes price\s+0\.05$/m);

    const amend = await kalshi('order', 'amend', bid!.order_id, '--price', '4c', '--count', '5', '--yes');
    expect(amend.code, amend.stderr).toBe(0);
    expect(amend.stderr).toContain('price 0.05 -> 0.04, total count 3 -> 5');
    let order = (await sdk.orders.get(bid!.order_id)).order;
    expect([order.yes_price_dollars, order.remaining_count_fp]).toEqual(['0.0400', '5.00']);

    const decrease = await kalshi('order', 'decrease', bid!.order_id, '--by', '2');
    expect(decrease.code, decrease.stderr).toBe(0);
    expect(decrease.stdout).toMatch(/decreased: 3 resting/);

    const cancel = await kalshi('order', 'cancel', bid!.order_id);
    expect(cancel.code, cancel.stderr).toBe(0);
    expect(cancel.stdout).toMatch(/canceled: 3 contracts no longer resting/);
    order = (await sdk.orders.get(bid!.order_id)).order;
    expect(order.status).toBe('canceled');

    const again = await kalshi('order', 'cancel', bid!.order_id);
    expect(again.code).not.toBe(0);
    const missing = await kalshi('order', 'get', 'no-such-order');
    expect(missing.code).toBe(4);
  });

  it('cancel-all asks first, and cancels every resting order with --yes', async () => {
    expect((await resting()).length).toBeGreaterThan(0);
    const refused = await kalshi('order', 'cancel-all');
    expect(refused.code).toBe(2);
    expect((await resting()).length).toBeGreaterThan(0);
    const r = await kalshi('order', 'cancel-all', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(await resting()).toEqual([]);
  });

  it('--dry-run prints a signed request whose signature verifies, and sends nothing', async () => {
    const r = await kalshi('order', 'create', T, 'buy-yes', '4', '7c', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('dry run: this request is signed but NOT sent');
    const [requestLine, ...rest] = r.stdout.split('\n');
    expect(requestLine).toBe(`POST ${ex.restUrl}/portfolio/events/orders`);
    const headers = Object.fromEntries(rest.slice(0, rest.indexOf('')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
    expect(headers['KALSHI-ACCESS-KEY']).toBe(trader.keyId);
    const path = new URL(ex.restUrl).pathname + '/portfolio/events/orders';
    expect(signatureVerifies(trader.pem, headers['KALSHI-ACCESS-TIMESTAMP']!, 'POST', path, headers['KALSHI-ACCESS-SIGNATURE']!)).toBe(true);
    expect(signatureVerifies(trader.pem, headers['KALSHI-ACCESS-TIMESTAMP']!, 'POST', `${path}x`, headers['KALSHI-ACCESS-SIGNATURE']!)).toBe(false);
    const body = JSON.parse(rest.slice(rest.indexOf('') + 1).join('\n')) as Record<string, unknown>;
    expect(body).toMatchObject({ ticker: T, side: 'bid', count: '4.00', price: '0.07', time_in_force: 'good_till_canceled' });
    expect(await resting()).toEqual([]);

    // It is the real request: the exchange accepts it as printed.
    const sent = await fetch(requestLine!.split(' ')[1]!, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(sent.status).toBe(201);
    expect((await resting()).map((o) => o.client_order_id)).toEqual([body.client_order_id]);

    const json = await kalshi('order', 'cancel-all', '--dry-run', '--json');
    const req = JSON.parse(json.stdout) as { method: string; url: string; headers: Record<string, string> };
    expect(req.method).toBe('DELETE');
    expect(signatureVerifies(trader.pem, req.headers['KALSHI-ACCESS-TIMESTAMP']!, 'DELETE', new URL(req.url).pathname, req.headers['KALSHI-ACCESS-SIGNATURE']!)).toBe(true);
    expect((await resting()).length).toBe(1);
  });

  it('exits 5 with a hint when the exchange rejects the order', async () => {
    const broke = await kalshi('order', 'create', T, 'buy-yes', '100000', '0.99', '--yes');
    expect(broke.code).toBe(5);
    expect(broke.stderr).toMatch(/error: 400 POST \/portfolio\/events\/orders: .*insufficient_balance.*\(hint: not enough available balance/);

    await admin(ex, 'POST', '/_sim/markets/KXPRESPARTY-2028-I/status', { status: 'closed' });
    const closed = await kalshi('order', 'create', 'KXPRESPARTY-2028-I', 'buy-yes', '1', '0.05', '--yes');
    expect(closed.code).toBe(5);
    expect(closed.stderr).toMatch(/market_closed.*\(hint: the market is not open for trading/);
  });
});

describe('fills, positions, settlements and the chart', () => {
  const M = 'KXCPIYOY-26JAN-T3.1';

  it('shows what a taker order did', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await kalshi('order', 'create', M, 'buy-yes', '2', '0.99', '--tif', 'ioc', '--yes');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/placed: 2 filled at an average 0\.\d+, 0 resting/);
    }
    const fills = await kalshi('portfolio', 'fills', '--ticker', M);
    expect(fills.code).toBe(0);
    expect(fills.stdout.trim().split('\n').slice(1)).toHaveLength(3);
    expect(fills.stdout).toMatch(new RegExp(`${M}\\s+buy yes\\s+2\\s+0\\.\\d+\\s+taker\\s+\\$0\\.\\d{4}`));
    const positions = await kalshi('portfolio', 'positions', '--jsonl');
    const position = positions.stdout.trim().split('\n').map((l) => JSON.parse(l) as { ticker: string; position_fp: string }).find((p) => p.ticker === M);
    expect(position?.position_fp).toBe('6.00');
  });

  it('charts the candles', async () => {
    const r = await kalshi('chart', M, '--period', '1m', '--height', '8');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${M}  1m candles \\(traded price\\)`));
    expect(lines.filter((l) => l.includes('┤'))).toHaveLength(8);
    expect(r.stdout).toMatch(/[█▀▄│╵╷]/);
  });

  it('lists settlements', async () => {
    await admin(ex, 'POST', `/_sim/markets/${M}/settle`, { result: 'yes' });
    const r = await kalshi('portfolio', 'settlements');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${M}\\s+yes\\s+6\\s+0\\s+\\$\\d+\\.\\d+\\s+\\$6\\.00`));
  });

  it('printed no key material', () => {
    expect(leakedKeyMaterial([trader.pem])).toEqual([]);
  });
});
