/**
 * The fast delta reader (src/ws/delta-frame.ts) may only ever say what JSON.parse says. Frames are
 * generated in Kalshi's layout and then bent the ways a parser shortcut goes wrong: escapes,
 * whitespace, reordered, missing, repeated and extra keys, numbers as exponents, fractions, leading
 * zeros or past 2^53, odd unicode, truncation, trailing bytes. Whatever the reader accepts must equal
 * JSON.parse's value, key order included; whatever JSON.parse rejects the reader must decline.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDeltaFrame } from '../../src/ws/delta-frame.js';
import { printFigures, SOAK, size } from '../../../sim/test/reliability/support.js';

type Json = string | number | boolean | null | Json[] | Entries | Raw;
/** Number text written as is: long digit runs that a double cannot hold exactly. */
interface Raw {
  raw: string;
}
/** An object as an ordered list of entries, so order, repeats and rendering are under test control. */
interface Entries {
  entries: [string, Json][];
}

const isEntries = (v: Json): v is Entries => typeof v === 'object' && v !== null && 'entries' in v && Array.isArray(v.entries);

/** How one frame is written out: whitespace after some tokens, and alternative number/string spellings. */
interface Style {
  space: string[];
  numberForm: 'plain' | 'exponent' | 'fraction' | 'leading-zero';
  escapeAt: number;
}

function render(value: Json, style: Style, counter: { token: number }): string {
  const gap = () => style.space[counter.token++ % Math.max(1, style.space.length)] ?? '';
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    // Spell one character as \uXXXX: same value, but the text is no longer its own content.
    if (style.escapeAt >= 0 && value.length > 0) {
      const i = style.escapeAt % value.length;
      const code = value.charCodeAt(i).toString(16).padStart(4, '0');
      return JSON.stringify(value.slice(0, i)).slice(0, -1) + `\\u${code}` + JSON.stringify(value.slice(i + 1)).slice(1);
    }
    return text;
  }
  if (typeof value === 'number') {
    const plain = JSON.stringify(value);
    if (!Number.isInteger(value) || style.numberForm === 'plain') return plain;
    if (style.numberForm === 'exponent') return `${plain}e0`;
    if (style.numberForm === 'fraction') return `${plain}.0`;
    return value >= 0 ? `0${plain}` : plain;
  }
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if ('raw' in value) return value.raw;
  if (Array.isArray(value)) return `[${gap()}${value.map((v) => render(v, style, counter)).join(`,${gap()}`)}${gap()}]`;
  const body = value.entries.map(([k, v]) => `${gap()}${JSON.stringify(k)}${gap()}:${gap()}${render(v, style, counter)}`);
  return `{${body.join(`${gap()},`)}${gap()}}`;
}

const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('"', '\\', '\u0000', '\u001f', '\u007f', '\u2028', 'é', '😀', '\ud800', '/', ''),
);
const often = <T,>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) => fc.oneof({ arbitrary: usual, weight: 4 }, { arbitrary: odd, weight: 1 });
const ticker = often(fc.stringMatching(/^[A-Z0-9][A-Z0-9.-]{0,39}$/), oddText);
const decimal = (whole: number, decimals: number) =>
  fc.tuple(fc.integer({ min: -whole, max: whole }), fc.nat(10 ** decimals - 1)).map(([w, f]) => `${w}.${String(f).padStart(decimals, '0')}`);
