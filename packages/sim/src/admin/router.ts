import type { ValidateFunction } from 'ajv';
import { ApiError, badRequest, forbidden, notFound } from '../server/errors.js';
import { describeErrors } from '../server/schemas.js';
import type { ExchangeState } from '../server/state.js';

export const ADMIN_PREFIX = '/_sim';

export interface AdminContext<B = Record<string, unknown>> {
  /** Values of `:name` segments in the route pattern, decoded. */
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** The JSON body (an empty body reads as `{}`), checked against the route's schema if it has one. */
  readonly body: B;
  readonly exchange: ExchangeState;
}

export interface AdminResult {
  status?: number;
  body?: unknown;
}

// The body type is chosen by each route; the router only guarantees the schema check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AdminHandler = (ctx: AdminContext<any>) => AdminResult | Promise<AdminResult>;

interface AdminRoute {
  method: string;
  segments: string[];
  handler: AdminHandler;
  validate: ValidateFunction | null;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The simulator's own control API under /_sim (outside the Kalshi paths). JSON in and out,
 * no signatures: it only answers clients on the loopback interface.
 * Add a route with one line: `admin.add('POST', '/_sim/markets/:ticker/settle', handler, schema)`.
 */
export class AdminRouter {
  private readonly routes: AdminRoute[] = [];

  constructor(private readonly exchange: ExchangeState) {}

  add(method: 'GET' | 'POST' | 'PUT' | 'DELETE', pattern: string, handler: AdminHandler, bodySchema?: object): this {
    if (!pattern.startsWith(`${ADMIN_PREFIX}/`)) throw new Error(`admin routes live under ${ADMIN_PREFIX}/: ${pattern}`);
    const validate = bodySchema ? this.exchange.schemas.ajv.compile(bodySchema) : null;
    this.routes.push({ method, segments: pattern.split('/').slice(1), handler, validate });
    return this;
  }

  async handle(
    method: string,
    segments: readonly string[],
    query: URLSearchParams,
    rawBody: Buffer,
    remoteAddress: string | undefined,
  ): Promise<AdminResult> {
    if (!remoteAddress || !LOOPBACK.has(remoteAddress)) {
      throw forbidden('admin_loopback_only', 'the /_sim admin API only answers loopback clients');
    }
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchPattern(route.segments, segments);
      if (!params) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const body = parseAdminBody(rawBody);
      if (route.validate && !route.validate(body)) {
        const lines = describeErrors(route.validate.errors ?? []);
        throw badRequest(lines[0] ?? 'body: invalid', lines.join('; '), 'invalid_parameters');
      }
      return route.handler({ params, query, body, exchange: this.exchange });
    }
    if (pathMatched) {
      const allow = [...new Set(this.routes.filter((r) => matchPattern(r.segments, segments)).map((r) => r.method))].sort().join(', ');
      throw new ApiError(405, 'method_not_allowed', `method ${method} is not allowed on this path`, `Allowed: ${allow}`, { Allow: allow });
    }
    throw notFound(`no such admin endpoint: /${segments.join('/')}`);
  }
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) {
      if (s === '') return null;
      params[p.slice(1)] = s;
    } else if (p !== s) return null;
  }
  return params;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseAdminBody(raw: Buffer): unknown {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(utf8.decode(raw)) as unknown;
  } catch (err) {
    throw badRequest('body: is not valid JSON', err instanceof Error ? err.message : '', 'invalid_json');
  }
}
