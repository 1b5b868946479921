/**
 * `--dry-run`: the exact request the SDK would send, signed with the same public helpers
 * (`authHeaders` over the configured signer) but never sent. The SDK keeps its request pipeline
 * private, so this rebuilds the URL from the public operation catalog the same way it does.
 */
import { authHeaders, operations, type OperationId } from 'kalshi-ts';
import type { Context } from '../context.js';
import type { Output } from '../output.js';

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export type QueryValues = Record<string, string | number | boolean | undefined>;

export function buildSignedRequest(
  ctx: Context,
  id: OperationId,
  pathParams: Record<string, string>,
  query: QueryValues | undefined,
  body: unknown,
  nowMs = Date.now(),
): SignedRequest {
  const op = operations[id];
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = pathParams[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.append(k, String(v));
  const qs = search.toString();
  const url = `${ctx.config().baseURL}${path}${qs ? `?${qs}` : ''}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // What Kalshi verifies: timestamp + METHOD + the path from the host root, without the query.
  Object.assign(headers, authHeaders(ctx.signer(), op.method, new URL(url).pathname, nowMs));
  return body === undefined ? { method: op.method, url, headers } : { method: op.method, url, headers, body };
}

export function printSignedRequest(out: Output, request: SignedRequest, json: boolean): void {
  if (json) {
    out.json({ dry_run: true, ...request });
    return;
  }
  out.info(out.ec.yellow('dry run: this request is signed but NOT sent'));
  out.line(`${request.method} ${request.url}`);
  for (const [name, value] of Object.entries(request.headers)) out.line(`${name}: ${value}`);
  if (request.body !== undefined) {
    out.line();
    out.line(JSON.stringify(request.body, null, 2));
  }
}
