/**
 * KalshiWS: the streaming client. It owns one logical connection (socket.ts), the command/reply
 * bookkeeping (commands.ts) and the subscription engine (engine.ts), and turns every incoming frame
 * into a reply, a data message for a subscription, or a reported error — never into nothing.
 */
import { ValidationError } from '../core/errors.js';
import { wsChannels } from '../generated/catalog.js';
import { CommandTracker, ConnectionLostError, serverError, type Frame } from './commands.js';
import { readDeltaFrame } from './delta-frame.js';
import { TypedEmitter } from './emitter.js';
import { Engine } from './engine.js';
import { WebSocketClosedError, WebSocketError, WebSocketFrameError } from './errors.js';
import { resolveOptions, type ResolvedOptions } from './options.js';
import { Connection } from './socket.js';
import { Subscription } from './subscription.js';
import type {
  Channel,
  ClientState,
  CloseInfo,
  KalshiWSOptions,
  ResyncEvent,
  SubscribeParams,
  SubscriptionInfo,
} from './types.js';
import { loadValidator, type FrameValidator } from './validator.js';

export type KalshiWSEvents = {
  open: [];
  close: [info: CloseInfo];
  reconnecting: [attempt: number, delayMs: number];
  /** Every error, including those also delivered to a subscription or a command. */
  error: [error: WebSocketError];
  resync: [event: ResyncEvent];
  /** Each parsed frame before routing, for debugging. */
  frame: [frame: unknown];
};

const CHANNELS: ReadonlySet<string> = new Set(wsChannels.map((c) => c.channel));

interface Queued {
  run(): void;
  reject(error: unknown): void;
}

export class KalshiWS extends TypedEmitter<KalshiWSEvents> {
  readonly url: string;
  readonly #options: ResolvedOptions;
  readonly #connection: Connection;
  readonly #commands: CommandTracker;
  readonly #engine: Engine;
  #state: ClientState = 'idle';
  #validator: FrameValidator | undefined;
  #outbox: Queued[] = [];
  #waiters: { resolve(): void; reject(error: unknown): void }[] = [];

