import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../src/core/errors.js';
import {
  COUNT_DECIMALS,
  DOLLAR_DECIMALS,
  addCount,
  addDollars,
  compareCount,
  compareDollars,
  formatCount,
  formatDollars,
  isValidCount,
  isValidDollars,
  notional,
  parseCount,
  parseDollars,
  subtractCount,
  subtractDollars,
  toRequestCount,
  toRequestPrice,
} from '../src/core/fixed-point.js';

// ---------------------------------------------------------------------------------------------
// Reference model: written independently of the implementation (character scanning, no regex),
// so a shared bug in a pattern cannot make both sides agree.
// ---------------------------------------------------------------------------------------------

const DIGITS = '0123456789';

/** Splits a decimal string into sign/whole/fraction, or null when it is not one. */
function refSplit(s: string): { negative: boolean; whole: string; fraction: string } | null {
  let i = 0;
  const negative = s[0] === '-';
  if (negative) i = 1;
  let whole = '';
  while (i < s.length && DIGITS.includes(s[i] as string)) whole += s[i++];
  if (whole === '') return null;
  if (i === s.length) return { negative, whole, fraction: '' };
  if (s[i] !== '.') return null;
  i++;
  let fraction = '';
  while (i < s.length && DIGITS.includes(s[i] as string)) fraction += s[i++];
  if (fraction === '' || i !== s.length) return null;
  return { negative, whole, fraction };
}

function digitsToBigint(digits: string): bigint {
  let v = 0n;
  for (const c of digits) v = v * 10n + BigInt(c.charCodeAt(0) - 48);
  return v;
}

/** The value of `s` in units of 10^-scale, or null when `s` is malformed or too fine. */
function refParse(s: string, scale: number): bigint | null {
  const parts = refSplit(s);
  if (!parts || parts.fraction.length > scale) return null;
  const v = digitsToBigint(parts.whole + parts.fraction.padEnd(scale, '0'));
  return parts.negative ? -v : v;
}

/** `s` as an exact fraction num / den with den = 10^decimals. */
function refRational(s: string): { num: bigint; den: bigint } {
  const parts = refSplit(s);
  if (!parts) throw new Error(`reference cannot read ${s}`);
  const mag = digitsToBigint(parts.whole + parts.fraction);
  return { num: parts.negative ? -mag : mag, den: 10n ** BigInt(parts.fraction.length) };
}

function decimalsOf(s: string): number {
  return refSplit(s)?.fraction.length ?? -1;
}

/** How many decimals the value needs at the given scale (trailing zeros stripped). */
function neededDecimals(v: bigint, scale: number): number {
  let n = scale;
  let x = v < 0n ? -v : v;
  while (n > 0 && x % 10n === 0n) {
    x /= 10n;
    n--;
  }
  return n;
}

const sgn = (x: bigint): number => (x < 0n ? -1 : x > 0n ? 1 : 0);

/** Canonical output shape: no leading zeros, no negative zero. */
const CANONICAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

function isNegativeZero(s: string): boolean {
  return s.startsWith('-') && /^-[0.]+$/.test(s);
}

function catchValidation(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw new Error(`expected a ValidationError, got ${String(err)}`);
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}

function expectRejected(fn: () => unknown, field: string, value?: string): ValidationError {
  const err = catchValidation(fn);
  expect(err.field).toBe(field);
  expect(err.message.startsWith(`${field}: `)).toBe(true);
  if (value !== undefined && value.length <= 40) expect(err.message).toContain(JSON.stringify(value));
  return err;
}

const LIMIT = 10n ** 15n;
const scaledUnits = fc.bigInt({ min: -LIMIT, max: LIMIT });
const fieldName = fc.stringMatching(/^[a-z][a-z_]{0,15}$/);

/** A decimal string in canonical form with `maxDecimals` fraction digits at most. */
function canonicalDecimal(maxDecimals: number) {
  return fc
    .record({
      negative: fc.boolean(),
      whole: fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,14}$/)),
      fraction: fc.stringMatching(new RegExp(`^[0-9]{0,${maxDecimals}}$`)),
    })
    .map(({ negative, whole, fraction }) => {
      const isZero = /^0*$/.test(whole + fraction);
      const sign = negative && !isZero ? '-' : '';
      return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
    });
}