const longDigits = fc.bigInt(10n ** 14n, 10n ** 22n).map((b): Json => ({ raw: b.toString() }));
const safeInt = often<Json>(fc.nat(), fc.oneof(fc.maxSafeNat(), fc.constantFrom(0, 10 ** 15 - 1, 10 ** 15, 2 ** 53), longDigits));
const number = fc.oneof(safeInt, fc.integer({ min: -1000, max: -1 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(-0));
const scalar: fc.Arbitrary<Json> = fc.oneof(oddText, number, fc.boolean(), fc.constant(null));
const anyJson: fc.Arbitrary<Json> = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.record({ k: scalar }).map((o) => ({ entries: Object.entries(o) as [string, Json][] })));

/** A delta in Kalshi's layout: required fields in order, then some optional ones in any order. */
const kalshiDelta = fc
  .record({
    sid: safeInt,
    seq: safeInt,
    ticker,
    id: often(fc.uuid(), oddText),
    price: often(decimal(1, 4), oddText),
    delta: often(decimal(100_000, 2), oddText),
    side: often(fc.constantFrom('yes', 'no'), oddText),
    optional: fc.shuffledSubarray<[string, Json]>([
      ['ts', '2025-08-05T16:59:59.000Z'],
      ['ts_ms', 1_754_413_199_000],
      ['client_order_id', 'a1b2c3'],
      ['subaccount', 3],
    ]),
    optionalValues: fc.array(scalar, { minLength: 4, maxLength: 4 }),
    swapValues: often(fc.constant(false), fc.constant(true)),
  })
  .map((r) => {
    const optional = r.optional.map(([k, v], i): [string, Json] => [k, r.swapValues ? r.optionalValues[i]! : v]);
    const msg: Entries = {
      entries: [
        ['market_ticker', r.ticker],
        ['market_id', r.id],
        ['price_dollars', r.price],
        ['delta_fp', r.delta],
        ['side', r.side],
        ...optional,
      ],
    };
    return { entries: [['type', 'orderbook_delta'], ['sid', r.sid], ['seq', r.seq], ['msg', msg]] } as Entries;
  });

type Mutation = (frame: Entries) => void;
const pick = (frame: Entries, which: number): Entries => {
  const msg = frame.entries.find(([k]) => k === 'msg')?.[1];
  const o = which % 2 === 1 && msg !== undefined && isEntries(msg) ? msg : frame;
  // An object emptied by earlier mutations gets a key back, so every mutation has something to bend.
  if (o.entries.length === 0) o.entries.push(['type', 'orderbook_delta']);
  return o;
};
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Swap two keys (reorder).
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([w, a, b]) => (f: Entries) => {
    const o = pick(f, w);
    const i = a % o.entries.length;
    const j = b % o.entries.length;
    [o.entries[i], o.entries[j]] = [o.entries[j]!, o.entries[i]!];
  }),
  // Insert an extra key (a new one, or a repeat of an existing one) with any value.
  fc.tuple(fc.nat(), fc.nat(), fc.oneof(oddText, fc.constantFrom('id', 'type', 'seq', 'side', 'ts', 'ts_ms', 'market_ticker')), anyJson).map(
    ([w, at, key, value]) => (f: Entries) => {
      const o = pick(f, w);
      o.entries.splice(at % (o.entries.length + 1), 0, [key, value]);
    },
  ),
  // Remove a key.
  fc.tuple(fc.nat(), fc.nat()).map(([w, at]) => (f: Entries) => {
    const o = pick(f, w);
    o.entries.splice(at % o.entries.length, 1);
  }),
  // Replace a value with any JSON value (another type, an object, an array...).
  fc.tuple(fc.nat(), fc.nat(), anyJson).map(([w, at, value]) => (f: Entries) => {
    const o = pick(f, w);
    o.entries[at % o.entries.length]![1] = value;
  }),
);

const style: fc.Arbitrary<Style> = fc.record({
  space: often(fc.constant([] as string[]), fc.array(fc.constantFrom('', '', '', ' ', '\n', '\t', '\r', '\u00a0'), { maxLength: 40 })),
  numberForm: often(fc.constant('plain' as const), fc.constantFrom('exponent' as const, 'fraction' as const, 'leading-zero' as const)),
  escapeAt: often(fc.constant(-1), fc.nat(40)),
});

const textEdit = often(
  fc.constant((t: string) => t),
  fc.oneof(
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc.constantFrom('}', ' ', '\n', 'x', ',', '"').map((tail) => (t: string) => t + tail),
  ),
);

/** Every object's keys in order, depth first, so key order is compared too. */
function keyOrder(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(keyOrder);
  return Object.entries(value).flatMap(([k, v]) => [k, ...keyOrder(v)]);
}

