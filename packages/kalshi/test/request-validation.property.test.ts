// Property tests of the SDK's request validation (issue #8): whatever a caller passes as a price,
// a contract count or a ticker, either the request goes out with a well-formed wire value, or it
// is refused before anything is sent, by a ValidationError naming the field. The oracles below
// are written from Kalshi's rules (NOTES.md section 5), independently of the SDK's parsers.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Kalshi, ValidationError } from '../src/index.js';
import { FakeClock, scriptedFetch } from './helpers/fake.js';

const BASE = 'http://127.0.0.1:9/trade-api/v2';
const privateKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const RUNS = process.env.KALSHI_SOAK === '1' ? 20_000 : 400;

const { fetch, calls } = scriptedFetch([{ status: 200, body: {} }]);
const kalshi = new Kalshi({ baseURL: BASE, fetch, clock: new FakeClock(), rateLimit: false, maxRetries: 0, apiKeyId: 'key-1', privateKey });

// ---- oracles: what Kalshi accepts on the wire ------------------------------------------------

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/** Scaled integer value of a decimal string with at most `scale` decimals, or undefined. */
function scaled(value: unknown, scale: number): bigint | undefined {
  if (typeof value !== 'string') return undefined;
  const m = DECIMAL.exec(value);
  if (!m || (m[3] ?? '').length > scale) return undefined;
  const magnitude = BigInt(m[2]! + (m[3] ?? '').padEnd(scale, '0'));
  return m[1] ? -magnitude : magnitude;
}

/** An order price: dollars strictly between 0 and 1, on a $0.0001 grid (zeros past that are fine). */
function priceIsValid(value: unknown): boolean {
  const micros = scaled(value, 6);
  return micros !== undefined && micros > 0n && micros < 1_000_000n && micros % 100n === 0n;
}

/** A count: hundredths of a contract as a string, or a safe whole number; positive unless zero is allowed. */
function countIsValid(value: unknown, allowZero = false): boolean {
  const centis = typeof value === 'number' ? (Number.isSafeInteger(value) ? BigInt(value) * 100n : undefined) : scaled(value, 2);
  return centis !== undefined && (centis > 0n || (allowZero && centis === 0n));
}

const TICKER_CHARS = new Set('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_:');
/** A ticker: 1 to 200 characters, none of which could break a URL path or the signed path. */
function tickerIsValid(value: unknown): boolean {
  if (typeof value !== 'string' || value.length < 1 || value.length > 200) return false;
  // "." and ".." are dot segments: URL parsing would drop them and reach another endpoint.
  return [...value].every((c) => TICKER_CHARS.has(c)) && !/^\.+$/.test(value);
}

// What a well-formed request carries, whatever the caller's spelling was.
const WIRE_PRICE = /^0\.[0-9]{2}(?:[0-9]{2})?$/;
const WIRE_COUNT = /^[0-9]+\.[0-9]{2}$/;

// ---- arbitraries: mostly bad, some good, in every shape a caller might pass ------------------

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const decimalString = fc
  .tuple(fc.constantFrom('', '', '-'), digits(1, 4), fc.option(digits(0, 8)))
  .map(([sign, whole, frac]) => `${sign}${whole}${frac === null ? '' : `.${frac}`}`);
const notJson = fc.oneof(fc.constant(undefined), fc.constant(null), fc.boolean(), fc.object(), fc.array(fc.string()), fc.bigInt());
const junkString = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', ' ', '0.5 ', ' 0.5', '.5', '5.', '1e-2', '0x1', '０.５', '0,5', 'NaN', 'Infinity'));

export const prices = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 9999 }).map((n) => `0.${String(n).padStart(4, '0')}`), weight: 3 },
  { arbitrary: decimalString, weight: 4 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: junkString, weight: 2 },
  { arbitrary: notJson, weight: 1 },
);

export const counts = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 100_000 }).map((n) => `${n}.00`), weight: 2 },
  { arbitrary: decimalString, weight: 4 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, -0, 1e21)), weight: 2 },
  { arbitrary: junkString, weight: 2 },
  { arbitrary: notJson, weight: 1 },
);

export const tickers = fc.oneof(
  { arbitrary: fc.stringMatching(/^KX[A-Z0-9]{1,8}-[0-9]{2}[A-Z]{3}[0-9]{2}(-[A-Z]?[0-9.]{1,5})?$/), weight: 3 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...'AB09-._: /?#%\u00e9\u0000\t'), maxLength: 12 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 10 }), weight: 1 },
  { arbitrary: fc.constantFrom('', ' ', '.', '..', 'A'.repeat(201), 'A'.repeat(200), '../x', 'KX%2F', 'KX🚀'), weight: 1 },
  { arbitrary: notJson, weight: 1 },
  { arbitrary: fc.integer(), weight: 1 },
);