/** Strings biased toward near-misses of the grammar, kept only when the reference rejects them. */
function malformed(scale: number) {
  const unit = fc.constantFrom(...'0123456789.-+eE xX,_\t\n'.split(''), '٣', '０', '\u00a0');
  return fc
    .oneof(
      fc.string({ unit, maxLength: 14 }),
      fc.string({ maxLength: 14 }),
      // A valid value with one stray character spliced in.
      fc
        .tuple(canonicalDecimal(scale), fc.nat(), fc.constantFrom('+', ' ', 'e', '.', ',', '_', 'x', '-', '\n'))
        .map(([s, at, ch]) => {
          const i = at % (s.length + 1);
          return s.slice(0, i) + ch + s.slice(i);
        }),
      // One decimal too many.
      fc
        .tuple(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(new RegExp(`^[0-9]{${scale + 1},${scale + 4}}$`)))
        .map(([w, f]) => `${w}.${f}`),
    )
    .filter((s) => refParse(s, scale) === null);
}

// ---------------------------------------------------------------------------------------------

describe('constants', () => {
  it('match the wire formats', () => {
    expect(DOLLAR_DECIMALS).toBe(6);
    expect(COUNT_DECIMALS).toBe(2);
  });
});

describe('parseDollars', () => {
  it.each([
    ['0.56', 560_000n],
    ['0.5600', 560_000n],
    ['0.561234', 561_234n],
    ['0.000001', 1n],
    ['1', 1_000_000n],
    ['12.5', 12_500_000n],
    ['-5.00', -5_000_000n],
    ['-0.000001', -1n],
    ['0', 0n],
    ['-0', 0n],
    ['-0.00', 0n],
    ['00.5', 500_000n],
    ['007', 7_000_000n],
    ['123456789012345678901234567890.123456', 123456789012345678901234567890123456n],
  ])('accepts %j as %s micros', (input, micros) => {
    expect(parseDollars(input)).toBe(micros);
    expect(isValidDollars(input)).toBe(true);
  });

  it.each([
    '',
    ' ',
    ' 0.56',
    '0.56 ',
    '0.56\n',
    '+0.56',
    '+1',
    '1e2',
    '1E2',
    '5e-1',
    '0.1234567',
    '.',
    '1.',
    '.5',
    '-.5',
    '-',
    '--1',
    '1-',
    '0.5.6',
    '1,000.00',
    '1_000',
    '0x10',
    'NaN',
    'Infinity',
    '-Infinity',
    '٣',
    '０.５',
    '0.5x',
  ])('rejects %j', (input) => {
    expectRejected(() => parseDollars(input, 'price'), 'price', input);
    expect(isValidDollars(input)).toBe(false);
  });

  it('explains a malformed amount with the field, value and expected shape', () => {
    const err = catchValidation(() => parseDollars('0.5x', 'price'));
    expect(err.message).toBe(
      'price: "0.5x" is not a dollar amount (expected digits with up to 6 decimals, like "0.56")',
    );
  });

  it('says how many decimals were too many', () => {
    const err = catchValidation(() => parseDollars('0.1234567', 'yes_price_dollars'));
    expect(err.message).toBe('yes_price_dollars: "0.1234567" has 7 decimals; a dollar amount carries at most 6');
  });

  it('defaults the field name to "value"', () => {
    expectRejected(() => parseDollars('abc'), 'value', 'abc');
  });

  it.each([0.56, 1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the number %s and says to pass a string', (n) => {
    const err = expectRejected(() => parseDollars(n as unknown as string, 'price'), 'price');
    expect(err.message).toContain(`the number ${String(n)}`);
    expect(err.message).toContain('as a string');
    expect(isValidDollars(n)).toBe(false);
  });

  it.each([[null], [undefined], [560_000n], [{}], [['0.56']]])('refuses non-string %s', (v) => {
    const err = expectRejected(() => parseDollars(v as unknown as string, 'price'), 'price');
    expect(err.message).toContain('as a string');
  });

  it('truncates enormous inputs in the message', () => {
    const huge = `${'9'.repeat(500)}x`;
    const err = expectRejected(() => parseDollars(huge, 'p'), 'p');
    expect(err.message.length).toBeLessThan(200);
  });

  it('agrees with the reference model on canonical strings', () => {
    fc.assert(
      fc.property(canonicalDecimal(6), (s) => {
        expect(parseDollars(s)).toBe(refParse(s, 6));
      }),
    );
  });

  it('rejects malformed strings with a ValidationError naming the field', () => {
    fc.assert(
      fc.property(malformed(6), fieldName, (s, field) => {
        expectRejected(() => parseDollars(s, field), field, s);
        expect(isValidDollars(s)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('formatDollars', () => {
  it.each([
    [560_000n, undefined, '0.56'],
    [561_000n, undefined, '0.561'],
    [1n, undefined, '0.000001'],
    [-5_000_000n, undefined, '-5.00'],
    [0n, undefined, '0.00'],
    [-1n, undefined, '-0.000001'],
    [123_456_789n, undefined, '123.456789'],
    [5_000_000n, 0, '5'],
    [5_100_000n, 0, '5.1'],
    [560_000n, 4, '0.5600'],
    [560_000n, 6, '0.560000'],
    [1n, 0, '0.000001'],
  ] as const)('formats %s (decimals %s) as %j', (micros, decimals, expected) => {
    const out = decimals === undefined ? formatDollars(micros) : formatDollars(micros, { decimals });
    expect(out).toBe(expected);
  });

  it.each([-1, 7, 2.5, Number.NaN])('rejects decimals %s', (decimals) => {
    expectRejected(() => formatDollars(1n, { decimals }), 'decimals');
  });

  it('refuses a number where a bigint belongs', () => {
    expectRejected(() => formatDollars(0.56 as unknown as bigint), 'micros');
  });

  it('is the shortest exact rendering with at least the requested decimals', () => {
    fc.assert(
      fc.property(scaledUnits, fc.integer({ min: 0, max: 6 }), (v, d) => {
        const out = formatDollars(v, { decimals: d });
        expect(out).toMatch(CANONICAL);
        expect(isNegativeZero(out)).toBe(false);
        expect(decimalsOf(out)).toBe(Math.max(d, neededDecimals(v, 6)));
        expect(refParse(out, 6)).toBe(v);
      }),
    );
  });

  it('round-trips through parseDollars (format then parse)', () => {
    fc.assert(
      fc.property(scaledUnits, fc.integer({ min: 0, max: 6 }), (v, d) => {
        expect(parseDollars(formatDollars(v, { decimals: d }))).toBe(v);
      }),
    );
  });

  it('reproduces a canonical string exactly (parse then format)', () => {
    fc.assert(
      fc.property(canonicalDecimal(6), (s) => {
        expect(formatDollars(parseDollars(s), { decimals: decimalsOf(s) })).toBe(s);
      }),
    );
  });
});

describe('parseCount / formatCount', () => {
  it.each([
    ['10', 1000n],
    ['10.00', 1000n],
    ['10.5', 1050n],
    ['0.01', 1n],
    ['-0.50', -50n],
    ['-3', -300n],
    ['0', 0n],
    ['-0.0', 0n],
    ['0010', 1000n],
  ])('accepts %j as %s centis', (input, centis) => {
    expect(parseCount(input)).toBe(centis);
    expect(isValidCount(input)).toBe(true);
  });

  it.each(['', ' 1', '+1', '1e3', '1.', '.5', '1.234', '0.001', 'NaN', '1,5', '10 '])('rejects %j', (input) => {
    expectRejected(() => parseCount(input, 'count'), 'count', input);
    expect(isValidCount(input)).toBe(false);
  });

  it('explains errors in contract terms', () => {
    expect(catchValidation(() => parseCount('1.234')).message).toBe(
      'count: "1.234" has 3 decimals; a contract count carries at most 2',
    );
    expect(catchValidation(() => parseCount('ten', 'position_fp')).message).toBe(
      'position_fp: "ten" is not a contract count (expected digits with up to 2 decimals, like "10.00")',
    );
  });

  it('refuses numbers', () => {
    const err = expectRejected(() => parseCount(10 as unknown as string), 'count');
    expect(err.message).toContain('as a string');
  });

  it.each([
    [1000n, '10.00'],
    [-50n, '-0.50'],
    [0n, '0.00'],
    [1n, '0.01'],
    [-1n, '-0.01'],
    [123_456n, '1234.56'],
  ])('formats %s as %j', (centis, expected) => {
    expect(formatCount(centis)).toBe(expected);
  });

  it('always prints exactly two decimals and round-trips', () => {
    fc.assert(
      fc.property(scaledUnits, (v) => {
        const out = formatCount(v);
        expect(out).toMatch(CANONICAL);
        expect(isNegativeZero(out)).toBe(false);
        expect(decimalsOf(out)).toBe(2);
        expect(refParse(out, 2)).toBe(v);
        expect(parseCount(out)).toBe(v);
      }),
    );
  });

  it('agrees with the reference model and re-renders canonical 2-decimal strings exactly', () => {
    fc.assert(
      fc.property(canonicalDecimal(2), (s) => {
        const v = parseCount(s);
        expect(v).toBe(refParse(s, 2));
        if (decimalsOf(s) === 2) expect(formatCount(v)).toBe(s);
      }),
    );
  });

  it('rejects malformed strings with a ValidationError naming the field', () => {
    fc.assert(
      fc.property(malformed(2), fieldName, (s, field) => {
        expectRejected(() => parseCount(s, field), field, s);
        expect(isValidCount(s)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

describe('dollar arithmetic', () => {
  const amount = fc
    .tuple(scaledUnits, fc.integer({ min: 0, max: 6 }))
    .map(([v, d]) => ({ v, s: formatDollars(v, { decimals: d }) }));

  it('examples', () => {
    expect(addDollars('0.56', '0.44')).toBe('1.00');
    expect(addDollars('0.1', '0.2')).toBe('0.30');
    expect(subtractDollars('0.5', '0.500001')).toBe('-0.000001');
    expect(subtractDollars('1', '1.000000')).toBe('0.00');
    expect(compareDollars('0.5', '0.500000')).toBe(0);
    expect(compareDollars('0.49', '0.5')).toBe(-1);
    expect(compareDollars('-1', '-2')).toBe(1);
  });

  it('add, subtract and compare agree with bigint arithmetic', () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(refParse(addDollars(a.s, b.s), 6)).toBe(a.v + b.v);
        expect(refParse(subtractDollars(a.s, b.s), 6)).toBe(a.v - b.v);
        expect(compareDollars(a.s, b.s)).toBe(sgn(a.v - b.v));
        expect(compareDollars(b.s, a.s)).toBe(sgn(b.v - a.v));
      }),
    );
  });

  it('names the bad operand', () => {
    expectRejected(() => addDollars('1', '1e3'), 'b', '1e3');
    expectRejected(() => compareDollars('x', '1'), 'a', 'x');
  });
});

describe('count arithmetic', () => {
  const count = fc.tuple(scaledUnits, fc.boolean()).map(([v, short]) => {
    const s = formatCount(v);
    // Also feed the short form ("10" / "10.5") the API accepts in requests.
    return { v, s: short ? s.replace(/\.?0+$/, '') || '0' : s };
  });

  it('examples', () => {
    expect(addCount('10', '0.5')).toBe('10.50');
    expect(subtractCount('1', '1.01')).toBe('-0.01');
    expect(compareCount('10', '10.00')).toBe(0);
    expect(compareCount('9.99', '10')).toBe(-1);
  });

  it('add, subtract and compare agree with bigint arithmetic', () => {
    fc.assert(
      fc.property(count, count, (a, b) => {
        expect(refParse(a.s, 2)).toBe(a.v);
        expect(refParse(addCount(a.s, b.s), 2)).toBe(a.v + b.v);
        expect(refParse(subtractCount(a.s, b.s), 2)).toBe(a.v - b.v);
        expect(compareCount(a.s, b.s)).toBe(sgn(a.v - b.v));
      }),
    );
  });

  it('names the bad operand', () => {
    expectRejected(() => subtractCount('1.001', '1'), 'a', '1.001');
  });
});

describe('notional', () => {
  it.each([
    ['10', '0.56', '5.60'],
    ['1', '0.5', '0.50'],
    ['0.01', '0.000001', '0.00000001'],
    ['0.33', '0.333333', '0.10999989'],
    ['-2', '0.25', '-0.50'],
    ['0', '0.99', '0.00'],
    ['3.5', '0.1234', '0.4319'],
  ])('%s × %s = %s', (count, price, expected) => {
    expect(notional(count, price)).toBe(expected);
  });

  it('is the exact rational product', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        (centis, micros) => {
          const out = notional(formatCount(centis), formatDollars(micros));
          expect(out).toMatch(CANONICAL);
          expect(isNegativeZero(out)).toBe(false);
          const d = decimalsOf(out);
          expect(d).toBeGreaterThanOrEqual(2);
          expect(d).toBeLessThanOrEqual(8);
          if (d > 2) expect(out.endsWith('0')).toBe(false);
          // out = num/den must equal centis/10^2 × micros/10^6.
          const { num, den } = refRational(out);
          expect(num * 10n ** 8n).toBe(centis * micros * den);
        },
      ),
    );
  });

  it('names which input was bad', () => {
    expectRejected(() => notional('1.234', '0.5'), 'count', '1.234');
    expectRejected(() => notional('1', '0.5e1'), 'price', '0.5e1');
  });
});

describe('toRequestPrice', () => {
  it.each([
    ['0.56', '0.56'],
    ['0.5600', '0.56'],
    ['0.560000', '0.56'],
    ['0.5', '0.50'],
    ['0.565', '0.5650'],
    ['0.5650', '0.5650'],
    ['0.0001', '0.0001'],
    ['0.9999', '0.9999'],
    ['0.01', '0.01'],
    ['0.99', '0.99'],
    ['00.42', '0.42'],
  ])('accepts %j as %j', (input, expected) => {
    expect(toRequestPrice(input)).toBe(expected);
  });

  it.each([
    ['0', 'above 0'],
    ['0.00', 'above 0'],
    ['-0.5', 'above 0'],
    ['1', 'below 1'],
    ['1.00', 'below 1'],
    ['1.5', 'below 1'],
    ['0.56501', 'more than 4 decimals'],
    ['0.000001', 'more than 4 decimals'],
    ['0.1234567', '7 decimals'],
    ['.5', 'not a dollar amount'],
    ['0.5 ', 'not a dollar amount'],
  ])('rejects %j (%s)', (input, reason) => {
    const err = expectRejected(() => toRequestPrice(input, 'yes_price_dollars'), 'yes_price_dollars', input);
    expect(err.message).toContain(reason);
  });

  it('refuses a float price', () => {
    const err = expectRejected(() => toRequestPrice(0.56 as unknown as string), 'price');
    expect(err.message).toContain('as a string');
  });

  it('accepts exactly the prices in (0, 1) on a 0.0001 grid, in 2- or 4-decimal form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -2_000_000n, max: 2_000_000n }), fc.integer({ min: 0, max: 6 }), (micros, d) => {
        const input = formatDollars(micros, { decimals: d });
        const ok = micros > 0n && micros < 1_000_000n && micros % 100n === 0n;
        if (!ok) {
          expectRejected(() => toRequestPrice(input), 'price', input);
          return;
        }
        const out = toRequestPrice(input);
        expect(refParse(out, 6)).toBe(micros);
        expect(decimalsOf(out)).toBe(micros % 10_000n === 0n ? 2 : 4);
      }),
    );
  });
});

describe('toRequestCount', () => {
  it.each([
    [1, '1.00'],
    [250, '250.00'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991.00'],
    ['1', '1.00'],
    ['1.5', '1.50'],
    ['0.01', '0.01'],
    ['10.00', '10.00'],
    ['007', '7.00'],
  ] as const)('accepts %j as %j', (input, expected) => {
    expect(toRequestCount(input)).toBe(expected);
  });

  it.each([
    [1.5, 'not a safe whole number'],
    [0.1, 'not a safe whole number'],
    [Number.NaN, 'not a safe whole number'],
    [Number.POSITIVE_INFINITY, 'not a safe whole number'],
    [Number.MAX_SAFE_INTEGER + 1, 'not a safe whole number'],
    [0, 'greater than 0'],
    [-0, 'greater than 0'],
    [-3, 'greater than 0'],
    ['0', 'greater than 0'],
    ['0.00', 'greater than 0'],
    ['-1', 'greater than 0'],
    ['1.005', '3 decimals'],
    ['1e2', 'not a contract count'],
    ['', 'not a contract count'],
  ] as const)('rejects %j (%s)', (input, reason) => {
    const err = expectRejected(() => toRequestCount(input, 'count'), 'count');
    expect(err.message).toContain(reason);
  });

  it('tells the caller to use a string for fractional numbers', () => {
    const err = catchValidation(() => toRequestCount(1.5));
    expect(err.message).toContain('as a string like "1.50"');
  });

  it('accepts every positive safe integer and refuses every other integer', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        if (n > 0) expect(toRequestCount(n)).toBe(`${n}.00`);
        else expectRejected(() => toRequestCount(n, 'q'), 'q');
      }),
    );
  });

  it('refuses non-integer numbers', () => {
    fc.assert(
      fc.property(
        fc.double().filter((x) => !Number.isInteger(x)),
        (x) => {
          expectRejected(() => toRequestCount(x), 'count');
        },
      ),
    );
  });

  it('agrees with the reference model on strings', () => {
    fc.assert(
      fc.property(fc.oneof(canonicalDecimal(2), canonicalDecimal(4), malformed(2)), (s) => {
        const v = refParse(s, 2);
        if (v !== null && v > 0n) expect(refParse(toRequestCount(s), 2)).toBe(v);
        else expectRejected(() => toRequestCount(s), 'count', s);
      }),
    );
  });
});
