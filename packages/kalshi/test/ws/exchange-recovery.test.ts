import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kalshi } from '../../src/client.js';
import type { Logger } from '../../src/core/logger.js';
import { KalshiWS, WebSocketBackfillError, type ChannelMessage, type WebSocketError } from '../../src/ws/index.js';
import type { Exchange } from '../../../sim/src/index.js';
import { admin, newUser, start } from '../../../sim/test/helpers/exchange.js';
import { freshMarket, fund, gtc, ioc } from '../../../sim/test/trading/helpers.js';
import { until } from './helpers/fixtures.js';

// Against the local exchange: fills missed while the socket was down come through a REST outage
// that outlasts the REST client's own retries, and a local clock two minutes behind the exchange
// does not keep the socket from connecting.

type User = Awaited<ReturnType<typeof newUser>>;
// Long enough for three trades to fall in the disconnect; also the pause between backfill tries.
const RECONNECT_MS = 1_000;

function restClient(ex: Exchange, user: User, maxRetries: number): Kalshi {
  return new Kalshi({ baseURL: ex.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, rateLimit: false, maxRetries });
}

describe('fill backfill through a REST outage', () => {
  let ex: Exchange;
  let alice: User;
  let bob: User;
  let market: string;
  beforeAll(async () => {
    ex = await start({ rateLimits: false });
    [alice, bob] = [await newUser(ex), await newUser(ex)];
    await fund(ex, alice.userId, '1000.00');
    await fund(ex, bob.userId, '1000.00');
    market = await freshMarket(ex);
  });
  afterAll(() => ex.close());

  const fillsOnExchange = (user: User) =>
    ex.state.db.raw.prepare('SELECT id FROM fills WHERE user_id = ?').pluck().all(user.userId) as string[];

  it(
    'delivers every fill made during the disconnect exactly once, after GetFills fails past the retries',
    async () => {
      const aliceRest = restClient(ex, alice, 1);
      const bobRest = restClient(ex, bob, 1);
      const ws = new KalshiWS({
        url: ex.wsUrl,
        apiKeyId: alice.keyId,
        privateKey: alice.privateKeyPem,
        rest: aliceRest,
        reconnect: { initialDelayMs: RECONNECT_MS, maxDelayMs: RECONNECT_MS, jitter: 0 },
      });
      const errors: WebSocketError[] = [];
      ws.on('error', (e) => errors.push(e));
      const delivered: ChannelMessage<'fill'>[] = [];
      const sub = ws.subscribe('fill');
      sub.on('message', (m) => delivered.push(m));
      await sub.ready;
      // Bob rests, Alice takes: one fill each per trade.
      const trade = async () => {
        await bobRest.orders.create(gtc(market, 'bid', '1', '0.40'));
        await aliceRest.orders.create(ioc(market, 'ask', '1', '0.40'));
      };
      await trade();
      await until(() => delivered.length === 1, 'the live fill');

      // Each backfill try costs two requests (the REST client retries once): three tries fail.
      await admin(ex, 'POST', '/_sim/http/faults', { kind: 'status', status: 503, count: 6, operation: 'GetFills', user_id: alice.userId });
      await admin(ex, 'POST', '/_sim/ws/drop', { connection: 'all', user_id: alice.userId });
      await until(() => ws.state === 'reconnecting', 'the drop');
      for (let i = 0; i < 3; i++) await trade();
      expect(ws.state, 'the trades must fall in the disconnect').toBe('reconnecting');
      const missed = fillsOnExchange(alice).filter((id) => id !== delivered[0]!.msg.trade_id);
      expect(missed).toHaveLength(3);

      await until(() => ws.state === 'open', 'the reconnect');
      await trade();
      await until(() => delivered.length === 5, 'every fill', 20_000);
      const ids = delivered.map((m) => m.msg.trade_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(fillsOnExchange(alice).sort());
      // The missed fills came from REST, before the fill made after the reconnect.
      expect(delivered.slice(1, 4).map((m) => m.msg.trade_id).sort()).toEqual([...missed].sort());
      // (The last one may come from REST too, when the backfill that succeeds already sees it.)
      expect(delivered.slice(0, 4).map((m) => 'backfilled' in m)).toEqual([false, true, true, true]);
      const backfillErrors = errors.filter((e) => e instanceof WebSocketBackfillError);
      expect(backfillErrors).toHaveLength(3);
      expect(backfillErrors[0]!.message).toMatch(/try 1 failed, retrying in 1000 ms/);
      const faults = await admin<{ faults: unknown[] }>(ex, 'GET', '/_sim/http/faults');
      expect(faults.faults).toEqual([]);

      await ws.close();
      await Promise.all([aliceRest.close(), bobRest.close()]);
    },
    30_000,
  );

  it('close() aborts a backfill held up by a slow GetFills: the REST request itself is cancelled', async () => {
    const outcomes: string[] = [];
    // The REST client's fetch, watched: the fills request must end by abort, not by its answer.
    const watched: typeof fetch = (input, init) => {
      const response = fetch(input, init);
      if (String(input instanceof Request ? input.url : input).includes('/portfolio/fills')) {
        response.then(
          () => outcomes.push('answered'),
          (error: Error) => outcomes.push(error.name),
        );
      }
      return response;
    };
    const aliceRest = new Kalshi({ baseURL: ex.restUrl, apiKeyId: alice.keyId, privateKey: alice.privateKeyPem, rateLimit: false, fetch: watched });
    const ws = new KalshiWS({ url: ex.wsUrl, apiKeyId: alice.keyId, privateKey: alice.privateKeyPem, rest: aliceRest, reconnect: { initialDelayMs: 20 } });
    const sub = ws.subscribe('fill');
    await sub.ready;
    await admin(ex, 'POST', '/_sim/http/faults', { kind: 'slow', ms: 20_000, operation: 'GetFills', user_id: alice.userId });
    await admin(ex, 'POST', '/_sim/ws/drop', { connection: 'all', user_id: alice.userId });
    // The fault leaves the list when the backfill's request reaches it and is held.
    const held = async () => (await admin<{ faults: unknown[] }>(ex, 'GET', '/_sim/http/faults')).faults.length === 0;
    for (let i = 0; i < 150 && !(await held()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await held()).toBe(true);
    const started = performance.now();
    await ws.close();
    await until(() => outcomes.length === 1, 'the fills request to end', 2_000);
    expect(outcomes).toEqual(['AbortError']);
    expect(performance.now() - started).toBeLessThan(2_000);
    await aliceRest.close();
  });
});

describe('a local clock behind the exchange', () => {
  it('connects anyway: the refused handshake is read, corrected and retried once', async () => {
    const ex = await start({ rateLimits: false });
    try {
      const user = await newUser(ex);
      await admin(ex, 'POST', '/_sim/clock', { advance_ms: 120_000 });
      const warnings: string[] = [];
      const logger: Logger = { debug() {}, info() {}, error() {}, warn: (message: string) => void warnings.push(message) };
      // Its own clock, not a REST client's: the socket has to find the skew by itself.
      const ws = new KalshiWS({ url: ex.wsUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, logger });
      const sub = ws.subscribe('fill');
      await sub.ready;
      expect(ws.state).toBe('open');
      expect(warnings).toEqual(['kalshi clock skew']);
      await ws.close();
    } finally {
      await ex.close();
    }
  });
});
