/**
 * Public types of the streaming client. Message types come from the generated WebSocket types and
 * the generated channel catalog, so a spec update changes them without edits here.
 */
import type { Environment } from '../core/environments.js';
import type { Logger } from '../core/logger.js';
import type { WsChannel, wsChannels } from '../generated/catalog.js';
import type {
  components,
  FillPayload,
  SubscribeCommandPayload,
  UserOrderPayload,
} from '../generated/ws-types.js';
import type { RequestSigner } from '../internal/auth/signer.js';
import type { Clock } from '../internal/rate-limiter.js';
import type { ListParams, Schema } from '../resources/types.js';
import type { WebSocketConstructor } from './socket.js';

/** One of the 13 data channels. */
export type Channel = WsChannel;

type Schemas = components['schemas'];
type ChannelSpec<C extends Channel> = Extract<(typeof wsChannels)[number], { channel: C }>;
type PayloadName<C extends Channel> = Extract<ChannelSpec<C>['messages'][number]['payload'], keyof Schemas>;

/** Every frame the spec lists for a channel, e.g. snapshot | delta for `orderbook_delta`. */
export type ChannelPayload<C extends Channel> = Schemas[PayloadName<C>];

type Loosen<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/**
 * A fill recovered over REST after a reconnect. REST fills lack `post_position_fp`,
 * `purchased_side` and `client_order_id`, and carry the deprecated `side`/`action` only sometimes,
 * so those fields may be absent; `backfilled` marks the origin.
 */
export type BackfilledFill = Omit<FillPayload, 'msg'> & {
  backfilled: true;
  msg: Loosen<FillPayload['msg'], 'post_position_fp' | 'purchased_side' | 'side' | 'action'>;
};

/**
 * An order's latest state recovered over REST after a reconnect. REST has no `last_update_reason`,
 * only sometimes `exchange_index` and the deprecated `side`, and it gives only the latest state:
 * intermediate updates that happened while offline are not recoverable.
 */
export type BackfilledUserOrder = Omit<UserOrderPayload, 'msg'> & {
  backfilled: true;
  msg: Loosen<UserOrderPayload['msg'], 'exchange_index' | 'side' | 'is_yes'>;
};

/** What a subscription to channel `C` delivers: `ChannelMessage<'fill'>`, `ChannelMessage<'orderbook_delta'>`, … */
export type ChannelMessage<C extends Channel> = C extends 'fill'
  ? ChannelPayload<'fill'> | BackfilledFill
  : C extends 'user_orders'
    ? ChannelPayload<'user_orders'> | BackfilledUserOrder
    : ChannelPayload<C>;

/** Subscribe parameters as the spec has them, minus `channels` (the first argument of subscribe()). */
export type SubscribeParams = Omit<SubscribeCommandPayload['params'], 'channels'>;

export type ResyncReason =
  /** A `seq` was skipped. */
  | 'gap'
  /** A `seq` came twice. */
  | 'duplicate'
  /** A `seq` went backwards. */
  | 'out_of_order'
  /** A frame for this subscription could not be parsed or failed validation. */
  | 'bad_frame'
  /** Kalshi ended the subscription (error code 10 or 25). */
  | 'terminal_error'
  /** The connection was lost; the subscription was made again on a new one. */
  | 'reconnect';

export interface ResyncEvent {
  /** The subscription id that had the problem (the new one may differ). */
  sid: number | undefined;
  channel: Channel;
  reason: ResyncReason;
  /** The subscription's market tickers when it is filtered by market. */
  markets: readonly string[] | undefined;
  /** For sequence problems: the seq that was due and the one that came. */
  expectedSeq?: number;
  receivedSeq?: number;
  /** For terminal errors: Kalshi's error code. */
  code?: number;
}

export interface ReconnectOptions {
  /** First delay (default 500 ms); doubles per failed attempt. */
  initialDelayMs?: number;
  /** Cap on the delay (default 30 000 ms). */
  maxDelayMs?: number;
  /** Fraction of each delay that is randomised, 0–1 (default 0.5): many clients never retry in step. */
  jitter?: number;
}

/** Per-call options backfill passes: `signal` aborts when the subscription or the client closes. */
export interface BackfillCallOptions {
  signal?: AbortSignal;
}

/** The REST calls backfill needs; a `Kalshi` client fits, and so does a test double. */
export interface BackfillSource {
  portfolio?: { fills(params?: ListParams<'GetFills'>, options?: BackfillCallOptions): AsyncIterable<Schema<'Fill'>> };
  orders?: { list(params?: ListParams<'GetOrders'>, options?: BackfillCallOptions): AsyncIterable<Schema<'Order'>> };
}

export interface KalshiWSOptions {
  /** Full socket URL; defaults to one derived from KALSHI_BASE_URL, else the environment's host. */
  url?: string;
  /** 'production' (default) or 'demo'; defaults to KALSHI_ENV. */
  environment?: Environment;
  /** Defaults to KALSHI_API_KEY_ID. */
  apiKeyId?: string;
  /** PEM text or bytes; defaults to KALSHI_PRIVATE_KEY, then the file at KALSHI_PRIVATE_KEY_PATH. */
  privateKey?: string | Uint8Array;
  passphrase?: string;
  signer?: RequestSigner;
  logger?: Logger;
  /**
   * Time source for signing timestamps. Pass `kalshi.clock` (a CorrectedClock) to share the REST
   * client's skew correction: either client's fix then serves both. Any other clock gets a correction
   * of its own. Silences are timed with performance.now(), which no correction moves.
   */
  clock?: Clock;
  /**
   * On a 401 handshake whose Date header shows the signing clock more than 2 s off, correct it and
   * retry once (default true). false signs with `clock` as it is and lets such a 401 stand.
   */
  clockSkewCorrection?: boolean;
  /** A `ws`-compatible constructor (default: `ws`'s WebSocket). */
  WebSocket?: WebSocketConstructor;
  /** No ping, pong or frame for this long means the connection is dead (default 30 000 ms). */
  heartbeatTimeoutMs?: number;
  /** How long a command may wait for its reply once written (default 10 000 ms). */
  commandTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  /**
   * A REST client; when given, fills and user orders missed while disconnected are backfilled,
   * retried with backoff until REST answers (an `error` event per failed try).
   */
  rest?: BackfillSource;
  /** Check every frame against the spec's JSON Schema (needs `ajv`; default false). */
  validate?: boolean;
  /** Buffered messages per consumer above which a warning is logged (default 10 000). */
  highWaterMark?: number;
}

export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface CloseInfo {
  code: number;
  reason: string;
  /** False after close() or a refused first handshake. */
  willReconnect: boolean;
}

export interface SubscriptionInfo {
  channel: string;
  sid: number;
}
