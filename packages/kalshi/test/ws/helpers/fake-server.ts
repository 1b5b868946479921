/**
 * A scriptable stand-in for Kalshi's WebSocket endpoint on 127.0.0.1: it verifies the signed
 * handshake with the public key, answers the four commands the way the spec describes (numbering
 * replies and data per sid), and lets a test inject faults: dropped sockets, skipped or repeated seq,
 * malformed frames, silence, refused handshakes, swallowed commands.
 */
import crypto, { type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const WS_PATH = '/trade-api/ws/v2';
const PSS = { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };

export interface Handshake {
  keyId: string | undefined;
  timestamp: string | undefined;
  path: string;
  valid: boolean;
}

export interface Command {
  id: number;
  cmd: string;
  params?: Record<string, unknown> & { sid?: number; sids?: number[]; market_tickers?: string[]; action?: string; channels?: string[] };
  connection: number;
}

export interface ServerSub {
  sid: number;
  channel: string;
  markets: string[];
  seq: number;
  params: Record<string, unknown>;
}

type Frame = Record<string, unknown>;

export class FakeKalshiServer {
  readonly handshakes: Handshake[] = [];
  readonly commands: Command[] = [];
  /** Subscriptions of the current connection, by sid. */
  subs = new Map<number, ServerSub>();
  connections = 0;
  socket: WebSocket | undefined;
  /** Server pings on a timer; set false to go quiet. */
  pinging = true;
  /** Answer client pings with pongs; set false (with pinging) to look dead. */
  answerPings = true;
  /** Refuse every handshake with this HTTP status. */
  refuseWith: number | undefined;
  /** How far the server's clock is ahead of the local one: it judges timestamps and dates refusals by it. */
  clockOffsetMs = 0;
  /** Return true to take over a command (the default handling is skipped). */
  intercept: ((command: Command) => boolean | void) | undefined;
  #nextSid = 1;
  readonly #wss: WebSocketServer;
  readonly #publicKey: KeyObject;
  readonly #pingMs: number;

  private constructor(wss: WebSocketServer, publicKey: KeyObject, pingMs: number) {
    this.#wss = wss;
    this.#publicKey = publicKey;
    this.#pingMs = pingMs;
  }

  static async start(options: { publicKey: KeyObject; pingIntervalMs?: number }): Promise<FakeKalshiServer> {
    const ref: { server?: FakeKalshiServer } = {};
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      autoPong: false,
      verifyClient: (info, cb) => ref.server!.#verify(info.req.headers, info.req.url ?? '', cb),
    });
    const server = new FakeKalshiServer(wss, options.publicKey, options.pingIntervalMs ?? 50);
    ref.server = server;
    wss.on('connection', (socket) => server.#accept(socket));
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return server;
  }

  get url(): string {
    const { port } = this.#wss.address() as AddressInfo;
    return `ws://127.0.0.1:${port}${WS_PATH}`;
  }

  /** Sends a frame (an object as JSON, a string verbatim) on the current connection. */
  send(frame: Frame | string): void {
    this.socket?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sub(channel: string): ServerSub {
    const sub = [...this.subs.values()].find((s) => s.channel === channel);
    if (!sub) throw new Error(`no live ${channel} subscription on the fake server`);
    return sub;
  }

  /**
   * Publishes a data frame on the channel's subscription. `seq` may be 'skip' (jump one), 'repeat'
   * (reuse the last) or a number; sequenced channels get the next number by default.
   */
  publish(channel: string, type: string, msg: Frame, seq: 'next' | 'skip' | 'repeat' | number | 'none' = 'next'): void {
    const sub = this.sub(channel);
    const frame: Frame = { type, sid: sub.sid };
    if (seq !== 'none') {
      if (seq === 'next') sub.seq += 1;
      else if (seq === 'skip') sub.seq += 2;
      else if (typeof seq === 'number') sub.seq = seq;
      frame.seq = sub.seq;
    }
    frame.msg = msg;
    this.send(frame);
  }

  /** Cuts the current connection without a closing handshake. */
  drop(): void {
    this.socket?.terminate();
  }

  commandsNamed(cmd: string): Command[] {
    return this.commands.filter((c) => c.cmd === cmd);
  }

  async waitFor(predicate: () => boolean, what = 'condition', timeoutMs = 3_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #verify(
    headers: Record<string, string | string[] | undefined>,
    path: string,
    cb: (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void,
  ): void {
    const header = (name: string) => {
      const value = headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const keyId = header('kalshi-access-key');
    const timestamp = header('kalshi-access-timestamp');
    const signature = header('kalshi-access-signature');
    let valid = false;
    if (keyId && timestamp && signature && path === WS_PATH) {
      const fresh = Math.abs(Date.now() + this.clockOffsetMs - Number(timestamp)) < 5_000;
      const message = Buffer.from(`${timestamp}GET${path}`);
      valid = fresh && crypto.verify('sha256', message, { key: this.#publicKey, ...PSS }, Buffer.from(signature, 'base64'));
    }
    this.handshakes.push({ keyId, timestamp, path, valid });
    // A skewed server says what time it is, as Kalshi's Date header does; an exact one stays silent.
    const date = this.clockOffsetMs === 0 ? undefined : { Date: new Date(Date.now() + this.clockOffsetMs).toUTCString() };
    if (this.refuseWith !== undefined) return cb(false, this.refuseWith, undefined, date);
    if (valid) cb(true);
    else cb(false, 401, undefined, date);
  }

  #accept(socket: WebSocket): void {
    const connection = ++this.connections;
    this.socket?.terminate();
    this.socket = socket;
    this.subs = new Map();
    const timer = setInterval(() => this.pinging && socket.ping('heartbeat'), this.#pingMs);
    socket.on('ping', (data) => this.answerPings && socket.pong(data));
    socket.on('close', () => clearInterval(timer));
    socket.on('message', (data) => {
      const command = { ...(JSON.parse(data.toString()) as Omit<Command, 'connection'>), connection };
      this.commands.push(command);
      if (socket !== this.socket) return;
      if (this.intercept?.(command) === true) return;
      this.#answer(command);
    });
  }

  #error(id: number, code: number, msg: string, sid?: number): void {
    this.send(sid === undefined ? { type: 'error', id, msg: { code, msg } } : { type: 'error', id, sid, msg: { code, msg } });
  }

  #answer({ id, cmd, params = {} }: Command): void {
    if (cmd === 'subscribe') {
      const markets = [...(params.market_tickers ?? []), ...(typeof params.market_ticker === 'string' ? [params.market_ticker] : [])];
      for (const channel of params.channels ?? []) {
        if (channel === 'bogus') return this.#error(id, 8, 'Unknown channel name');
        if (channel === 'orderbook_delta' && markets.length === 0) return this.#error(id, 14, 'Market Ticker required');
        const sub: ServerSub = { sid: this.#nextSid++, channel, markets: [...markets], seq: 0, params };
        this.subs.set(sub.sid, sub);
        this.send({ type: 'subscribed', id, msg: { channel, sid: sub.sid } });
        if (channel === 'orderbook_delta') for (const m of markets) this.snapshot(sub, m);
      }
      return;
    }
    if (cmd === 'unsubscribe') {
      for (const sid of params.sids ?? []) {
        const sub = this.subs.get(sid);
        if (!sub) return this.#error(id, 7, 'Unknown subscription ID');
        this.subs.delete(sid);
        this.send({ type: 'unsubscribed', id, sid, seq: ++sub.seq });
      }
      return;
    }
    if (cmd === 'list_subscriptions') {
      this.send({ type: 'ok', id, msg: [...this.subs.values()].map((s) => ({ channel: s.channel, sid: s.sid })) });
      return;
    }
    if (cmd === 'update_subscription') {
      const sub = this.subs.get(params.sid ?? params.sids?.[0] ?? -1);
      if (!sub) return this.#error(id, 7, 'Unknown subscription ID');
      const tickers = params.market_tickers ?? [];
      if (params.action === 'add_markets') sub.markets.push(...tickers.filter((t) => !sub.markets.includes(t)));
      else if (params.action === 'delete_markets') sub.markets = sub.markets.filter((t) => !tickers.includes(t));
      else if (params.action !== 'get_snapshot') return this.#error(id, 13, 'Unsupported action', sub.sid);
      this.send({ type: 'ok', id, sid: sub.sid, seq: ++sub.seq, msg: { market_tickers: sub.markets } });
      if (sub.channel === 'orderbook_delta' && params.action !== 'delete_markets') for (const m of tickers) this.snapshot(sub, m);
      return;
    }
    this.#error(id, 5, 'Unknown command');
  }

  snapshot(sub: ServerSub, market: string): void {
    this.send({
      type: 'orderbook_snapshot',
      sid: sub.sid,
      seq: ++sub.seq,
      msg: { market_ticker: market, market_id: crypto.randomUUID(), yes_dollars_fp: [['0.4500', '10.00']], no_dollars_fp: [] },
    });
  }
}
