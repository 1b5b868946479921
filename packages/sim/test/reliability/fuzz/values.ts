// The bad values the fuzzer draws from, grouped by what they try to break. Each group mixes
// values a careless client really sends (floats, off-tick prices) with values only an attacker
// or a bug would (control characters, lone surrogates, 10 KB strings).
import type { Prng } from './prng.js';

export const UNICODE_TICKERS = [
  'KX🚀-26JAN',
  'КАЛШИ-26',
  'KXFED\u0000',
  'KX\u202eDEF',
  'ＫＸＦＥＤ',
  'kxfed-26mar-c25',
  'KXFED 26MAR',
  'KX/../FED',
  'KX%2FFED',
  'KX?FED',
  'KX#FED',
  '\ud800KX',
  'Ä',
  '',
  ' ',
  '\t\n',
];

export const BAD_STRINGS = [
  '',
  ' ',
  'null',
  'undefined',
  'NaN',
  'true',
  '[]',
  '{}',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE orders; --',
  '../../../../etc/passwd',
  '%00',
  '%zz',
  '\u0000',
  '\ud83d',
  '🚀🚀🚀',
  'Ω≈ç√∫',
  '__proto__',
  'constructor',
  'A'.repeat(10_000),
];

export const BAD_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  -1.5,
  0.001,
  1e21,
  -1e21,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  2 ** 64,
  Number.MIN_VALUE,
  -2147483649,
];

/** Order prices as Kalshi's wire carries them (dollar strings), wrong in every way we know. */
export const BAD_PRICES: readonly unknown[] = [
  '0',
  '1',
  '1.00',
  '0.00',
  '-0.50',
  '0.005',
  '0.00001',
  '0.555555',
  '0.5.5',
  '.5',
  '5.',
  '1e-2',
  ' 0.5',
  '0.5 ',
  '0,50',
  '0x10',
  '５０',
  '99999999999999999999999.99',
  '-',
  '0.999999999999999999999',
  0.5,
  50,
  -1,
  null,
  true,
  ['0.50'],
  { dollars: '0.50' },
];

/** Contract counts (fixed-point strings with 2 decimals) that must all be refused. */
export const BAD_COUNTS: readonly unknown[] = [
  '0',
  '0.00',
  '-1',
  '-0.01',
  '1.001',
  '0.001',
  '1e3',
  '1,000',
  '٣',
  '99999999999999999999999999',
  '9007199254740993',
  '1.5.0',
  '',
  ' 1',
  1.5,
  -3,
  0,
  1e308,
  null,
  false,
  ['1'],
];

const ALL_BAD: readonly unknown[] = [
  ...BAD_STRINGS,
  ...BAD_NUMBERS,
  ...BAD_PRICES,
  ...BAD_COUNTS,
  ...UNICODE_TICKERS,
  null,
  true,
  false,
  [],
  {},
  [null],
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
];

/**
 * A fresh copy: the tables above are shared by every generated request, and mutations edit
 * values in place, so handing out the table's own arrays would let one request's edits leak
 * into every later one (and, in the end, make them cyclic).
 */
const copy = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (JSON.parse(JSON.stringify(value)) as unknown) : value);

/** Any bad value; kind-specific ones when the field name says what it holds. */
export function badValueFor(prng: Prng, field: string): unknown {
  if (prng.chance(0.5)) {
    if (/price|_dollars$/.test(field)) return copy(prng.pick(BAD_PRICES));
    if (/count|_fp$|reduce_(by|to)|size|quantity/.test(field)) return copy(prng.pick(BAD_COUNTS));
    if (/ticker/.test(field)) return prng.pick(UNICODE_TICKERS);
  }
  return copy(prng.pick(ALL_BAD));
}

/** A random JSON value of bounded depth, for wholesale replacement of bodies and fields. */
export function randomJson(prng: Prng, depth = 2): unknown {
  const kind = prng.int(0, depth > 0 ? 6 : 4);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return prng.chance(0.5);
    case 2:
      return prng.pick(BAD_NUMBERS);
    case 3:
      return prng.pick(BAD_STRINGS);
    case 4:
      return prng.string(prng.int(0, 12), 'abcXYZ019_-.🚀é ');
    case 5:
      return Array.from({ length: prng.int(0, 4) }, () => randomJson(prng, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = prng.int(0, 4); i > 0; i--) out[prng.pick(['ticker', 'count', 'price', 'side', 'orders', 'x', 'id'])] = randomJson(prng, depth - 1);
      return out;
    }
  }
}
