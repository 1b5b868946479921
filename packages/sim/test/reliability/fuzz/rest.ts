// Generates one fuzzed REST request per index: mostly schema-guided requests (from the
// operation catalog and the request schemas) signed by real users so they reach the handlers,
// mutated most of the time; the rest attack the edges: auth headers, body encoding, query
// strings, methods and paths.
import { operations, restSchemas, type OperationSpec, type ParamSpec } from 'kalshi-ts/generated';
import { signHeaders, type Credentials } from '../../helpers/sign.js';
import { mutate } from './mutate.js';
import type { Prng } from './prng.js';
import { hinted, SchemaSampler, type FuzzWorld } from './schema-sample.js';
import { BAD_NUMBERS, BAD_STRINGS, UNICODE_TICKERS } from './values.js';

export const API_PREFIX = '/trade-api/v2';
const OPERATIONS = Object.values(operations) as OperationSpec[];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'BREW', 'PROPFIND'];
/** Just over the exchange's 1 MiB body limit. */
const OVERSIZED_BYTES = 1024 * 1024 + 4096;

export interface FuzzRequest {
  /** Which generator made it (tallied in the figures, named in failures). */
  kind: string;
  operation?: string;
  method: string;
  /** From the host root, with any query string. Never under /_sim. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

export interface RestContext {
  world: FuzzWorld;
  /** Ed25519 users: they sign in microseconds, so most of the run's CPU goes to the exchange. */
  users: readonly Credentials[];
  /** An RSA user signs a share of the requests, so the RSA-PSS path is fuzzed too. */
  rsaUser: Credentials;
  now: () => number;
}

const RSA_SHARE = 0.05;

function signer(prng: Prng, ctx: RestContext): Credentials {
  return prng.chance(RSA_SHARE) ? ctx.rsaUser : prng.pick(ctx.users);
}

/** Anything outside visible ASCII is percent-encoded, so the HTTP client sends the target as is. */
function wireSafe(text: string): string {
  return text.replace(/[^\x21-\x7e]/gu, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80'; // a lone surrogate: send the bytes it would have had
    }
  });
}

function encodeSegment(value: unknown): string {
  try {
    return encodeURIComponent(String(value));
  } catch {
    return wireSafe(String(value).replace(/[\ud800-\udfff]/g, ''));
  }
}

function pathParamValue(prng: Prng, p: ParamSpec, world: FuzzWorld, bad: boolean): string {
  if (bad) {
    const v = prng.pick([...UNICODE_TICKERS, ...BAD_STRINGS.slice(0, 20), ...BAD_NUMBERS]);
    return prng.chance(0.7) ? encodeSegment(v) : wireSafe(String(v));
  }
  const hint = hinted(prng, p.name, world);
  return encodeSegment(hint ?? prng.string(prng.int(1, 10), 'ABCDEFKX0123456789-'));
}

function queryValue(prng: Prng, p: ParamSpec, world: FuzzWorld): string {
  const hint = hinted(prng, p.name, world);
  if (hint !== undefined) return String(Array.isArray(hint) ? hint.join(',') : hint);
  if (p.enum?.length) return String(prng.pick(p.enum));
  if (p.type === 'integer' || p.type === 'number') return String(prng.int(p.minimum ?? 0, Math.min(p.maximum ?? 100, (p.minimum ?? 0) + 100)));
  if (p.type === 'boolean') return String(prng.chance(0.5));
  return prng.string(prng.int(1, 8), 'ABCXYZ0123-');
}

const BAD_QUERY_VALUES = ['', '-1', '0', '1.5', 'abc', '1e400', '99999999999999999999', '%zz', '%', 'true', 'null', '[]', '🚀', '\u0000', ' '];

function query(prng: Prng, op: OperationSpec, world: FuzzWorld, bad: boolean): string {
  const parts: string[] = [];
  for (const p of op.params.filter((q) => q.in === 'query')) {
    if (!(p.required ? prng.chance(0.95) : prng.chance(0.3))) continue;
    let value = queryValue(prng, p, world);
    if (bad && prng.chance(0.5)) value = prng.pick(BAD_QUERY_VALUES);
    const encoded = value.startsWith('%') ? value : encodeSegment(value);
    parts.push(`${p.name}=${encoded}`);
    if (bad && prng.chance(0.2)) parts.push(`${p.name}=${encodeSegment(queryValue(prng, p, world))}`);
  }
  if (bad && prng.chance(0.4)) parts.push(prng.pick(['unknown=1', '&&&', '=', '==x', 'limit', '%zz=1', 'a[b]=c', `x=${'y'.repeat(3000)}`]));
  return parts.length ? `?${parts.join('&')}` : prng.chance(0.1) ? '?' : '';
}

