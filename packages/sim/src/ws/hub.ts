// The exchange's WebSocket endpoint: accepts signed upgrades on the HTTP server, keeps the
// connections and an index of subscriptions by channel, sends heartbeats, and fans committed
// engine operations out to the feeds. One hub per exchange; nothing is shared between exchanges.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Engine, OpResult } from '../engine/index.js';
import type { ExchangeState } from '../server/state.js';
import { handleCommand } from './commands.js';
import { Connection, type ConnectionHost } from './connection.js';
import { authenticateUpgrade, refuseUpgrade } from './handshake.js';
import { IndexFeeds } from './index-feeds.js';
import { Lifecycle } from './lifecycle.js';
import { MarketFeed } from './market-feed.js';
import type { CommandHost } from './params.js';
import { snapshotMsg } from './payloads.js';
import { marketIdOf, WsCommandError, type Channel } from './protocol.js';
import type { Subscription } from './subscription.js';

export interface WsOptions {
  /** Heartbeat ping interval; Kalshi pings every 10 s (the default). Tests shorten it. */
  pingIntervalMs?: number;
  /** Per-connection bytes waiting to be sent above which its subscriptions end with error 25. Default 4 MiB. */
  maxBufferedBytes?: number;
  /** Markets one subscription may name (error 26 beyond). Kalshi publishes no number; default 10 000. */
  maxMarketsPerSubscription?: number;
  /** Largest accepted client frame; commands are small. Default 64 KiB. */
  maxCommandBytes?: number;
}

/** Which connections an admin fault applies to: one id, or every connection (optionally one user's). */
export interface ConnectionSelector {
  connection: number | 'all';
  user_id?: string;
}

const NONE: ReadonlySet<Subscription> = new Set();

export class WsHub implements CommandHost, ConnectionHost {
  readonly connections = new Map<number, Connection>();
  readonly maxBufferedBytes: number;
  readonly maxMarketsPerSubscription: number;
  readonly #state: ExchangeState;
  readonly #wss: WebSocketServer;
  readonly #byChannel = new Map<Channel, Set<Subscription>>();
  readonly #feed: MarketFeed;
  readonly #lifecycle: Lifecycle;
  readonly #indexFeeds: IndexFeeds;
  readonly #pinger: ReturnType<typeof setInterval>;
  #nextId = 1;
  #closed = false;
  #dispatching = false;
  readonly #pending: [OpResult, Engine][] = [];
  #marketIds: Map<string, string> | undefined;

