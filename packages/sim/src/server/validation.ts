import type { OperationSpec, ParamSpec } from 'kalshi-ts/generated';
import { ApiError, badRequest, invalidParameters } from './errors.js';
import { describeErrors, isDateTime, type SchemaRegistry } from './schemas.js';

export type QueryValue = string | number | boolean | string[] | number[];

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Converts one textual value to the parameter's type, or says what was wrong with it. */
function coerceScalar(p: ParamSpec, type: string, text: string): string | number | boolean {
  const name = p.name;
  let value: string | number | boolean;
  switch (type) {
    case 'integer': {
      const n = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(n)) throw invalidParameters(`${name}: must be an integer, got '${text}'`);
      value = n;
      break;
    }
    case 'number': {
      const n = Number(text);
      if (!NUMBER.test(text) || !Number.isFinite(n)) throw invalidParameters(`${name}: must be a number, got '${text}'`);
      value = n;
      break;
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw invalidParameters(`${name}: must be 'true' or 'false', got '${text}'`);
      value = text === 'true';
      break;
    default:
      if (p.format === 'date-time' && !isDateTime(text)) {
        throw invalidParameters(`${name}: must be an RFC 3339 date-time, got '${text}'`);
      }
      value = text;
  }
  if (p.enum && !p.enum.includes(value)) {
    throw invalidParameters(`${name}: must be one of ${p.enum.map((v) => String(v)).join(', ')}, got '${text}'`);
  }
  if (typeof value === 'number') {
    if (p.minimum !== undefined && value < p.minimum) throw invalidParameters(`${name}: must be at least ${p.minimum}, got ${value}`);
    if (p.maximum !== undefined && value > p.maximum) throw invalidParameters(`${name}: must be at most ${p.maximum}, got ${value}`);
  }
  return value;
}

/**
 * Query parameters typed per the catalog. An empty value counts as absent (Kalshi documents
 * "leave empty" for cursor and status); absent parameters take the catalog default. Arrays may
 * be sent as repeated parameters, comma-separated, or both. Parameters the operation does not
 * declare are ignored, as Kalshi does.
 */
export function parseQuery(op: OperationSpec, search: URLSearchParams): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const p of op.params) {
    if (p.in !== 'query') continue;
    const raw = search.getAll(p.name).filter((v) => v !== '');
    if (raw.length === 0) {
      if (p.required) throw invalidParameters(`${p.name}: is required`);
      if (p.default !== undefined && p.default !== null) out[p.name] = p.default as QueryValue;
      continue;
    }
    if (p.type === 'array') {
      const items = raw.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
      if (items.length === 0 && p.required) throw invalidParameters(`${p.name}: is required`);
      out[p.name] = items.map((v) => coerceScalar(p, p.items ?? 'string', v)) as string[] | number[];
      continue;
    }
    if (raw.length > 1) throw invalidParameters(`${p.name}: given ${raw.length} times, expected once`);
    out[p.name] = coerceScalar(p, p.type, raw[0]!);
  }
  return out;
}

/** Path parameters arrive decoded; each must be non-empty (and of its declared type). */
export function parsePathParams(op: OperationSpec, params: Record<string, string>): Record<string, string> {
  for (const p of op.params) {
    if (p.in !== 'path') continue;
    const value = params[p.name];
    if (value === undefined || value.trim() === '') throw invalidParameters(`${p.name}: must not be empty`);
    coerceScalar(p, p.type, value);
  }
  return params;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON body of an operation that declares one, checked against its component schema.
 * Operations without a request body ignore whatever was sent.
 */
export function parseBody(
  op: OperationSpec,
  contentType: string | undefined,
  raw: Buffer,
  schemas: SchemaRegistry,
): unknown {
  if (!op.requestBody) return undefined;
  if (raw.length === 0) {
    if (op.requestBodyRequired) throw badRequest('body: a JSON body is required', `Expected ${op.requestBody}.`);
    return undefined;
  }
  if (!contentType || !JSON_TYPE.test(contentType)) {
    throw new ApiError(415, 'unsupported_media_type', `body: Content-Type must be application/json, got '${contentType ?? ''}'`);
  }
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw badRequest('body: is not valid UTF-8', '', 'invalid_json');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw badRequest('body: is not valid JSON', err instanceof Error ? err.message : '', 'invalid_json');
  }
  const validate = schemas.validator(op.requestBody);
  if (!validate(body)) {
    const lines = describeErrors(validate.errors ?? []);
    throw badRequest(lines[0] ?? 'body: does not match the schema', lines.join('; '), 'invalid_parameters');
  }
  return body;
}
