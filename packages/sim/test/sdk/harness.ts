import { Ajv, type ValidateFunction } from 'ajv';
import { Kalshi, type ClientOptions } from 'kalshi-ts';
import { operations, restSchemas, type OperationId } from 'kalshi-ts/generated';
import { expect } from 'vitest';
import type { Exchange, ExchangeOptions } from '../../src/index.js';
import { newUser, start } from '../helpers/exchange.js';

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: 'rest', $defs: restSchemas });
const validators = new Map<string, ValidateFunction>();

/** Asserts a response body matches the spec's success schema for the operation. */
export function expectSpecShape(id: OperationId, body: unknown): void {
  const schema = operations[id].response;
  if (schema === null) {
    expect(body ?? undefined).toBeUndefined();
    return;
  }
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.getSchema(`rest#/$defs/${schema}`)!;
    validators.set(schema, validate);
  }
  const ok = validate(body);
  expect(ok ? [] : validate.errors?.map((e) => `${e.instancePath} ${e.message}`), `${id} response vs ${schema}`).toEqual([]);
}

export interface Session {
  exchange: Exchange;
  kalshi: Kalshi;
  userId: string;
  /** Another signed-in user on the same exchange, for crossing orders. */
  other(): Promise<{ kalshi: Kalshi; userId: string }>;
  close(): Promise<void>;
}

/** A local exchange (responses checked against the spec server-side too) and a signed SDK client. */
export async function session(options: ExchangeOptions = {}, client: ClientOptions = {}): Promise<Session> {
  const exchange = await start({ rateLimits: false, ...options });
  const clients: Kalshi[] = [];
  const login = async () => {
    const user = await newUser(exchange);
    const kalshi = new Kalshi({ baseURL: exchange.restUrl, apiKeyId: user.keyId, privateKey: user.privateKeyPem, rateLimit: false, maxRetries: 0, ...client });
    clients.push(kalshi);
    return { kalshi, userId: user.userId };
  };
  const first = await login();
  return {
    exchange,
    ...first,
    other: login,
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await exchange.close();
    },
  };
}
