import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { parseCount, parseDollars } from '../../src/core/fixed-point.js';
import { formatCentis, formatHalfUnits, formatUnits, parseCentis, parsePriceUnits } from '../../src/book/index.js';

describe('parsePriceUnits', () => {
  it.each([
    ['0.5600', 5600],
    ['0.56', 5600],
    ['0.5', 5000],
    ['0.001', 10],
    ['0.0010', 10],
    ['0.0001', 1],
    ['0.9999', 9999],
    ['1', 10_000],
    ['1.0000', 10_000],
    ['0', 0],
    ['0.560000', 5600],
    ['00.56', 5600],
    ['12.3456', 123_456],
  ])('%s -> %i units', (input, units) => {
    expect(parsePriceUnits(input)).toBe(units);
  });

  it.each([
    ['', /start with a digit/],
    ['.', /start with a digit/],
    ['.5', /start with a digit/],
    ['1.', /no digits after/],
    ['-0.5', /start with a digit/],
    ['+0.5', /start with a digit/],
    [' 0.5', /start with a digit/],
    ['0.5 ', /unexpected character/],
    ['0,5', /unexpected character/],
    ['0.5.6', /unexpected character/],
    ['1e-2', /unexpected character/],
    ['NaN', /start with a digit/],
    ['0.56001', /finer than \$0.0001/],
    ['0.560001', /finer than \$0.0001/],
    ['0.5600000', /more than 6 decimals/],
    ['1234567890.5', /too many digits/],
  ])('rejects %j', (input, why) => {
    expect(() => parsePriceUnits(input, 'price_dollars')).toThrow(ValidationError);
    expect(() => parsePriceUnits(input, 'price_dollars')).toThrow(why);
    expect(() => parsePriceUnits(input, 'price_dollars')).toThrow(/^price_dollars: /);
  });

  it('rejects non-strings, naming what it got', () => {
    expect(() => parsePriceUnits(0.56 as unknown as string)).toThrow(/the number 0\.56/);
    expect(() => parsePriceUnits(undefined as unknown as string)).toThrow(ValidationError);
  });

  it('agrees with the core bigint parser wherever both accept', () => {
    const decimal = fc
      .tuple(fc.stringMatching(/^[0-9]{1,3}$/), fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }))
      .map(([w, f]) => (f === undefined ? w : `${w}.${f}`));
    fc.assert(
      fc.property(decimal, (s) => {
        const micros = parseDollars(s);
        if (micros % 100n === 0n) expect(parsePriceUnits(s)).toBe(Number(micros / 100n));
        else expect(() => parsePriceUnits(s)).toThrow(/finer/);
      }),
    );
  });

  it('never accepts a string the core parser refuses', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.-+e x'.split('')), maxLength: 9 }), (s) => {
        let core: bigint | undefined;
        try {
          core = parseDollars(s);
        } catch {
          core = undefined;
        }
        if (core === undefined || core < 0n) expect(() => parsePriceUnits(s)).toThrow(ValidationError);
      }),
    );
  });
});

describe('parseCentis', () => {
  it.each([
    ['10.00', 1000],
    ['10', 1000],
    ['10.5', 1050],
    ['-54.00', -5400],
    ['-54.5', -5450],
    ['0.01', 1],
    ['0.00', 0],
    ['007.25', 725],
    ['90071992547409.91', Number.MAX_SAFE_INTEGER],
    ['-90071992547409.91', -Number.MAX_SAFE_INTEGER],
  ])('%s -> %i centis', (input, centis) => {
    expect(parseCentis(input)).toBe(centis);
  });

  it('reads "-0.00" as positive zero', () => {
    expect(Object.is(parseCentis('-0.00'), 0)).toBe(true);
  });

  it.each(['', '-', '.', '.5', '1.', '--1', '+1', '1e3', ' 1', '1 ', '1.234', '1,00', '90071992547409.92', '1-'])(
    'rejects %j',
    (input) => {
      expect(() => parseCentis(input, 'delta_fp')).toThrow(ValidationError);
      expect(() => parseCentis(input, 'delta_fp')).toThrow(/^delta_fp: .*not a contract count/);
    },
  );

  it('agrees with the core bigint parser on every accepted string', () => {
    const count = fc
      .tuple(fc.boolean(), fc.stringMatching(/^[0-9]{1,14}$/), fc.option(fc.stringMatching(/^[0-9]{1,2}$/), { nil: undefined }))
      .map(([neg, w, f]) => `${neg ? '-' : ''}${w}${f === undefined ? '' : `.${f}`}`);
    fc.assert(
      fc.property(count, (s) => {
        const exact = parseCount(s);
        const limit = BigInt(Number.MAX_SAFE_INTEGER);
        if (exact > limit || exact < -limit) expect(() => parseCentis(s)).toThrow(/too large/);
        else expect(parseCentis(s)).toBe(Number(exact));
      }),
    );
  });
});

describe('formatting', () => {
  it.each([
    [5600, '0.5600'],
    [10_000, '1.0000'],
    [1, '0.0001'],
    [10, '0.0010'],
    [0, '0.0000'],
    [-50, '-0.0050'],
    [123_456_789, '12345.6789'],
  ])('formatUnits(%i) = %s', (units, text) => {
    expect(formatUnits(units)).toBe(text);
  });

  it.each([
    [1000, '10.00'],
    [1, '0.01'],
    [-5450, '-54.50'],
    [0, '0.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
  ])('formatCentis(%i) = %s', (centis, text) => {
    expect(formatCentis(centis)).toBe(text);
  });

  it('formats half units exactly', () => {
    expect(formatHalfUnits(11_201)).toBe('0.56005');
    expect(formatHalfUnits(11_200)).toBe('0.5600');
    expect(formatHalfUnits(31)).toBe('0.00155');
  });

  it('refuses non-integers instead of printing a rounded value', () => {
    expect(() => formatUnits(0.5)).toThrow(ValidationError);
    expect(() => formatCentis(Number.NaN)).toThrow(ValidationError);
    expect(() => formatUnits(2 ** 53)).toThrow(ValidationError);
  });

  it('round-trips through the parsers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), (u, c) => {
        expect(parsePriceUnits(formatUnits(u))).toBe(u);
        expect(parseCentis(formatCentis(c))).toBe(c);
      }),
    );
  });
});
