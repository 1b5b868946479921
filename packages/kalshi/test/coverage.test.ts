import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { APIResource } from '../src/core/resource.js';
import { restSchemas } from '../src/generated/schemas.js';
import { Kalshi, OPERATION_METHODS, operations, PagePromise, type OperationId } from '../src/index.js';
import { scriptedFetch } from './helpers/fake.js';

const BASE = 'http://127.0.0.1:9/trade-api/v2';
const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ids = Object.keys(operations) as OperationId[];

/** A path value that needs encoding; tickers refuse '/', so theirs carry ':' (encoded %3A) instead. */
const segmentValue = (name: string) => (name.endsWith('ticker') ? `v:${name}` : `v/${name}`);

const order = { ticker: 'KXTEST-1', side: 'bid', count: 2, price: '0.56', time_in_force: 'good_till_canceled', self_trade_prevention_type: 'taker_at_cross' };

/** Arguments after the path parameters, for the methods that need a valid params object. */
const ARGS: Partial<Record<OperationId, unknown[]>> = {
  CreateOrderV2: [order],
  GetMarketOrderbooks: [{ tickers: ['KXTEST-1', 'KXTEST-2'] }],
  BatchCreateOrdersV2: [{ orders: [order] }],
  BatchCancelOrdersV2: [{ orders: [{ order_id: 'o1' }] }],
  AmendOrderV2: [{ ticker: 'KXTEST-1', side: 'bid', price: '0.5', count: 1 }],
  DecreaseOrderV2: [{ reduce_by: 1 }],
  CreateOrderGroup: [{ contracts_limit: 10 }],
  UpdateOrderGroupLimit: [{ contracts_limit_fp: '10' }],
  ApplySubaccountTransfer: [{ from_subaccount: 0, to_subaccount: 1, amount_cents: 100 }],
  UpdateSubaccountNetting: [{ subaccount_number: 1, enabled: true }],
  IntraExchangeInstanceTransfer: [{ source: 'event_contract', destination: 'margined', amount: 10_000 }],
  SetTargetBalanceAllocation: [{ allocations: [{ exchange_index: 0, percent: 100 }] }],
  CreateRFQ: [{ market_ticker: 'KXTEST-1', contracts_fp: '5', rest_remainder: false }],
  CreateQuote: [{ rfq_id: 'r1', yes_bid: '0.40', no_bid: '0', rest_remainder: false }],
  AcceptRFQQuote: [{ accepted_side: 'yes' }],
  AcceptQuote: [{ accepted_side: 'no' }],
  ProposeBlockTrade: [{
    buyer_user_id: 'b', seller_user_id: 's', market_ticker: 'KXTEST-1', price_centi_cents: 5_000, centicount: 1_000,
    maker_side: 'yes', expiration_ts: '2030-01-01T00:00:00Z',
  }],
  CreateApiKey: [{ name: 'k', public_key: '-----BEGIN PUBLIC KEY-----' }],
  GenerateApiKey: [{ name: 'k' }],
  CreateMarketInMultivariateEventCollection: [{ selected_markets: [{ market_ticker: 'KXA-1', event_ticker: 'KXA', side: 'yes' }] }],
  CreateFCMSubtrader: [{ subtrader_suffix: 'a' }],
  UpdateFCMEventContractDailyCap: [{ subtrader_id: 's', limit: '1000' }],
  DeleteFCMEventContractDailyCap: [{ subtrader_id: 's' }],
  UpdateFCMSubtraderBlockedCategories: [{ subtrader_id: 's', category: 'Sports', blocked: true }],
  GetMilestones: [{ limit: 10 }],
};

function client() {
  const { fetch, calls } = scriptedFetch([{ status: 200, body: {} }]);
  return { kalshi: new Kalshi({ baseURL: BASE, fetch, rateLimit: false, apiKeyId: 'key-1', privateKey }), calls };
}

/** Follows 'a.b.c' from the client; returns the function and the object it must be called on. */
function resolve(root: object, dotted: string): { fn: unknown; owner: unknown } {
  const parts = dotted.split('.');
  let owner: unknown = root;
  for (const part of parts.slice(0, -1)) owner = (owner as Record<string, unknown> | undefined)?.[part];
  return { fn: (owner as Record<string, unknown> | undefined)?.[parts.at(-1)!], owner };
}

/** Every method reachable from the client's resources, as dotted paths. */
function methodPaths(resource: APIResource, prefix: string): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(resource)) {
    if (value instanceof APIResource) out.push(...methodPaths(value, `${prefix}${key}.`));
  }
  for (let proto = Object.getPrototypeOf(resource); proto !== APIResource.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof proto[name] === 'function') out.push(prefix + name);
    }
  }
  return out;
}

function isListOperation(id: OperationId): boolean {
  const name = operations[id].response;
  const properties = (name ? restSchemas[name]?.properties : undefined) as Record<string, unknown> | undefined;
  return properties !== undefined && ('cursor' in properties || 'next_cursor' in properties);
}

const covered = new Set<OperationId>();
afterAll(() => {
  console.log(`covered ${covered.size}/${ids.length}`);
});

describe('every catalog operation has an SDK method', () => {
  it.each(ids)('%s', async (id) => {
    const operation = operations[id];
    const dotted = OPERATION_METHODS[id];
    expect(dotted, `OPERATION_METHODS has no entry for ${id}`).toBeTypeOf('string');
    const { kalshi, calls } = client();
    const { fn, owner } = resolve(kalshi, dotted);
    expect(fn, `kalshi.${dotted} is not a function`).toBeTypeOf('function');

    // Distinct values with a character that must be encoded, so swapped or unencoded segments show.
    const names = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
    const result = (fn as (...args: unknown[]) => PromiseLike<unknown>).apply(owner, [...names.map(segmentValue), ...(ARGS[id] ?? [])]);
    await result;

    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.method).toBe(operation.method);
    const expected = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(segmentValue(name)));
    expect(new URL(call.url).pathname).toBe(`/trade-api/v2${expected}`);
    if (operation.requestBody === null) expect(call.body).toBeUndefined();
    if (operation.requestBodyRequired) expect(call.body).toBeDefined();
    expect(result instanceof PagePromise, 'list operations (cursor in the response) return a PagePromise').toBe(isListOperation(id));
    covered.add(id);
  });

  it('maps each method once and leaves no resource method unmapped', () => {
    const mapped = Object.values(OPERATION_METHODS);
    expect(new Set(mapped).size).toBe(mapped.length);
    const { kalshi } = client();
    const exposed = Object.entries(kalshi).flatMap(([key, value]) => (value instanceof APIResource ? methodPaths(value, `${key}.`) : []));
    expect(exposed.sort()).toEqual([...mapped].sort());
    expect(Object.keys(OPERATION_METHODS).sort()).toEqual([...ids].sort());
  });
});
