// kalshi-ts/ws: the streaming client.
export { KalshiWS, type KalshiWSEvents } from './client.js';
export { Subscription, type SubscriptionEvents, type SubscriptionState } from './subscription.js';
export {
  WebSocketError,
  WebSocketConnectionError,
  WebSocketClosedError,
  WebSocketCommandTimeoutError,
  WebSocketServerError,
  WebSocketFrameError,
  WebSocketBackfillError,
  TERMINAL_ERROR_CODES,
} from './errors.js';
export { SEQUENCED_CHANNELS } from './sequence.js';
export { fillFromRest, orderFromRest } from './backfill.js';
export { wsUrlFromRestBase } from './options.js';
export type { WebSocketLike, WebSocketConstructor, HandshakeResponse } from './socket.js';
/** The shape of `kalshi.clock`: a signing clock whose skew correction KalshiWS shares when given it. */
export type { CorrectedClock } from '../internal/clock-offset.js';
export type {
  Channel,
  ChannelMessage,
  ChannelPayload,
  BackfilledFill,
  BackfilledUserOrder,
  BackfillSource,
  BackfillCallOptions,
  SubscribeParams,
  ResyncEvent,
  ResyncReason,
  ReconnectOptions,
  KalshiWSOptions,
  ClientState,
  CloseInfo,
  SubscriptionInfo,
} from './types.js';
