/**
 * The handle subscribe() returns. It stays the same object for the life of the subscription: when a
 * reconnect or a resync makes Kalshi assign new sids, only the state behind it changes, so loops and
 * listeners keep working. The engine (engine.ts) does the protocol work; this file is what users touch.
 */
import type { Logger } from '../core/logger.js';
import { TypedEmitter, type Listener } from './emitter.js';
import { WebSocketClosedError, type WebSocketError } from './errors.js';
import { MessageStream } from './message-stream.js';
import type { Channel, ChannelMessage, ResyncEvent, SubscribeParams } from './types.js';

export type SubscriptionEvents<C extends Channel> = {
  message: [message: ChannelMessage<C>];
  /** Errors that belong to this subscription (they are also emitted on the client). */
  error: [error: WebSocketError];
  resync: [event: ResyncEvent];
};

export type SubscriptionState = 'subscribing' | 'active' | 'failed' | 'closed';

/** Subscribe parameters minus the market filter, which the subscription tracks itself. */
export type BaseParams = Omit<SubscribeParams, 'market_ticker' | 'market_tickers'>;

/** The operations the handle asks of the engine. */
export interface SubscriptionEngine {
  register(core: SubscriptionCore): void;
  updateMarkets(core: SubscriptionCore, action: 'add_markets' | 'delete_markets', tickers: string[]): Promise<void>;
  snapshot(core: SubscriptionCore): Promise<void>;
  unsubscribe(core: SubscriptionCore): Promise<void>;
}

type Emit = <E extends keyof SubscriptionEvents<Channel>>(event: E, ...args: SubscriptionEvents<Channel>[E]) => void;

/** Shared state of one handle, owned by the engine. */
export class SubscriptionCore<C extends Channel = Channel> {
  state: SubscriptionState = 'subscribing';
  /** Market tickers when the subscription is filtered by ticker; undefined means no ticker filter. */
  markets: string[] | undefined;
  readonly sids = new Map<C, number>();
  readonly stream: MessageStream<ChannelMessage<C>>;
  readonly ready: Promise<void>;
  #settleReady: ((error?: unknown) => void) | undefined;

  constructor(
    readonly channels: readonly C[],
    readonly params: BaseParams,
    markets: string[] | undefined,
    readonly emit: Emit,
    logger: Logger,
    highWaterMark: number,
  ) {
    this.markets = markets;
    this.stream = new MessageStream(logger, highWaterMark, channels.join('+'));
    this.ready = new Promise<void>((resolve, reject) => {
      this.#settleReady = (error) => (error === undefined ? resolve() : reject(error));
    });
    // Failures also reach 'error' listeners, so an unawaited `ready` must not crash the process.
    this.ready.catch(() => {});
  }

  get live(): boolean {
    return this.state === 'subscribing' || this.state === 'active';
  }

  acked(channel: C, sid: number): void {
    this.sids.set(channel, sid);
    if (this.state === 'subscribing' && this.channels.every((c) => this.sids.has(c))) {
      this.state = 'active';
      this.#settleReady?.();
      this.#settleReady = undefined;
    }
  }

  deliver(message: ChannelMessage<C>): void {
    this.emit('message', message as ChannelMessage<Channel>);
    this.stream.push(message);
  }

  /** The subscription could not be made: `ready` rejects and loops throw after draining. */
  fail(error: WebSocketError): void {
    if (!this.live) return;
    this.state = 'failed';
    this.#settleReady?.(error);
    this.#settleReady = undefined;
    this.stream.end(error);
  }

  /** Unsubscribed or client closed: loops finish after draining; an unacknowledged `ready` rejects. */
  close(reason: string): void {
    if (!this.live) return;
    this.state = 'closed';
    this.#settleReady?.(new WebSocketClosedError(`subscription to ${this.channels.join(', ')} ${reason} before Kalshi acknowledged it`));
    this.#settleReady = undefined;
    this.stream.end();
  }
}

