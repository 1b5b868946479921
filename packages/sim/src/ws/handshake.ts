// The upgrade request is authenticated exactly like a REST call (same headers, same timestamp
// window), signing GET and the socket path. A refusal is an ordinary HTTP response on the raw
// socket, so clients see the status code (401, 403, 404) instead of a reset.
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { OperationSpec } from 'kalshi-ts/generated';
import { authenticate, type AuthInfo, type KeyStore } from '../server/auth.js';
import { ApiError, forbidden, notFound } from '../server/errors.js';
import { splitTarget } from '../server/http.js';
import { WS_PATH } from './protocol.js';

// The socket is not a REST operation; this describes it to the shared authenticator.
const SOCKET_OPERATION: OperationSpec = {
  id: 'WebSocket',
  method: 'GET',
  path: '/ws/v2',
  tag: 'websocket',
  params: [],
  requestBody: null,
  requestBodyRequired: false,
  response: null,
  successStatus: 101,
  auth: true,
  deprecated: false,
  bucket: 'read',
  cost: null,
};

/** The authenticated caller of an upgrade request; throws an ApiError to refuse it. */
export function authenticateUpgrade(req: IncomingMessage, keys: KeyStore, nowMs: number): AuthInfo {
  const { rawPath } = splitTarget(req.url ?? '/');
  if (rawPath !== WS_PATH && rawPath !== `${WS_PATH}/`) throw notFound(`no WebSocket endpoint at ${rawPath}; connect to ${WS_PATH}`);
  const auth = authenticate(SOCKET_OPERATION, 'GET', WS_PATH, req.headers, keys, nowMs);
  if (!auth) throw new ApiError(401, 'missing_auth_headers', 'the WebSocket handshake must be signed');
  if (!auth.scopes.includes('read')) throw forbidden('insufficient_scope', "this API key lacks the 'read' scope the WebSocket needs");
  return auth;
}

/**
 * Writes an HTTP error response on a socket that asked to upgrade, then closes it. The Date header
 * carries the exchange clock `nowMs`, as REST answers do, so a client can tell a skewed clock from a bad key.
 */
export function refuseUpgrade(socket: Duplex, error: unknown, nowMs: number): void {
  const apiError = error instanceof ApiError ? error : new ApiError(500, 'internal_error', 'the handshake could not be processed');
  const body = JSON.stringify(apiError.toBody());
  const head = [
    `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status] ?? 'Error'}`,
    `Date: ${new Date(nowMs).toUTCString()}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ];
  if (socket.writable) socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
  else socket.destroy();
}
