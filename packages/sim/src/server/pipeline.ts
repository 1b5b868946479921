import type { IncomingMessage, ServerResponse } from 'node:http';
import { ADMIN_PREFIX, type AdminRouter } from '../admin/router.js';
import { faultAfter, faultBefore } from '../faults/index.js';
import { authenticate, authorize, type AuthInfo } from './auth.js';
import { ApiError, notFound, notImplemented, RATE_LIMIT_BODY } from './errors.js';
import type { Handler, HandlerContext, Handlers } from './handler.js';
import { readBody, sendJson, splitTarget } from './http.js';
import { requestCost } from './rate-limit.js';
import { API_PREFIX, decodeSegments, type Router } from './router.js';
import { describeErrors } from './schemas.js';
import type { ExchangeState } from './state.js';
import { parseBody, parsePathParams, parseQuery } from './validation.js';

interface Outcome {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  closeConnection?: boolean;
  /** An injected fault: the socket is destroyed without an answer. */
  drop?: boolean;
  operationId?: string;
  auth?: AuthInfo | null;
}

/**
 * One request, start to finish: route, authenticate, validate, rate-limit, then the handler.
 * Every check runs before the handler, so a refused request changes no state; whatever goes
 * wrong ends as a Kalshi-shaped error response, never as a crash.
 */
export function createListener(exchange: ExchangeState, router: Router, handlers: Handlers, admin: AdminRouter) {
  // The exchange's own (controllable) clock in the Date header, so a client can measure its skew
  // against it; formatted once per second, as node does for its own Date header.
  let dateSecond = Number.NaN;
  let dateText = '';
  const httpDate = (): string => {
    const now = exchange.clock.now();
    if (Math.floor(now / 1000) !== dateSecond) {
      dateSecond = Math.floor(now / 1000);
      dateText = new Date(now).toUTCString();
    }
    return dateText;
  };
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    void handle(exchange, router, handlers, admin, req)
      .catch((err: unknown): Outcome => {
        if (err instanceof ApiError) {
          const closeConnection = (err as ApiError & { closeConnection?: boolean }).closeConnection === true;
          return { status: err.status, body: err.toBody(), headers: { ...err.headers }, closeConnection };
        }
        exchange.logger.error('handler failed', { method, target, error: err instanceof Error ? err.stack ?? err.message : String(err) });
        return {
          status: 500,
          body: { code: 'internal_server_error', message: 'internal error in the local exchange', details: err instanceof Error ? err.message : '' },
        };
      })
      .then((out) => {
        if (out.drop) {
          res.destroy();
          return;
        }
        sendJson(res, out.status, out.body, { Date: httpDate(), ...out.headers }, out.closeConnection);
        exchange.logger.debug(`${method} ${splitTarget(target).rawPath} ${out.status}`, {
          method,
          path: splitTarget(target).rawPath,
          status: out.status,
          operation: out.operationId,
          key: out.auth?.keyId,
          ms: Math.round((performance.now() - started) * 10) / 10,
        });
      })
      .catch((err: unknown) => {
        // Only reachable if writing the response itself failed (e.g. the socket is gone).
        exchange.logger.error('could not send response', { method, target, error: String(err) });
        res.destroy();
      });
  };
}

async function handle(
  exchange: ExchangeState,
  router: Router,
  handlers: Handlers,
  admin: AdminRouter,
  req: IncomingMessage,
): Promise<Outcome> {
  const method = (req.method ?? 'GET').toUpperCase();
  const { rawPath, search } = splitTarget(req.url ?? '/');
  const raw = await readBody(req);

  if (rawPath === ADMIN_PREFIX || rawPath.startsWith(`${ADMIN_PREFIX}/`)) {
    const result = await admin.handle(method, decodeSegments(rawPath), new URLSearchParams(search), raw, req.socket.remoteAddress);
    return { status: result.status ?? 200, body: result.body };
  }
  if (rawPath !== API_PREFIX && !rawPath.startsWith(`${API_PREFIX}/`)) {
    throw notFound(`no such endpoint: ${rawPath.slice(0, 200)}`, `The Kalshi REST API lives under ${API_PREFIX}.`);
  }

  const { op, params } = router.match(method, decodeSegments(rawPath.slice(API_PREFIX.length)));
  const auth = authenticate(op, method, rawPath, req.headers, exchange.keys, exchange.clock.now());
  if (auth) authorize(op, auth);
  const pathParams = parsePathParams(op, params);
  const query = parseQuery(op, new URLSearchParams(search));
  const body = parseBody(op, req.headers['content-type'], raw, exchange.schemas);

  const subject = auth ? `key:${auth.keyId}` : `ip:${req.socket.remoteAddress ?? 'unknown'}`;
  const tier = (auth && exchange.db.users.get(auth.userId)?.tier) || exchange.config.defaultTier;
  if (!exchange.rateLimiter.take(subject, op.bucket, tier, requestCost(op, body), exchange.clock.now())) {
    return { status: 429, body: RATE_LIMIT_BODY, operationId: op.id, auth };
  }

  const handler = handlers[op.id as keyof Handlers] as Handler | undefined;
  if (!handler) throw notImplemented(op.id);
  const faultTarget = { operation: op.id, method, path: rawPath, userId: auth?.userId };
  const before = faultBefore(exchange, faultTarget);
  const injected = before && (await before);
  if (injected) return { ...injected, operationId: op.id, auth };
  // The per-operation types come from the spec and the values were just checked against the same
  // spec at run time, so this one cast is where the two meet.
  const ctx = { op, params: pathParams, query, body, auth, exchange, request: req } as unknown as HandlerContext;
  const result = await handler(ctx);
  const status = result.status ?? op.successStatus;

  if (exchange.config.validateResponses && op.response && status >= 200 && status < 300 && status !== 204) {
    const validate = exchange.schemas.validator(op.response);
    if (!validate(result.body)) {
      const problems = describeErrors(validate.errors ?? [], 'response');
      throw new Error(`${op.id} answered a body that does not match ${op.response}: ${problems.join('; ')}`);
    }
  }
  return faultAfter(exchange, faultTarget, { status, body: result.body, headers: result.headers, operationId: op.id, auth });
}
