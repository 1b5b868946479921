// The local exchange's WebSocket endpoint (/trade-api/ws/v2).
export { WsHub, type ConnectionSelector, type WsOptions } from './hub.js';
export { marketIdOf, WS_PATH } from './protocol.js';
export {
  delayFrames,
  delaySchema,
  dropConnections,
  dropSchema,
  faultSchema,
  heartbeatSchema,
  injectFault,
  listConnections,
  setHeartbeat,
} from './admin.js';
