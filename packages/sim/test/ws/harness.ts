// Shared setup of the socket tests: an exchange with a fast heartbeat and no liquidity provider
// (books change only when a test trades), funded users, SDK and raw clients, and a check of every
// frame a test receives against the spec's payload schema for its `type`.
import { Ajv, type ValidateFunction } from 'ajv';
import { Kalshi } from 'kalshi-ts';
import { wsChannels, wsSchemas } from 'kalshi-ts/generated';
import { KalshiWS, type KalshiWSOptions } from 'kalshi-ts/ws';
import { WebSocket } from 'ws';
import type { Exchange, ExchangeOptions } from '../../src/index.js';
import type { BookSide, OpResult } from '../../src/engine/index.js';
import { unitsToCount, unitsToDollars } from '../../src/fixed.js';
import { newUser, start } from '../helpers/exchange.js';
import { signHeaders, type Credentials } from '../helpers/sign.js';

// ---- every frame against the spec ----------------------------------------------------------

const REPLIES: Record<string, string[]> = {
  subscribed: ['subscribedResponsePayload'],
  unsubscribed: ['unsubscribedResponsePayload'],
  error: ['errorResponsePayload'],
  ok: ['okResponsePayload', 'listSubscriptionsResponsePayload', 'subscribedIndicesResponsePayload', 'subscribedUnderlyingsResponsePayload'],
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });
ajv.addFormat('uuid', { type: 'string', validate: (s: string) => UUID.test(s) });
ajv.addFormat('date-time', { type: 'string', validate: (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(s) });
ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isSafeInteger(n) });
ajv.addSchema({ $id: 'ws', $defs: wsSchemas });
const byType = new Map<string, ValidateFunction>();
{
  const names = new Map<string, Set<string>>(Object.entries(REPLIES).map(([t, n]) => [t, new Set(n)]));
  for (const spec of wsChannels) {
    for (const m of spec.messages) {
      if (!m.type || !m.payload) continue;
      names.set(m.type, (names.get(m.type) ?? new Set()).add(m.payload));
    }
  }
  for (const [type, set] of names) byType.set(type, ajv.compile({ anyOf: [...set].map((n) => ({ $ref: `ws#/$defs/${n}` })) }));
}

/** What every test file checks at the end: frames seen, and the ones that broke the spec. */
export const frames = { checked: 0, types: new Set<string>(), problems: [] as string[] };

export function checkFrame(frame: unknown): void {
  frames.checked++;
  const type = (frame as { type?: unknown }).type;
  const validate = typeof type === 'string' ? byType.get(type) : undefined;
  if (typeof type === 'string') frames.types.add(type);
  if (!validate) frames.problems.push(`unknown type: ${JSON.stringify(frame).slice(0, 200)}`);
  else if (!validate(frame)) frames.problems.push(`${ajv.errorsText(validate.errors)}: ${JSON.stringify(frame).slice(0, 300)}`);
}

// ---- exchange, users, trading ----------------------------------------------------------------

export const TICK_CENT = ['KXFED-26MAR-C25', 'KXFED-26MAR-C50', 'KXFED-26MAR-H0', 'KXHIGHNY-26JAN15-T38', 'KXPRESPARTY-2028-D'];

export function startWs(options: ExchangeOptions = {}): Promise<Exchange> {
  return start({ liquidity: false, rateLimits: false, ...options, ws: { pingIntervalMs: 200, ...options.ws } });
}

export type User = Credentials & { userId: string };

/** A user with one key and $100,000 on the primary account. */
export async function funded(ex: Exchange): Promise<User> {
  const user = await newUser(ex);
  ex.state.trading.run((e) => e.deposit(user.userId, 0, 100_000 * 1_000_000));
  return user;
}

/** A good-till-canceled limit order; price in $0.0001 units, count in contracts. */
export function place(ex: Exchange, user: User, ticker: string, side: BookSide, price: number, contracts: number, clientOrderId?: string): OpResult {
  return ex.state.trading.run((e) =>
    e.placeOrder(user.userId, {
      ticker,
      side,
      price,
      count: contracts * 100,
      timeInForce: 'good_till_canceled',
      selfTradePrevention: 'taker_at_cross',
      ...(clientOrderId ? { clientOrderId } : {}),
    }),
  );
}

/** The engine's book in the REST `orderbook_fp` shape. */
export function engineBook(ex: Exchange, ticker: string) {
  const book = ex.state.trading.engine.orderbook(ticker);
  const leg = (levels: [number, number][]) => levels.map(([p, c]): [string, string] => [unitsToDollars(p), unitsToCount(c)]);
  return { orderbook_fp: { yes_dollars: leg(book.yes), no_dollars: leg(book.no) } };
}

/** The REST book: GetMarketOrderbook when the route exists, else the engine's book in its shape. */
export async function restBook(ex: Exchange, kalshi: Kalshi, ticker: string) {
  return ex.handlers.GetMarketOrderbook ? kalshi.markets.orderbook(ticker) : engineBook(ex, ticker);
}

export function rest(ex: Exchange, user: User): Kalshi {
  return new Kalshi({ baseURL: ex.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, rateLimit: false, maxRetries: 0 });
}

// ---- clients ---------------------------------------------------------------------------------

/** The SDK client with short timers; every frame it parses is checked against the spec. */
export function sdk(ex: Exchange, user: User, options: KalshiWSOptions = {}): KalshiWS {
  const ws = new KalshiWS({
    url: ex.wsUrl,
    apiKeyId: user.keyId,
    privateKey: user.privateKeyPem,
    heartbeatTimeoutMs: 2_000,
    commandTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 30, maxDelayMs: 150, jitter: 0.2 },
    ...options,
  });
  ws.on('frame', checkFrame);
  ws.on('error', () => {});
  return ws;
}

/** A bare socket for protocol tests: send commands, await frames, see pings. */
export class RawClient {
  readonly received: Record<string, unknown>[] = [];
  readonly pings: string[] = [];
  #waiters: { match: (f: Record<string, unknown>) => boolean; resolve: (f: Record<string, unknown>) => void }[] = [];
  #nextId = 1;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      checkFrame(frame);
      this.received.push(frame);
      this.#waiters = this.#waiters.filter((w) => (w.match(frame) ? (w.resolve(frame), false) : true));
    });
    socket.on('ping', (data) => this.pings.push(String(data)));
  }

  static open(ex: Exchange, user: User, headers?: Record<string, string>): Promise<RawClient> {
    const path = new URL(ex.wsUrl).pathname;
    const socket = new WebSocket(ex.wsUrl, { headers: headers ?? signHeaders(user, { method: 'GET', path, timestampMs: Date.now() }) });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a command (with the next id unless `id` is in it) and returns that id. */
  send(command: Record<string, unknown>): number {
    const id = 'id' in command ? (command.id as number) : this.#nextId++;
    this.socket.send(JSON.stringify({ id, ...command }));
    return id;
  }

  /** The first frame, already received or still to come, that matches. */
  next(match: (f: Record<string, unknown>) => boolean, timeoutMs = 2_000): Promise<Record<string, unknown>> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching frame within the timeout')), timeoutMs);
      this.#waiters.push({ match, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** The reply (or first reply) to the command with this id. */
  reply(id: number): Promise<Record<string, unknown>> {
    return this.next((f) => f.id === id);
  }

  /** Sends and waits for the reply. */
  async command(command: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.reply(this.send(command));
  }

  close(): void {
    this.socket.terminate();
  }
}

export async function until(condition: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