describe('readDeltaFrame', () => {
  it('returns what JSON.parse returns, or declines, on adversarial frames', { timeout: SOAK ? 1_800_000 : 60_000 }, () => {
    const seen = { accepted: 0, declined: 0, invalidJson: 0 };
    fc.assert(
      fc.property(kalshiDelta, often(fc.constant<Mutation[]>([]), fc.array(mutation, { minLength: 1, maxLength: 3 })), style, textEdit, (generated, mutations, how, edit) => {
        const frame = structuredClone(generated);
        for (const m of mutations) m(frame);
        const text = edit(render(frame, how, { token: 0 }));
        const fast = readDeltaFrame(text);
        let parsed: unknown;
        let valid = true;
        try {
          parsed = JSON.parse(text);
        } catch {
          valid = false;
          seen.invalidJson++;
        }
        if (fast === undefined) {
          seen.declined++;
          return;
        }
        seen.accepted++;
        expect(valid, `accepted text JSON.parse rejects: ${text}`).toBe(true);
        expect(fast).toStrictEqual(parsed);
        expect(keyOrder(fast)).toEqual(keyOrder(parsed));
      }),
      { numRuns: size(3_000, 200_000) },
    );
    printFigures('delta-frame reader', seen);
    // Both outcomes must have happened, or the property proved nothing about one of them.
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.declined).toBeGreaterThan(50);
    expect(seen.invalidJson).toBeGreaterThan(10);
  });

  it('reads the layouts Kalshi and the local exchange send', () => {
    const base = {
      type: 'orderbook_delta',
      sid: 7,
      seq: 1_234_567,
      msg: {
        market_ticker: 'KXBTCD-25AUG0517-T72750.99',
        market_id: 'd3a1015e-bc7e-49da-a502-c81e1c9502de',
        price_dollars: '0.4600',
        delta_fp: '-54.00',
        side: 'no',
      },
    };
    const layouts = [
      base,
      { ...base, msg: { ...base.msg, ts: '2025-08-05T16:59:59.000Z' } },
      { ...base, msg: { ...base.msg, ts: '2025-08-05T16:59:59.000Z', ts_ms: 1_754_413_199_000 } },
      { ...base, msg: { ...base.msg, ts: '2025-08-05T16:59:59Z', ts_ms: 0, client_order_id: 'c-1', subaccount: 2 } },
      { ...base, msg: { ...base.msg, client_order_id: 'c-1', ts_ms: 5, ts: 'x' } },
    ];
    for (const layout of layouts) {
      const text = JSON.stringify(layout);
      const fast = readDeltaFrame(text);
      expect(fast, text).toStrictEqual(layout);
      expect(keyOrder(fast)).toEqual(keyOrder(layout));
    }
  });

  it('declines each shortcut that would misread a frame', () => {
    const ok = '{"type":"orderbook_delta","sid":1,"seq":5,"msg":{"market_ticker":"KX-A","market_id":"m","price_dollars":"0.5","delta_fp":"1.00","side":"yes","ts_ms":9}}';
    expect(readDeltaFrame(ok)).toBeDefined();
    const variants: [string, string][] = [
      ['an escaped ticker', ok.replace('"KX-A"', '"KX\\u002dA"')],
      ['an escaped quote', ok.replace('"KX-A"', '"KX\\"A"')],
      ['a raw control character', ok.replace('"KX-A"', '"KX\u0001A"')],
      ['whitespace', ok.replace('"sid":1', '"sid": 1')],
      ['an exponent', ok.replace('"seq":5', '"seq":5e0')],
      ['a fraction', ok.replace('"seq":5', '"seq":5.0')],
      ['a leading zero', ok.replace('"seq":5', '"seq":05')],
      ['a negative number', ok.replace('"seq":5', '"seq":-5')],
      ['16 digits', ok.replace('"ts_ms":9', '"ts_ms":9007199254740993')],
      ['an unknown key', ok.replace('"ts_ms":9', '"ts_ms":9,"extra":1')],
      ['reordered envelope keys', ok.replace('"sid":1,"seq":5', '"seq":5,"sid":1')],
      ['an id (a reply to get_snapshot)', ok.replace('"sid":1', '"id":3,"sid":1')],
      ['another side', ok.replace('"yes"', '"maybe"')],
      ['a string seq', ok.replace('"seq":5', '"seq":"5"')],
      ['trailing bytes', `${ok} `],
      ['a missing brace', ok.slice(0, -1)],
      ['a snapshot', ok.replace('orderbook_delta', 'orderbook_snapshot')],
    ];
    for (const [what, text] of variants) expect(readDeltaFrame(text), what).toBeUndefined();
  });

  it('keeps the first position and the last value of a repeated optional key, as JSON.parse does', () => {
    const text =
      '{"type":"orderbook_delta","sid":1,"seq":5,"msg":{"market_ticker":"KX-A","market_id":"m","price_dollars":"0.5",' +
      '"delta_fp":"1.00","side":"yes","ts":"a","ts_ms":9,"ts":"b","ts_ms":10}}';
    const fast = readDeltaFrame(text);
    expect(fast).toStrictEqual(JSON.parse(text));
    expect(keyOrder(fast)).toEqual(keyOrder(JSON.parse(text)));
  });
});