// ---- the property, shared by every method ----------------------------------------------------

/**
 * Runs `send` and checks the outcome against `valid`: a valid argument is sent once, well-formed
 * (checked by `wire`); an invalid one is refused with a ValidationError naming `field`, and
 * nothing reaches fetch.
 */
async function sentOrRefused(field: string, valid: boolean, send: () => Promise<unknown>, wire: (sent: WireCall) => void): Promise<void> {
  const before = calls.length;
  let error: unknown;
  try {
    await send();
  } catch (e) {
    error = e;
  }
  if (valid) {
    expect(error).toBeUndefined();
    expect(calls.length).toBe(before + 1);
    const call = calls[calls.length - 1]!;
    wire({ url: new URL(call.url), body: call.body === undefined ? undefined : (JSON.parse(call.body) as Record<string, unknown>) });
  } else {
    expect(calls.length, 'a refused request must not reach fetch').toBe(before);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
  }
}

interface WireCall {
  url: URL;
  body: Record<string, unknown> | undefined;
}

const order = (overrides: Record<string, unknown>) => ({
  ticker: 'KXFED-26MAR-C25',
  side: 'bid' as const,
  count: '1.00',
  price: '0.50',
  time_in_force: 'good_till_canceled' as const,
  self_trade_prevention_type: 'taker_at_cross' as const,
  ...overrides,
});

const never = <T>(value: unknown) => value as T;

function expectWireOrder(body: Record<string, unknown> | undefined): void {
  expect(body?.price).toMatch(WIRE_PRICE);
  expect(body?.count).toMatch(WIRE_COUNT);
  expect(tickerIsValid(body?.ticker)).toBe(true);
}

/** The one path segment a ticker became, decoded: it must be the ticker itself, nothing more. */
function segment(url: URL, index: number): string {
  return decodeURIComponent(url.pathname.split('/')[index]!);
}

