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
  signal: AbortSignal;
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
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { forEach(cb: (value: string, key: string) => void): void }; text(): Promise<string> }>;

export function fetchTransport(fetchImpl: FetchLike): Transport {
  return {
    async send(request) {
      const init: Parameters<FetchLike>[1] = { method: request.method, headers: request.headers, signal: request.signal };
      if (request.body !== undefined) init.body = request.body;
      const response = await fetchImpl(request.url, init);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => {
        headers[key.toLowerCase()] = value;
      });
      return { status: response.status, headers, body: await response.text() };
    },
  };
}
