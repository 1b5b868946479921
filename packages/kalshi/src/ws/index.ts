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
export type { WebSocketLike, WebSocketConstructor } from './socket.js';
export type {
  Channel,
  ChannelMessage,
  ChannelPayload,
  BackfilledFill,
  BackfilledUserOrder,
  BackfillSource,
  SubscribeParams,
  ResyncEvent,
  ResyncReason,
  ReconnectOptions,
  KalshiWSOptions,
  ClientState,
  CloseInfo,
  SubscriptionInfo,
} from './types.js';