function opPath(prng: Prng, op: OperationSpec, world: FuzzWorld, bad: boolean): string {
  const filled = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const spec = op.params.find((p) => p.in === 'path' && p.name === name) ?? { name, in: 'path', required: true, type: 'string' };
    return pathParamValue(prng, spec as ParamSpec, world, bad && prng.chance(0.6));
  });
  return `${API_PREFIX}${filled}`;
}

function sign(prng: Prng, ctx: RestContext, method: string, path: string): Record<string, string> {
  return signHeaders(signer(prng, ctx), { method, path, timestampMs: ctx.now() });
}

/** Signed headers, broken in one of the ways a replayed, forged or sloppy request would be. */
function badAuth(prng: Prng, ctx: RestContext, method: string, path: string): Record<string, string> {
  const good = sign(prng, ctx, method, path);
  switch (prng.int(0, 9)) {
    case 0:
      return { ...good, 'KALSHI-ACCESS-SIGNATURE': prng.bytes(prng.pick([0, 16, 64, 256])).toString('base64') };
    case 1:
      return sign(prng, ctx, method === 'GET' ? 'POST' : 'GET', path);
    case 2:
      return sign(prng, ctx, method, `${API_PREFIX}/portfolio/balance`);
    case 3:
      return signHeaders(signer(prng, ctx), { method, path, timestampMs: ctx.now() - prng.pick([61_000, 3_600_000, 1e12]) });
    case 4:
      return { ...good, 'KALSHI-ACCESS-TIMESTAMP': prng.pick(['', 'abc', '-1', '1e12', '99999999999999999', String(Math.floor(ctx.now() / 1000))]) };
    case 5:
      return { ...good, 'KALSHI-ACCESS-KEY': prng.pick(['', 'nope', [8, 4, 4, 4, 12].map((n) => prng.string(n, '0123456789abcdef')).join('-'), 'A'.repeat(4000)]) };
    case 6: {
      const { 'KALSHI-ACCESS-SIGNATURE': _dropped, ...rest } = good;
      return prng.chance(0.5) ? rest : { 'KALSHI-ACCESS-KEY': good['KALSHI-ACCESS-KEY']! };
    }
    case 7:
      return { ...good, 'KALSHI-ACCESS-SIGNATURE': prng.pick(['!!!', 'not base64 at all', '====', 'a'.repeat(5000)]) };
    case 8:
      // A signature made over the query string too (a classic client bug).
      return signHeaders(signer(prng, ctx), { method, path: `${path}?limit=5`.replace('?', '%3F'), timestampMs: ctx.now() });
    default:
      return {};
  }
}

const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/xml', ''];