describe('orders: no malformed price, count or ticker reaches the wire', () => {
  it('create', async () => {
    await fc.assert(
      fc.asyncProperty(prices, counts, tickers, fc.constantFrom('price', 'count', 'ticker'), async (price, count, ticker, bad) => {
        // One field at a time gets the arbitrary value, so a refusal can only be that field's.
        const params = order({ [bad]: { price, count, ticker }[bad] });
        const valid = bad === 'price' ? priceIsValid(price) : bad === 'count' ? countIsValid(count) : tickerIsValid(ticker);
        await sentOrRefused(bad, valid, () => kalshi.orders.create(never(params)), ({ body }) => expectWireOrder(body));
      }),
      { numRuns: RUNS },
    );
  });

  it('batchCreate names the item and sends nothing when one item is bad', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), fc.nat(), prices, counts, tickers, fc.constantFrom('price', 'count', 'ticker'), async (n, at, price, count, ticker, bad) => {
        const i = at % n;
        const orders = Array.from({ length: n }, (_, k) => (k === i ? order({ [bad]: { price, count, ticker }[bad] }) : order({})));
        const valid = bad === 'price' ? priceIsValid(price) : bad === 'count' ? countIsValid(count) : tickerIsValid(ticker);
        await sentOrRefused(`orders[${i}].${bad}`, valid, () => kalshi.orders.batchCreate(never({ orders })), ({ body }) => {
          for (const o of body?.orders as Record<string, unknown>[]) expectWireOrder(o);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('amend', async () => {
    await fc.assert(
      fc.asyncProperty(prices, counts, tickers, fc.constantFrom('price', 'count', 'ticker'), async (price, count, ticker, bad) => {
        const params = { ticker: 'KXFED-26MAR-C25', side: 'ask', price: '0.40', count: '3', [bad]: { price, count, ticker }[bad] };
        const valid = bad === 'price' ? priceIsValid(price) : bad === 'count' ? countIsValid(count) : tickerIsValid(ticker);
        await sentOrRefused(bad, valid, () => kalshi.orders.amend('ord-1', never(params)), ({ body }) => expectWireOrder(body));
      }),
      { numRuns: RUNS },
    );
  });

  it('decrease (reduce_to may be zero, reduce_by may not)', async () => {
    await fc.assert(
      fc.asyncProperty(counts.filter((c) => c !== undefined), fc.constantFrom('reduce_by', 'reduce_to'), async (count, field) => {
        const valid = countIsValid(count, field === 'reduce_to');
        await sentOrRefused(field, valid, () => kalshi.orders.decrease('ord-1', never({ [field]: count })), ({ body }) => {
          expect(body?.[field]).toMatch(WIRE_COUNT);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('cancel and batchCancel check the market ticker they route by', async () => {
    await fc.assert(
      fc.asyncProperty(tickers, async (ticker) => {
        const valid = ticker === undefined || tickerIsValid(ticker);
        await sentOrRefused('market_ticker', valid, () => kalshi.orders.cancel('ord-1', never({ market_ticker: ticker })), ({ url }) => {
          if (ticker !== undefined) expect(url.searchParams.get('market_ticker')).toBe(ticker);
        });
        await sentOrRefused('orders[0].market_ticker', valid, () => kalshi.orders.batchCancel(never({ orders: [{ order_id: 'o', market_ticker: ticker }] })), () => {});
      }),
      { numRuns: RUNS },
    );
  });
});

describe('market data: a ticker in the path is one well-formed segment or refused', () => {
  const single: [string, number, (t: unknown) => Promise<unknown>][] = [
    ['markets.get', 4, (t) => kalshi.markets.get(never(t))],
    ['markets.orderbook', 4, (t) => kalshi.markets.orderbook(never(t))],
    ['historical.getMarket', 5, (t) => kalshi.historical.getMarket(never(t))],
  ];
  it.each(single)('%s', async (_name, index, send) => {
    await fc.assert(
      fc.asyncProperty(tickers, async (ticker) => {
        await sentOrRefused('ticker', tickerIsValid(ticker), () => send(ticker), ({ url }) => expect(segment(url, index)).toBe(ticker));
      }),
      { numRuns: RUNS },
    );
  });

  it('events.get, series.get and the candlestick paths name the ticker they refuse', async () => {
    await fc.assert(
      fc.asyncProperty(tickers, async (ticker) => {
        const valid = tickerIsValid(ticker);
        await sentOrRefused('event_ticker', valid, () => kalshi.events.get(never(ticker)), ({ url }) => expect(segment(url, 4)).toBe(ticker));
        await sentOrRefused('series_ticker', valid, () => kalshi.series.get(never(ticker)), ({ url }) => expect(segment(url, 4)).toBe(ticker));
        const window = { start_ts: 1, end_ts: 2, period_interval: 60 as const };
        await sentOrRefused('ticker', valid, () => kalshi.markets.candlesticks('KXFED', never(ticker), window), ({ url }) => expect(segment(url, 6)).toBe(ticker));
        await sentOrRefused('series_ticker', valid, () => kalshi.markets.candlesticks(never(ticker), 'KXFED-26MAR-C25', window), () => {});
      }),
      { numRuns: RUNS },
    );
  });

  it('markets.orderbooks names the bad entry of its ticker list', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(tickers, { minLength: 1, maxLength: 4 }), async (list) => {
        const bad = list.findIndex((t) => !tickerIsValid(t));
        await sentOrRefused(`tickers[${bad}]`, bad < 0, () => kalshi.markets.orderbooks(never({ tickers: list })), ({ url }) => {
          expect(url.searchParams.getAll('tickers')).toEqual(list);
        });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('other requests carrying prices and counts', () => {
  it('order groups: contracts_limit_fp', async () => {
    await fc.assert(
      fc.asyncProperty(counts, async (count) => {
        await sentOrRefused('contracts_limit_fp', count !== undefined && count !== null && countIsValid(count), () => kalshi.orderGroups.create(never({ contracts_limit_fp: count })), ({ body }) => {
          expect(body?.contracts_limit_fp).toMatch(WIRE_COUNT);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('RFQs: contracts_fp and market_ticker', async () => {
    await fc.assert(
      fc.asyncProperty(counts, tickers, fc.boolean(), async (count, ticker, badTicker) => {
        const params = { market_ticker: badTicker ? ticker : 'KXFED-26MAR-C25', contracts_fp: badTicker ? '2.00' : count, rest_remainder: false };
        const valid = badTicker ? tickerIsValid(ticker) : count !== undefined && count !== null && countIsValid(count);
        await sentOrRefused(badTicker ? 'market_ticker' : 'contracts_fp', valid, () => kalshi.communications.rfqs.create(never(params)), ({ body }) => {
          expect(body?.contracts_fp).toMatch(WIRE_COUNT);
          expect(tickerIsValid(body?.market_ticker)).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('quotes: yes_bid is a price or "0" (declining that side)', async () => {
    await fc.assert(
      fc.asyncProperty(prices, async (price) => {
        const declines = typeof price === 'string' && /^0+(\.0+)?$/.test(price);
        const params = { rfq_id: 'rfq-1', rest_remainder: false, yes_bid: price, no_bid: '0.40' };
        await sentOrRefused('yes_bid', declines || priceIsValid(price), () => kalshi.communications.quotes.create(never(params)), ({ body }) => {
          expect(body?.yes_bid === '0' || WIRE_PRICE.test(String(body?.yes_bid))).toBe(true);
        });
      }),
      { numRuns: RUNS },
    );
  });
});
