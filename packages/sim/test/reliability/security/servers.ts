// Small local HTTP servers the security suite points clients at: each keeps the headers of every
// request (and WebSocket upgrade) it received, so a test can say exactly who sent which credentials.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  upgrade: boolean;
}

export interface LocalServer {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler, onUpgrade?: (req: IncomingMessage, socket: Duplex) => void): Promise<LocalServer & { server: Server }> {
  const received: Received[] = [];
  const sockets = new Set<Duplex>();
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, upgrade: false });
    handler(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, upgrade: true });
    if (onUpgrade) onUpgrade(req, socket);
    else refuse(socket, 401);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Answers an upgrade request with a plain HTTP status and closes. */
export function refuse(socket: Duplex, status: number, extraHeaders: string[] = []): void {
  const body = JSON.stringify({ code: 'refused', message: `refused with ${status}` });
  socket.end([`HTTP/1.1 ${status} Refused`, 'Content-Type: application/json', `Content-Length: ${body.length}`, ...extraHeaders, 'Connection: close', '', body].join('\r\n'));
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Records and answers 200 `{}` to everything; upgrades are refused with 401. */
export function recordingServer(): Promise<LocalServer> {
  return serve((req, res) => {
    req.resume();
    req.on('end', () => json(res, 200, {}));
  });
}

/** Records each request, then forwards it unchanged to `target` (the exchange) and relays the answer. */
export function recordingProxy(target: string): Promise<LocalServer> {
  const { hostname, port } = new URL(target);
  return serve((req, res) => {
    const upstream = httpRequest({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

/** Answers every request and upgrade with `status` and a Location on `target` (same path). */
export function redirectingServer(status: number, target: string): Promise<LocalServer> {
  return serve(
    (req, res) => {
      req.resume();
      res.writeHead(status, { location: `${target}${req.url ?? '/'}`, 'content-length': 0 });
      res.end();
    },
    (req, socket) => refuse(socket, status, [`Location: ${target.replace(/^http/, 'ws')}${req.url ?? '/'}`]),
  );
}

/**
 * A scripted API host: the market ticker in `/markets/<TICKER>` picks the answer.
 *   S<status>   that status with a Kalshi-shaped error body (S200: a market)
 *   NOTJSON     200 with a body that is not JSON
 *   HANG        never answers
 *   DROP        destroys the socket
 *   FLAKY-<id>  503 with Retry-After 0 on the first two attempts of each id, then 200
 */
export function scriptedServer(): Promise<LocalServer> {
  const attempts = new Map<string, number>();
  return serve((req, res) => {
    req.resume();
    const ticker = /\/markets\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
    const status = /^S(\d{3})$/.exec(ticker)?.[1];
    if (status === '200') return json(res, 200, { market: { ticker } });
    if (status !== undefined) return json(res, Number(status), { code: `scripted_${status}`, message: `scripted failure ${status}`, details: 'from the scripted server' });
    if (ticker === 'NOTJSON') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('<html>not json</html>');
    }
    if (ticker === 'HANG') return; // the socket stays open until the client gives up
    if (ticker === 'DROP') return req.socket.destroy();
    if (ticker.startsWith('FLAKY-')) {
      const n = (attempts.get(ticker) ?? 0) + 1;
      attempts.set(ticker, n);
      if (n <= 2) return json(res, 503, { code: 'service_unavailable', message: 'try again' }, { 'retry-after': '0' });
      return json(res, 200, { market: { ticker } });
    }
    return json(res, 404, { code: 'not_found', message: 'no such script' });
  });
}

/** A port that was free a moment ago and is closed now: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = await serve(() => undefined);
  await s.close();
  return s.port;
}