  constructor(state: ExchangeState, options: WsOptions = {}) {
    this.#state = state;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.maxMarketsPerSubscription = options.maxMarketsPerSubscription ?? 10_000;
    // Pongs are answered by hand so that the heartbeat fault can silence them.
    this.#wss = new WebSocketServer({ noServer: true, autoPong: false, perMessageDeflate: false, maxPayload: options.maxCommandBytes ?? 64 * 1024 });
    this.#feed = new MarketFeed({ db: state.db, subscribers: (c) => this.subscribers(c) });
    this.#lifecycle = new Lifecycle({ db: state.db, subscribers: (c) => this.subscribers(c) }, state.trading.engine);
    this.#indexFeeds = new IndexFeeds({ seed: state.config.seed, clock: state.clock, subscribers: (c) => this.subscribers(c) });
    state.trading.onCommit((result, engine) => this.#onCommit(result, engine));
    state.trading.onMarketAdded((ticker) => {
      this.#marketIds = undefined;
      // After the caller's transaction: if it rolled back, the catalog has no row and nothing is said.
      queueMicrotask(() => {
        if (!this.#closed) this.#lifecycle.onMarketAdded(ticker, this.engine, state.clock.now());
      });
    });
    this.#pinger = setInterval(() => this.#ping(), options.pingIntervalMs ?? 10_000);
    this.#pinger.unref();
  }

  get engine(): Engine {
    return this.#state.trading.engine;
  }

  get logger() {
    return this.#state.logger;
  }

  /** Serves upgrades on `server`; other upgrade paths are answered 404. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head));
  }

  /** Drops every connection and stops every timer. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#pinger);
    this.#indexFeeds.close();
    for (const conn of [...this.connections.values()]) {
      conn.socket.terminate();
      conn.dispose();
    }
    this.connections.clear();
    this.#wss.close();
  }

  subscribers(channel: Channel): ReadonlySet<Subscription> {
    return this.#byChannel.get(channel) ?? NONE;
  }

  subscriptionStarted(sub: Subscription): void {
    let set = this.#byChannel.get(sub.channel);
    if (!set) this.#byChannel.set(sub.channel, (set = new Set()));
    set.add(sub);
    if (IndexFeeds.isFeed(sub.channel)) this.#indexFeeds.update(sub.channel);
  }

  subscriptionEnded(sub: Subscription): void {
    const set = this.#byChannel.get(sub.channel);
    set?.delete(sub);
    if (sub.channel === 'ticker' && !set?.size) this.#feed.tickerSubscribersGone();
    if (IndexFeeds.isFeed(sub.channel)) this.#indexFeeds.update(sub.channel);
  }

  sendSnapshots(sub: Subscription, tickers: readonly string[], id?: number): void {
    for (const ticker of tickers) sub.connection.data(sub, 'orderbook_snapshot', snapshotMsg(this.engine, ticker, sub.useYesPrice), id);
  }

  sendTickers(sub: Subscription, tickers: readonly string[]): void {
    this.#feed.sendTickers(sub, tickers, this.engine, this.#state.clock.now());
  }

  instrumentList(channel: Channel): string[] {
    return IndexFeeds.isFeed(channel) ? this.#indexFeeds.list(channel) : [];
  }

  tickerOfMarketId(id: string): string | undefined {
    if (!this.#marketIds) this.#marketIds = new Map(this.engine.listMarkets().map((m) => [marketIdOf(m.ticker), m.ticker]));
    return this.#marketIds.get(id.toLowerCase());
  }

  /** Connections an admin request names; an unknown id selects nothing. */
  select(selector: ConnectionSelector): Connection[] {
    return [...this.connections.values()].filter(
      (c) => (selector.connection === 'all' || c.id === selector.connection) && (selector.user_id === undefined || c.userId === selector.user_id),
    );
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.#closed) {
      socket.destroy();
      return;
    }
    let auth;
    try {
      auth = authenticateUpgrade(req, this.#state.keys, this.#state.clock.now());
    } catch (error) {
      this.logger.debug('WebSocket handshake refused', { error: error instanceof Error ? error.message : String(error) });
      refuseUpgrade(socket, error, this.#state.clock.now());
      return;
    }
    const remote = req.socket.remoteAddress;
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws, auth, remote));
  }

  #accept(ws: WebSocket, auth: ReturnType<typeof authenticateUpgrade>, remote: string | undefined): void {
    if (this.#closed) {
      ws.terminate();
      return;
    }
    const conn = new Connection(this.#nextId++, ws, auth, remote, this);
    this.connections.set(conn.id, conn);
    this.logger.info('WebSocket connected', { connection: conn.id, user: auth.userId });
    ws.on('message', (data) => {
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8');
      try {
        handleCommand(this, conn, text);
      } catch (error) {
        this.logger.error('WebSocket command failed', { connection: conn.id, error: String(error) });
        conn.error(undefined, new WsCommandError(1, 'the command could not be processed'));
      }
    });
    ws.on('ping', (data) => {
      if (conn.heartbeat && conn.open) ws.pong(data);
    });
    ws.on('error', (error) => this.logger.debug('WebSocket error', { connection: conn.id, error: error.message }));
    ws.on('close', (code) => {
      this.connections.delete(conn.id);
      conn.dispose();
      this.logger.info('WebSocket closed', { connection: conn.id, code });
    });
  }

  #ping(): void {
    for (const conn of this.connections.values()) {
      if (conn.heartbeat && conn.open) conn.socket.ping('heartbeat');
    }
  }

  /**
   * Results are handled strictly in commit order. A commit listener that itself trades (the
   * liquidity provider) commits inside this one; its result waits until the current one is out.
   */
  #onCommit(result: OpResult, engine: Engine): void {
    this.#pending.push([result, engine]);
    if (this.#dispatching) return;
    this.#dispatching = true;
    for (let next = this.#pending.shift(); next; next = this.#pending.shift()) {
      const [r, e] = next;
      try {
        this.#feed.onCommit(r, e);
        this.#lifecycle.onCommit(r, e);
      } catch (error) {
        // One operation's frames failing must not cost the operations queued behind it theirs.
        this.logger.error('WebSocket feed failed on a committed operation', { error: String(error) });
      }
    }
    this.#dispatching = false;
  }
}