  constructor(options: KalshiWSOptions = {}) {
    const resolved = resolveOptions(options);
    super(resolved.logger);
    this.#options = resolved;
    this.url = resolved.url;
    this.#connection = new Connection(
      {
        url: resolved.url,
        signer: resolved.signer,
        clock: resolved.clock,
        WebSocket: resolved.WebSocket,
        heartbeatTimeoutMs: resolved.heartbeatTimeoutMs,
        handshakeTimeoutMs: resolved.commandTimeoutMs,
        reconnect: resolved.reconnect,
        logger: resolved.logger,
      },
      {
        onOpen: () => this.#onOpen(),
        onMessage: (text) => this.#onMessage(text),
        onClose: (info) => this.#onClose(info),
        onError: (error) => this.emit('error', error),
        onReconnecting: (attempt, delayMs) => {
          this.#options.logger.info('WebSocket reconnecting', { attempt, delayMs });
          this.emit('reconnecting', attempt, delayMs);
        },
        onFatal: (error) => this.#fatal(error),
      },
    );
    this.#commands = new CommandTracker((text) => this.#connection.send(text), resolved.commandTimeoutMs);
    this.#engine = new Engine({
      commands: this.#commands,
      logger: resolved.logger,
      clock: resolved.clock,
      reconnect: resolved.reconnect,
      commandTimeoutMs: resolved.commandTimeoutMs,
      rest: resolved.rest,
      isOpen: () => this.#state === 'open',
      ensureStarted: () => this.#start(),
      reportError: (error, core) => {
        core?.emit('error', error);
        this.emit('error', error);
      },
      reportResync: (event, core) => {
        this.#options.logger.info('WebSocket subscription resync', { ...event });
        core.emit('resync', event);
        this.emit('resync', event);
      },
    });
  }

  get state(): ClientState {
    return this.#state;
  }

  /**
   * Opens the connection; resolves on the first successful handshake. Network failures are retried
   * with backoff (the promise waits); a refused first handshake (HTTP 4xx) rejects, since retrying
   * the same credentials cannot help. subscribe() and listSubscriptions() connect on their own.
   */
  connect(): Promise<void> {
    if (this.#state === 'closed') return Promise.reject(new WebSocketClosedError('the client is closed: create a new KalshiWS'));
    if (this.#state === 'open') return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#start();
    });
  }

  /** Ends every subscription and command, closes the socket and cancels all timers. Final. */
  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    const closed = new WebSocketClosedError('the WebSocket client was closed');
    this.#engine.closeAll();
    this.#commands.failAll(closed);
    for (const queued of this.#outbox.splice(0)) queued.reject(closed);
    for (const waiter of this.#waiters.splice(0)) waiter.reject(closed);
    await this.#connection.stop();
  }

  /**
   * Subscribes to one channel or several (one server subscription each) and returns the handle at
   * once; `await handle.ready` for Kalshi's acknowledgement. Market tickers may be amended later with
   * handle.addMarkets / removeMarkets and survive reconnects.
   */
  subscribe<C extends Channel>(channels: C | readonly C[], params: SubscribeParams = {}): Subscription<C> {
    if (this.#state === 'closed') throw new WebSocketClosedError('the client is closed: create a new KalshiWS');
    const list: C[] = Array.isArray(channels) ? [...(channels as readonly C[])] : [channels as C];
    if (list.length === 0) throw new ValidationError('channels', 'name at least one channel');
    for (const channel of list) {
      if (!CHANNELS.has(channel)) throw new ValidationError('channels', `${JSON.stringify(channel)} is not a Kalshi WebSocket channel`);
    }
    if (new Set(list).size !== list.length) throw new ValidationError('channels', 'a channel is named twice');
    const { market_ticker, market_tickers, ...base } = params ?? {};
    let markets: string[] | undefined;
    if (market_ticker !== undefined || market_tickers !== undefined) {
      markets = [...new Set([...(market_ticker === undefined ? [] : [market_ticker]), ...(market_tickers ?? [])])];
      if (markets.length === 0) throw new ValidationError('market_tickers', 'must not be empty; leave it out to receive every market');
    }
    if (list.includes('orderbook_delta' as C) && !markets) {
      throw new ValidationError('market_tickers', 'orderbook_delta needs market_ticker or market_tickers');
    }
    const { logger, highWaterMark } = this.#options;
    return new Subscription<C>(this.#engine, list, base, markets, logger, highWaterMark);
  }

  /** The server's view of this connection's subscriptions. Waits for a connection if there is none. */
  async listSubscriptions(): Promise<SubscriptionInfo[]> {
    const reply = await this.#request('list_subscriptions', undefined);
    return Array.isArray(reply.msg) ? (reply.msg as SubscriptionInfo[]) : [];
  }

  toJSON() {
    return { url: this.url, state: this.#state, apiKeyId: this.#options.signer?.keyId };
  }

  /** Sends now, or after the next open; a command lost with its socket is sent again. */
  #request(cmd: string, params: object | undefined): Promise<Frame> {
    if (this.#state === 'closed') return Promise.reject(new WebSocketClosedError('the client is closed'));
    return new Promise<Frame>((resolve, reject) => {
      const queued: Queued = {
        run: () => {
          const id = this.#commands.send(cmd, params, {
            onReply: resolve,
            onFail: (error) => (error instanceof ConnectionLostError ? this.#outbox.push(queued) : reject(error)),
          });
          if (id === undefined) this.#outbox.push(queued);
        },
        reject,
      };
      this.#start();
      if (this.#state === 'open') queued.run();
      else this.#outbox.push(queued);
    });
  }

  #start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'connecting';
    if (!this.#options.validate || this.#validator) return this.#connection.start();
    // The validator is compiled before the first socket so every frame, the first included, is checked.
    loadValidator().then(
      (validator) => {
        this.#validator = validator;
        if (this.#state === 'connecting') this.#connection.start();
      },
      (error: Error) => this.#fatal(new WebSocketError(error.message, { cause: error })),
    );
  }

  #onOpen(): void {
    if (this.#state === 'closed') return;
    this.#state = 'open';
    this.#engine.onOpen();
    for (const queued of this.#outbox.splice(0)) queued.run();
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    this.emit('open');
  }

  #onClose(info: CloseInfo): void {
    const wasOpen = this.#state === 'open';
    if (this.#state !== 'closed') this.#state = info.willReconnect ? 'reconnecting' : 'idle';
    if (wasOpen) {
      this.#commands.failAll(new ConnectionLostError('the WebSocket connection was lost'));
      this.#engine.onDisconnect();
    }
    this.emit('close', info);
  }

  #fatal(error: WebSocketError): void {
    if (this.#state !== 'closed') this.#state = 'idle';
    for (const waiter of this.#waiters.splice(0)) waiter.reject(error);
    for (const queued of this.#outbox.splice(0)) queued.reject(error);
    this.#engine.failUnacked(error);
    this.emit('error', error);
  }

  #onMessage(text: string): void {
    // Deltas in Kalshi's own layout skip JSON.parse (see delta-frame.ts); the result is the same.
    let frame: Frame | undefined = readDeltaFrame(text);
    try {
      frame ??= JSON.parse(text) as Frame;
    } catch {
      return this.#badFrame(text, 'is not valid JSON', undefined);
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return this.#badFrame(text, 'is not a JSON object', undefined);
    const problem = this.#validator?.(frame);
    if (problem !== undefined) return this.#badFrame(text, `does not match the spec (${problem})`, frame);
    if (this.listenerCount('frame') > 0) this.emit('frame', frame);

    const { type, sid, seq } = frame;
    if ((type === 'ok' || type === 'unsubscribed' || type === 'error') && typeof sid === 'number' && typeof seq === 'number') {
      this.#engine.onReplySeq(sid, seq);
    }
    switch (type) {
      case 'error': {
        const command = typeof frame.id === 'number' ? this.#commands.commandOf(frame.id) : undefined;
        const handled = this.#commands.settle(frame);
        this.#engine.onServerError(serverError(frame, command), handled);
        return;
      }
      case 'subscribed': {
        const newSid = (frame.msg as { sid?: unknown } | undefined)?.sid;
        if (!this.#commands.settle(frame) && typeof newSid === 'number') this.#engine.onStraySubscribed(newSid);
        return;
      }
      case 'ok':
      case 'unsubscribed':
        if (!this.#commands.settle(frame)) this.#options.logger.debug('reply for no waiting command', { type, id: frame.id });
        return;
    }
    // Data frames may answer a command too (a snapshot requested with get_snapshot carries its id).
    if (typeof frame.id === 'number') this.#commands.settle(frame);
    if (typeof sid === 'number' && typeof type === 'string') return this.#engine.onData(frame as Frame & { sid: number }, type);
    this.#badFrame(text, 'has no sid and is not a reply', frame);
  }

  #badFrame(raw: string, why: string, frame: Frame | undefined): void {
    // A frame that did not parse may still say whose it was; the raw text is searched for that.
    const sid = frame ? (typeof frame.sid === 'number' ? frame.sid : undefined) : numberField(raw, 'sid');
    const hasSeq = frame ? typeof frame.seq === 'number' : numberField(raw, 'seq') !== undefined;
    const error = new WebSocketFrameError(`Kalshi sent a frame that ${why}; it was not delivered`, raw, sid);
    this.#engine.onBadFrame(error, sid, hasSeq);
  }
}

function numberField(raw: string, name: string): number | undefined {
  const match = new RegExp(`"${name}"\\s*:\\s*(\\d+)`).exec(raw);
  return match ? Number(match[1]) : undefined;
}
