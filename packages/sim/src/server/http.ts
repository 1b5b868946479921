import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError } from './errors.js';

/** Largest accepted request body; Kalshi's largest bodies (batches of orders) are far smaller. */
export const MAX_BODY_BYTES = 1024 * 1024;
// Past this much an oversized upload is not worth draining: answer and drop the connection.
const DRAIN_LIMIT_BYTES = 16 * MAX_BODY_BYTES;

/** Raw path (still percent-encoded) and query string of a request target. */
export function splitTarget(target: string): { rawPath: string; search: string } {
  let rest = target;
  // Absolute-form targets (`GET http://host/path`) are legal HTTP; keep only the path.
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(rest);
  if (absolute) rest = rest.slice(absolute[0].length) || '/';
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return q >= 0 ? { rawPath: rest.slice(0, q), search: rest.slice(q + 1) } : { rawPath: rest, search: '' };
}

/**
 * Buffers the request body up to MAX_BODY_BYTES. A larger body is drained (so the client can read
 * the 413 instead of seeing a reset), unless it is absurdly large, then the socket is dropped.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const tooLarge = () =>
      new ApiError(413, 'payload_too_large', `body: larger than the ${MAX_BODY_BYTES} byte limit`);
    const finish = (err: Error | null, body?: Buffer) => {
      if (settled) return;
      settled = true;
      if (err) reject(err);
      else resolve(body!);
    };
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > DRAIN_LIMIT_BYTES) {
      req.resume();
      finish(Object.assign(tooLarge(), { closeConnection: true }));
      return;
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) finish(Object.assign(tooLarge(), { closeConnection: true }));
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? finish(tooLarge()) : finish(null, Buffer.concat(chunks))));
    req.on('error', (err) => finish(err));
    req.on('close', () => finish(new ApiError(400, 'incomplete_body', 'body: the request ended before its body was complete')));
  });
}

/** Writes a JSON response (or an empty one for `undefined` / 204). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  closeConnection = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const payload = body === undefined || status === 204 ? '' : JSON.stringify(body);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (payload) res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  if (closeConnection) res.setHeader('Connection', 'close');
  res.statusCode = status;
  res.end(payload);
}

/**
 * Requests Node's HTTP parser refuses before any listener runs (an unknown method, a malformed
 * request line or header, headers past the size limit) would get Node's bare reply with no body;
 * they get a Kalshi-shaped error like every other refusal, then the connection is closed, since
 * the parser cannot find where the next request would start.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // As Node's own handler does: once a response has started on this socket, it cannot be answered.
  const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || current?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify({
    code: status === 431 ? 'headers_too_large' : status === 408 ? 'request_timeout' : 'malformed_request',
    message: status === 431 ? 'request headers are larger than the server accepts' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP/1.1',
    details: error.code ?? '',
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export interface HttpServer {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * A node:http server that remembers its sockets, so close() can destroy idle keep-alive
 * connections and leave no open handles behind.
 */
export async function listen(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
): Promise<HttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 5_000 }, listener);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let closing: Promise<void> | null = null;
  return {
    server,
    port: boundPort,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
