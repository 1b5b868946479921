/**
 * The one seam between the request pipeline and the network. The Node build plugs in undici;
 * anything else (browsers, Deno, Bun, tests) passes a `fetch`, adapted here.
 */

export interface HttpRequest {
  method: string;
  /** Absolute URL including the query string. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  /** Per-attempt limit in ms (0: none). The transport enforces it and throws TransportTimeout. */
  timeoutMs: number;
}

/** Thrown by a transport when an attempt ran out of time, told apart from the caller's abort. */
export class TransportTimeout extends Error {
  constructor() {
    super('timeout');
  }
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  close?(): Promise<void>;
}

/** The subset of WHATWG fetch the SDK relies on. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal; redirect?: 'manual' },
) => Promise<{ status: number; headers: { forEach(cb: (value: string, key: string) => void): void }; text(): Promise<string> }>;

export function fetchTransport(fetchImpl: FetchLike): Transport {
  return {
    async send(request) {
      // fetch has no timeout of its own: one controller carries both the deadline and the caller's abort.
      const controller = new AbortController();
      const timer = request.timeoutMs > 0 ? setTimeout(() => controller.abort(new TransportTimeout()), request.timeoutMs) : undefined;
      const onAbort = () => controller.abort(request.signal?.reason);
      request.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        // A followed redirect would carry the KALSHI-ACCESS-* headers to whatever host Location names
        // (fetch strips only Authorization): the 3xx comes back as an error instead, as with undici.
        const init: Parameters<FetchLike>[1] = { method: request.method, headers: request.headers, signal: controller.signal, redirect: 'manual' };
        if (request.body !== undefined) init.body = request.body;
        const response = await fetchImpl(request.url, init);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, key) => {
          headers[key.toLowerCase()] = value;
        });
        return { status: response.status, headers, body: await response.text() };
      } catch (error) {
        throw controller.signal.reason instanceof TransportTimeout ? controller.signal.reason : error;
      } finally {
        if (timer) clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
