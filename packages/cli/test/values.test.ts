import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { alignDecimals } from '../src/format/table.js';
import { complement, costMicros, parseCountArg, parsePrice, parseTime, takerFeeEstimateMicros } from '../src/format/values.js';

describe('prices as people write them', () => {
  it.each([
    ['0.56', '0.56'],
    ['$0.56', '0.56'],
    ['.56', '0.56'],
    ['56c', '0.56'],
    ['56¢', '0.56'],
    ['56 cents', '0.56'],
    ['56.5c', '0.5650'],
    ['0.5650', '0.5650'],
    ['1c', '0.01'],
  ])('%s -> %s', (input, expected) => {
    expect(parsePrice(input).text).toBe(expected);
  });

  it.each(['56', '1', 'abc', '0', '1.00', '100c', '0.56789', '-0.5'])('refuses %s', (input) => {
    expect(() => parsePrice(input)).toThrow();
  });

  it('says why a bare whole number is refused', () => {
    expect(() => parsePrice('56')).toThrow(UsageError);
  });

  it('turns a NO price into the YES price and back', () => {
    expect(complement(parsePrice('30c')).text).toBe('0.70');
    expect(complement(parsePrice('0.5650')).text).toBe('0.4350');
  });
});

describe('counts', () => {
  it('takes whole and fractional counts', () => {
    expect(parseCountArg('10').text).toBe('10.00');
    expect(parseCountArg('1.5').text).toBe('1.50');
    expect(() => parseCountArg('1.555')).toThrow();
    expect(() => parseCountArg('0')).toThrow();
    expect(parseCountArg('0', 'to', { allowZero: true }).text).toBe('0.00');
  });
});

describe('the taker fee estimate', () => {
  it('is 0.07 x C x P x (1 - P), rounded up to $0.0001', () => {
    // 0.07 x 10 x 0.56 x 0.44 = 0.17248
    expect(takerFeeEstimateMicros(parseCountArg('10'), parsePrice('0.56').micros)).toBe(172_500n);
    // 0.07 x 2 x 0.03 x 0.97 = 0.004074
    expect(takerFeeEstimateMicros(parseCountArg('2'), parsePrice('3c').micros)).toBe(4_100n);
    // 0.07 x 100 x 0.5 x 0.5 = 1.75 exactly: no rounding up
    expect(takerFeeEstimateMicros(parseCountArg('100'), parsePrice('0.50').micros)).toBe(1_750_000n);
  });

  it('never understates and is never more than $0.0001 above the exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 9_999 }), (centis, units) => {
        const count = parseCountArg((centis / 100).toFixed(2));
        const micros = BigInt(units) * 100n;
        const fee = takerFeeEstimateMicros(count, micros);
        // Exact fee in units of 1e-16 dollars: 7 x centis x P x (1e6 - P); fee is in micro-dollars (1e-6).
        const exact = 7n * BigInt(centis) * micros * (1_000_000n - micros);
        const scaled = fee * 10n ** 10n;
        expect(scaled >= exact).toBe(true);
        expect(scaled - exact < 100n * 10n ** 10n).toBe(true);
        expect(fee % 100n).toBe(0n);
      }),
    );
  });

  it('costs count x price, exactly', () => {
    expect(costMicros(parseCountArg('2.5'), parsePrice('0.30').micros)).toBe(750_000n);
  });
});

describe('times', () => {
  const now = Date.UTC(2026, 0, 15, 12, 0, 0);
  it('reads Unix seconds, ISO dates, now and offsets', () => {
    expect(parseTime('1767225600', '--from', now)).toBe(1767225600);
    expect(parseTime('2026-01-15', '--from', now)).toBe(Date.UTC(2026, 0, 15) / 1000);
    expect(parseTime('2026-01-15T17:00:00Z', '--from', now)).toBe(Date.UTC(2026, 0, 15, 17) / 1000);
    expect(parseTime('now', '--to', now)).toBe(now / 1000);
    expect(parseTime('-2h', '--from', now)).toBe(now / 1000 - 7200);
    expect(parseTime('7d', '--from', now)).toBe(now / 1000 - 7 * 86_400);
    expect(() => parseTime('soon', '--from', now)).toThrow(/is not a time/);
  });
});

describe('tables', () => {
  it('lines decimal points up without changing values', () => {
    expect(alignDecimals(['0.08', '0.055', '', '1'])).toEqual(['0.080', '0.055', '', '1    ']);
  });
});