/**
 * A live subscription. `await sub.ready` resolves (to the handle) once Kalshi has acknowledged every
 * channel; `for await (const m of sub)` iterates its messages; `sub.on('message', fn)` pushes them.
 * The handle itself is deliberately not thenable: a thenable cannot be returned from an async function
 * without being unwrapped, which would lose the handle.
 */
export class Subscription<C extends Channel = Channel>
  extends TypedEmitter<SubscriptionEvents<C>>
  implements AsyncIterable<ChannelMessage<C>>
{
  readonly channels: readonly C[];
  readonly ready: Promise<this>;
  readonly #core: SubscriptionCore<C>;
  readonly #engine: SubscriptionEngine;
  readonly #logger: Logger;

  /** @internal Made by KalshiWS.subscribe(). */
  constructor(
    engine: SubscriptionEngine,
    channels: readonly C[],
    params: BaseParams,
    markets: string[] | undefined,
    logger: Logger,
    highWaterMark: number,
  ) {
    // Its errors also go to the client's 'error' event, which warns when nobody listens.
    super(logger, false);
    this.channels = channels;
    this.#engine = engine;
    this.#logger = logger;
    // Bound rather than wrapped in a rest/spread closure: this runs once per delivered message.
    const emit = (this.emit as (event: string, ...args: unknown[]) => void).bind(this) as Emit;
    this.#core = new SubscriptionCore(channels, params, markets, emit, logger, highWaterMark);
    this.ready = this.#core.ready.then(() => this);
    this.ready.catch(() => {});
    engine.register(this.#core as unknown as SubscriptionCore);
  }

  /** The sid of the first channel on the current connection; undefined while (re)subscribing. */
  get sid(): number | undefined {
    return this.#core.sids.get(this.channels[0] as C);
  }

  /** Every channel's latest sid. */
  get sids(): ReadonlyMap<C, number> {
    return this.#core.sids;
  }

  /** The current ticker filter, as amended by addMarkets/removeMarkets. */
  get markets(): readonly string[] | undefined {
    return this.#core.markets ? [...this.#core.markets] : undefined;
  }

  get state(): SubscriptionState {
    return this.#core.state;
  }

  /** A first 'message' listener also receives what arrived before it, so nothing is missed. */
  override on<E extends keyof SubscriptionEvents<C>>(event: E, listener: Listener<SubscriptionEvents<C>[E]>): this {
    super.on(event, listener);
    if (event === 'message') {
      for (const message of this.#core.stream.takeEarly()) {
        try {
          (listener as Listener<[ChannelMessage<C>]>)(message);
        } catch (error) {
          this.#logger.error("a 'message' listener threw", { error });
        }
      }
    }
    return this;
  }

  /** Adds tickers to the filter (update_subscription add_markets); kept across reconnects. */
  addMarkets(tickers: readonly string[]): Promise<void> {
    return this.#engine.updateMarkets(this.#core as unknown as SubscriptionCore, 'add_markets', [...tickers]);
  }

  /** Removes tickers from the filter (update_subscription delete_markets). */
  removeMarkets(tickers: readonly string[]): Promise<void> {
    return this.#engine.updateMarkets(this.#core as unknown as SubscriptionCore, 'delete_markets', [...tickers]);
  }

  /** Asks for fresh order book snapshots of every market (orderbook_delta only); they arrive as messages. */
  snapshot(): Promise<void> {
    return this.#engine.snapshot(this.#core as unknown as SubscriptionCore);
  }

  /** Ends the subscription; running loops finish after the messages already buffered. */
  unsubscribe(): Promise<void> {
    return this.#engine.unsubscribe(this.#core as unknown as SubscriptionCore);
  }

  [Symbol.asyncIterator](): AsyncIterator<ChannelMessage<C>> {
    return this.#core.stream.iterator();
  }
}