/** A body that is not the JSON it claims to be, or is too large, or is JSON of the worst shape. */
function badBody(prng: Prng, valid: string): { body: string | Buffer; contentType?: string } {
  switch (prng.int(0, 11)) {
    case 0:
      return { body: valid.slice(0, prng.int(0, Math.max(0, valid.length - 1))) };
    case 1:
      return { body: Buffer.concat([Buffer.from(valid.slice(0, 10)), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(valid.slice(10))]) };
    case 2:
      return { body: valid, contentType: prng.pick(CONTENT_TYPES) };
    case 3:
      return { body: `${'['.repeat(prng.int(100, 20_000))}${']'.repeat(prng.int(0, 100))}` };
    case 4:
      return { body: prng.pick(['null', '[]', '""', '0', 'true', '{}', '{"":""}', ' ', '\ufeff{}', '{"a":1,}', "{'a':1}", 'NaN']) };
    case 5:
      return { body: valid.replace(/"(\d+(\.\d+)?)"/, prng.pick(['1e999999', '-1e999999', '123456789012345678901234567890', '0.1e-400', '-0'])) };
    case 6:
      return { body: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${valid.slice(1)}` };
    case 7:
      // Oversized: rarely, each one is a megabyte on the wire.
      return prng.chance(0.05) ? { body: `{"pad":"${'x'.repeat(OVERSIZED_BYTES)}"}` } : { body: `{"pad":"${'x'.repeat(prng.int(10_000, 200_000))}"}` };
    case 8:
      return { body: valid.replace(/"[a-z_]+":/, '"ticker":"a","ticker":') };
    case 9:
      return { body: prng.bytes(prng.int(1, 200)) };
    case 10:
      return { body: `${valid}${valid}` };
    default:
      return { body: valid, contentType: 'application/json' };
  }
}

const SAMPLERS = new WeakMap<FuzzWorld, SchemaSampler>();

function sampler(world: FuzzWorld): SchemaSampler {
  let s = SAMPLERS.get(world);
  if (!s) SAMPLERS.set(world, (s = new SchemaSampler(restSchemas, world)));
  return s;
}

const RANDOM_PATHS = ['/', '/trade-api', '/trade-api/v1/markets', '/trade-api/v2', '/trade-api/v2/', '/trade-api/v2//markets', '/trade-api/v2/markets/', '/trade-api/v2/%2e%2e/%5fsim/clock', '/trade-api/ws/v2', '/favicon.ico', '/trade-api/v2/portfolio/events/orders/%00', '/trade-api/v2/markets/%zz', '/TRADE-API/V2/MARKETS'];

/** Request number `index` of the run. */
export function generateRequest(prng: Prng, ctx: RestContext): FuzzRequest {
  const op = prng.pick(OPERATIONS);
  const roll = prng.next();
  if (roll < 0.1) {
    const method = prng.pick(METHODS);
    const path = prng.chance(0.5)
      ? prng.pick(RANDOM_PATHS)
      : `${API_PREFIX}/${Array.from({ length: prng.int(0, 6) }, () => encodeSegment(prng.pick([...BAD_STRINGS.slice(0, 19), 'markets', 'portfolio', 'orders', 'events', '', '.', '..']))).join('/')}`;
    return { kind: 'random-path', method, path, headers: prng.chance(0.7) ? sign(prng, ctx, method, path) : {} };
  }
  const badPath = roll < 0.2;
  const badQuery = roll >= 0.2 && roll < 0.3;
  const rawPath = opPath(prng, op, ctx.world, badPath);
  const path = `${rawPath}${query(prng, op, ctx.world, badQuery)}`;
  let method: string = op.method;
  if (roll >= 0.3 && roll < 0.35) method = prng.pick(METHODS.filter((m) => m !== op.method));
  const authBroken = roll >= 0.35 && roll < 0.47;
  const headers = authBroken ? badAuth(prng, ctx, method, rawPath) : sign(prng, ctx, method, rawPath);
  if (prng.chance(0.05)) headers[prng.pick(['accept', 'x-forwarded-for', 'user-agent', 'x-junk', 'cookie'])] = prng.pick(['', '*/*', 'A'.repeat(6000), '\u00e9', '1.2.3.4, evil']);

  const kind = badPath ? 'bad-path' : badQuery ? 'bad-query' : method !== op.method ? 'wrong-method' : authBroken ? 'bad-auth' : 'schema';
  const base: FuzzRequest = { kind, operation: op.id, method, path, headers };
  if (!op.requestBody) {
    if (prng.chance(0.05)) return { ...base, kind: `${kind}+stray-body`, body: '{"stray":true}', headers: { ...headers, 'content-type': 'application/json' } };
    return base;
  }
  const valid = sampler(ctx.world).ofName(prng, op.requestBody);
  const bodyRoll = prng.next();
  if (bodyRoll < 0.15) {
    const { body, contentType } = badBody(prng, JSON.stringify(valid));
    return { ...base, kind: `${kind}+bad-body`, body, headers: { ...headers, 'content-type': contentType ?? 'application/json' } };
  }
  const value = bodyRoll < 0.85 ? mutate(prng, valid) : valid;
  const text = value === undefined ? '' : JSON.stringify(value);
  return { ...base, kind: bodyRoll < 0.85 ? `${kind}+mutated` : kind, body: text, headers: { ...headers, 'content-type': 'application/json' } };
}
