import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { BookCorruptionError, OrderBook, StaleBookError } from '../../src/book/index.js';

const TICKER = 'FED-23DEC-T3.00';

/** A WS `orderbook_snapshot` msg. */
function snap(yes?: string[][], no?: string[][], ticker = TICKER) {
  return {
    market_ticker: ticker,
    market_id: '9b0f6b43-5b68-4f9f-9f02-9a2d1b8ac1a1',
    ...(yes ? { yes_dollars_fp: yes } : {}),
    ...(no ? { no_dollars_fp: no } : {}),
  };
}

function delta(price: string, delta: string, side: 'yes' | 'no', ticker = TICKER) {
  return { market_ticker: ticker, market_id: 'x', price_dollars: price, delta_fp: delta, side };
}

// YES bids 0.40 / 0.42, NO bids 0.50 / 0.55: YES ask 0.45, spread 0.03.
const YES = [
  ['0.4000', '100.00'],
  ['0.4200', '13.50'],
];
const NO = [
  ['0.5000', '7.00'],
  ['0.5500', '20.00'],
];
const basic = () => OrderBook.fromSnapshot(snap(YES, NO));

describe('OrderBook reads', () => {
  it('derives both legs from the two bid ladders', () => {
    const book = basic();
    expect(book.ticker).toBe(TICKER);
    expect(book.bestBid('yes')).toBe(4200);
    expect(book.bestBid('no')).toBe(5500);
    expect(book.bestAsk('yes')).toBe(4500);
    expect(book.bestAsk('no')).toBe(5800);
    expect(book.bestBidSize('yes')).toBe(1350);
    expect(book.bestAskSize('yes')).toBe(2000);
    expect(book.bestAskSize('no')).toBe(1350);
    expect(book.spread('yes')).toBe(300);
    expect(book.spread('no')).toBe(300);
    expect(book.levels('yes')).toBe(2);
    expect(book.levels('yes', 'ask')).toBe(2);
  });

  it('gives an exact mid, including half units', () => {
    const book = basic();
    expect(book.midRaw('yes')).toBe(8700);
    expect(book.mid('yes')).toBe('0.4350');
    expect(book.mid('no')).toBe('0.5650');
    const half = OrderBook.fromSnapshot(snap([['0.4000', '1.00']], [['0.5999', '1.00']]));
    expect(half.midRaw('yes')).toBe(8001);
    expect(half.mid('yes')).toBe('0.40005');
    expect(half.mid('no')).toBe('0.59995');
  });

  it('lists depth best first, bids and asks, as strings and as integers', () => {
    const book = basic();
    expect(book.depth('yes', 10)).toEqual([
      { price: '0.4200', size: '13.50' },
      { price: '0.4000', size: '100.00' },
    ]);
    expect(book.depth('yes', 10, 'ask')).toEqual([
      { price: '0.4500', size: '20.00' },
      { price: '0.5000', size: '7.00' },
    ]);
    expect(book.depth('no', 1)).toEqual([{ price: '0.5500', size: '20.00' }]);
    expect(book.depthRaw('no', 5, 'ask')).toEqual([
      { price: 5800, size: 1350 },
      { price: 6000, size: 10_000 },
    ]);
    expect(book.depth('yes', 0)).toEqual([]);
    expect(() => book.depth('yes', -1)).toThrow(ValidationError);
    expect(() => book.depth('yes', 1.5)).toThrow(ValidationError);
  });

  it('sums volume at or better than a price, inclusive', () => {
    const book = basic();
    expect(book.volumeAtOrBetter('yes', 'bid', 4200)).toBe(1350);
    expect(book.volumeAtOrBetter('yes', 'bid', '0.4100')).toBe(1350);
    expect(book.volumeAtOrBetter('yes', 'bid', '0.40')).toBe(11_350);
    expect(book.volumeAtOrBetter('yes', 'bid', 4201)).toBe(0);
    expect(book.volumeAtOrBetter('yes', 'ask', 4499)).toBe(0);
    expect(book.volumeAtOrBetter('yes', 'ask', 4500)).toBe(2000);
    expect(book.volumeAtOrBetter('yes', 'ask', '0.5')).toBe(2700);
    expect(book.volumeAtOrBetter('no', 'ask', 5800)).toBe(1350);
    expect(book.volumeAtOrBetter('no', 'bid', 0)).toBe(2700);
    expect(() => book.volumeAtOrBetter('yes', 'bid', 0.42)).toThrow(ValidationError);
  });

  it('handles a missing leg: the snapshot omits the key', () => {
    const book = OrderBook.fromSnapshot(snap(YES));
    expect(book.levels('no')).toBe(0);
    expect(book.bestBid('no')).toBeUndefined();
    expect(book.bestAsk('yes')).toBeUndefined();
    expect(book.bestAskSize('yes')).toBeUndefined();
    expect(book.spread('yes')).toBeUndefined();
    expect(book.mid('yes')).toBeUndefined();
    expect(book.midRaw('no')).toBeUndefined();
    expect(book.depth('yes', 3, 'ask')).toEqual([]);
    expect(book.toJSON()).toEqual({ yes_dollars: YES, no_dollars: [] });
  });

  it('rejects unknown sides', () => {
    const book = basic();
    expect(() => book.bestBid('maybe' as 'yes')).toThrow(ValidationError);
    expect(() => book.depth('yes', 1, 'offer' as 'bid')).toThrow(ValidationError);
  });
});

describe('OrderBook sub-cent and mixed price ranges', () => {
  // 0.1-cent steps at the tails, 1-cent in the middle: one book can hold all of them.
  const book = () =>
    OrderBook.fromSnapshot(
      snap(
        [
          ['0.0010', '5.00'],
          ['0.0020', '1.25'],
          ['0.0550', '3.00'],
          ['0.1000', '2.00'],
        ],
        [
          ['0.8900', '4.00'],
          ['0.8979', '0.01'],
        ],
      ),
    );

  it('keeps 0.0001 resolution everywhere', () => {
    const b = book();
    expect(b.bestBid('yes')).toBe(1000);
    expect(b.bestBid('no')).toBe(8979);
    expect(b.bestAsk('yes')).toBe(1021);
    expect(b.spread('yes')).toBe(21);
    expect(b.depth('yes', 2, 'ask')).toEqual([
      { price: '0.1021', size: '0.01' },
      { price: '0.1100', size: '4.00' },
    ]);
    expect(b.volumeAtOrBetter('yes', 'bid', '0.002')).toBe(625);
  });

  it('orders sub-cent levels between cent levels', () => {
    const b = book();
    b.applyDelta(delta('0.055', '1.00', 'yes'));
    b.applyDelta(delta('0.0015', '2.50', 'yes'));
    b.applyDelta(delta('0.0999', '1.00', 'yes'));
    expect(b.depth('yes', 10).map((l) => l.price)).toEqual(['0.1000', '0.0999', '0.0550', '0.0020', '0.0015', '0.0010']);
    expect(b.depth('yes', 10)[2]).toEqual({ price: '0.0550', size: '4.00' });
  });

  it('computes a half-unit mid on a sub-cent book', () => {
    const b = OrderBook.fromSnapshot(snap([['0.0010', '1.00']], [['0.9979', '1.00']]));
    expect(b.midRaw('yes')).toBe(31);
    expect(b.mid('yes')).toBe('0.00155');
  });
});

describe('OrderBook deltas', () => {
  it('adds, grows, shrinks and removes levels', () => {
    const book = basic();
    book.applyDelta(delta('0.4100', '5.00', 'yes'));
    expect(book.levels('yes')).toBe(3);
    expect(book.depth('yes', 2)[1]).toEqual({ price: '0.4100', size: '5.00' });
    book.applyDelta(delta('0.4100', '0.25', 'yes'));
    expect(book.volumeAtOrBetter('yes', 'bid', 4100)).toBe(1350 + 525);
    book.applyDelta(delta('0.4200', '-13.50', 'yes'));
    expect(book.bestBid('yes')).toBe(4100);
    expect(book.levels('yes')).toBe(2);
    book.applyDeltaRaw(5000, -200, 'no');
    expect(book.depthRaw('no', 2)).toEqual([
      { price: 5500, size: 2000 },
      { price: 5000, size: 500 },
    ]);
    book.applyDeltaRaw(4300, 100, 'yes');
    expect(book.bestBid('yes')).toBe(4300);
    book.applyDelta(delta('0.4300', '0.00', 'yes'));
    expect(book.bestBidSize('yes')).toBe(100);
  });

  it('grows storage for either leg without disturbing the other', () => {
    const book = new OrderBook();
    for (let i = 1; i <= 300; i++) {
      book.applyDeltaRaw(((i * 37) % 4000) + 1, i, 'yes');
      book.applyDeltaRaw(((i * 53) % 4000) + 1, i * 2, 'no');
    }
    const yes = book.depthRaw('yes', 1000);
    const no = book.depthRaw('no', 1000);
    expect(yes).toHaveLength(300);
    expect(no).toHaveLength(300);
    for (let k = 1; k < yes.length; k++) expect(yes[k]!.price).toBeLessThan(yes[k - 1]!.price);
    expect(yes.find((l) => l.price === ((7 * 37) % 4000) + 1)?.size).toBe(7);
    expect(no.find((l) => l.price === ((9 * 53) % 4000) + 1)?.size).toBe(18);
  });

  it('flips NO prices when the subscription uses YES-leg pricing', () => {
    // NO bid at 0.55 on the NO leg is reported as 0.45 in YES-leg pricing.
    const book = OrderBook.fromSnapshot(snap(YES, [['0.4500', '20.00'], ['0.5000', '7.00']]), { useYesPrice: true });
    expect(book.bestBid('no')).toBe(5500);
    expect(book.equals({ orderbook_fp: { yes_dollars: YES, no_dollars: NO } })).toBe(true);
    book.applyDelta(delta('0.4400', '3.00', 'no'));
    expect(book.bestBid('no')).toBe(5600);
    book.applyDeltaRaw(4400, -300, 'no');
    expect(book.bestBid('no')).toBe(5500);
    expect(book.toJSON().no_dollars).toEqual(NO);
  });

  it('ignores zero deltas', () => {
    const book = basic();
    book.applyDelta(delta('0.3000', '0.00', 'yes'));
    expect(book.levels('yes')).toBe(2);
  });

  it('refuses a delta for another market without going stale', () => {
    const book = basic();
    expect(() => book.applyDelta(delta('0.41', '1.00', 'yes', 'OTHER'))).toThrow(ValidationError);
    expect(book.isStale).toBe(false);
  });
});

describe('OrderBook corruption and staleness', () => {
  function expectCorrupt(fn: () => void, kind: string, message: RegExp) {
    let caught: unknown;
    try {
      fn();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BookCorruptionError);
    expect((caught as BookCorruptionError).kind).toBe(kind);
    expect((caught as BookCorruptionError).message).toMatch(message);
  }

  it('treats a level going negative as corruption and stops reads', () => {
    const book = basic();
    expectCorrupt(() => book.applyDelta(delta('0.4200', '-13.51', 'yes')), 'negative', /would leave -0\.01/);
    expect(book.isStale).toBe(true);
    expect(book.staleReason).toMatch(/yes 0\.4200/);
    expect(() => book.bestBid('yes')).toThrow(StaleBookError);
    expect(() => book.toJSON()).toThrow(StaleBookError);
    expect(() => book.equals(snap(YES, NO))).toThrow(StaleBookError);
    expect(() => book.depth('no', 1)).toThrow(/is stale .*new snapshot/);
  });

  it('treats a decrease of a missing level as corruption', () => {
    expectCorrupt(() => basic().applyDeltaRaw(4100, -1, 'yes'), 'negative', /level held 0\.00/);
  });

  it('detects a crossed book, including a locked one at exactly $1', () => {
    expectCorrupt(() => basic().applyDelta(delta('0.4500', '1.00', 'yes')), 'crossed', /0\.4500 \+ best NO bid 0\.5500/);
    expectCorrupt(() => basic().applyDeltaRaw(5900, 100, 'no'), 'crossed', /crossed/);
    const book = basic();
    book.applyDelta(delta('0.4499', '1.00', 'yes'));
    expect(book.isStale).toBe(false);
  });

  it('treats unreadable deltas as corruption, keeping the parse error as cause', () => {
    const book = basic();
    let caught: unknown;
    try {
      book.applyDelta(delta('0.4x', '1.00', 'yes'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BookCorruptionError);
    expect((caught as BookCorruptionError).cause).toBeInstanceOf(ValidationError);
    expect(book.isStale).toBe(true);
    expectCorrupt(() => basic().applyDelta(delta('0.41', '1.001', 'yes')), 'malformed', /delta_fp/);
    expectCorrupt(() => basic().applyDeltaRaw(4100, 100, 'both' as 'yes'), 'malformed', /side/);
    expectCorrupt(() => basic().applyDeltaRaw(10_000, 100, 'yes'), 'malformed', /not a bid price/);
    expectCorrupt(() => basic().applyDeltaRaw(4100.5, 100, 'yes'), 'malformed', /not a bid price/);
    expectCorrupt(() => basic().applyDeltaRaw(4100, 0.5, 'yes'), 'malformed', /whole number/);
  });

  it('refuses sizes that could not stay exact', () => {
    const book = OrderBook.fromSnapshot(snap([['0.1000', '90071992547409.91']]));
    expectCorrupt(() => book.applyDeltaRaw(1000, 1, 'yes'), 'overflow', /2\^53/);
  });

  it('drops deltas while stale and recovers on the next snapshot', () => {
    const book = basic();
    expect(book.markStale('sequence gap')).toBe(true);
    expect(book.markStale('second reason')).toBe(false);
    expect(book.staleReason).toBe('sequence gap');
    expect(() => book.applyDelta(delta('0.4200', '-1000.00', 'yes'))).not.toThrow();
    book.applySnapshot(snap([['0.3000', '1.00']], NO));
    expect(book.isStale).toBe(false);
    expect(book.toJSON()).toEqual({ yes_dollars: [['0.3000', '1.00']], no_dollars: NO });
  });

  it('reuses or replaces storage on resnapshot', () => {
    const book = basic();
    const many = Array.from({ length: 40 }, (_, i) => [`0.${String(1000 + i * 10)}`, '1.00']);
    book.applySnapshot(snap(many, NO));
    expect(book.levels('yes')).toBe(40);
    expect(book.levels('no')).toBe(2);
    book.applySnapshot(snap(YES));
    expect(book.toJSON()).toEqual({ yes_dollars: YES, no_dollars: [] });
  });
});

describe('OrderBook snapshots', () => {
  it('reads every shape a whole book arrives in', () => {
    const rest = { yes_dollars: YES, no_dollars: NO };
    const shapes = [
      snap(YES, NO),
      { type: 'orderbook_snapshot' as const, sid: 1, seq: 1, msg: snap(YES, NO) },
      rest,
      { orderbook_fp: rest },
      { ticker: TICKER, orderbook_fp: rest },
    ];
    for (const shape of shapes) expect(OrderBook.fromSnapshot(shape).toJSON()).toEqual(rest);
  });

  it('accepts levels in any order and drops empty ones', () => {
    const book = OrderBook.fromSnapshot(snap([YES[1]!, ['0.3000', '0.00'], YES[0]!], [...NO].reverse()));
    expect(book.toJSON()).toEqual({ yes_dollars: YES, no_dollars: NO });
  });

  it.each([
    ['a duplicate price', snap([['0.40', '1.00'], ['0.4000', '2.00']]), /0\.4000 appears twice/],
    ['a negative size', snap([['0.40', '-1.00']]), /negative level size/],
    ['a price of $1', snap([['1.0000', '1.00']]), /strictly between 0 and 1/],
    ['a price of $0', snap(undefined, [['0', '1.00']]), /strictly between 0 and 1/],
    ['a bad level', snap([['0.40']]), /\[price_dollars, count_fp\] pair/],
    ['a bad count', snap([['0.40', '1.5.0']]), /yes_dollars_fp\[0\]\[1\]/],
    ['something else', { hello: 'world' }, /not an order book/],
  ])('marks the book stale on %s', (_, input, message) => {
    const book = basic();
    expect(() => book.applySnapshot(input as never)).toThrow(BookCorruptionError);
    expect(book.staleReason).toMatch(message);
  });

  it('rejects a crossed snapshot', () => {
    expect(() => OrderBook.fromSnapshot(snap([['0.6000', '1.00']], [['0.4000', '1.00']]))).toThrow(/crossed/);
  });

  it('refuses a snapshot for another market without touching the book', () => {
    const book = basic();
    expect(() => book.applySnapshot(snap(YES, undefined, 'OTHER'))).toThrow(ValidationError);
    expect(book.levels('no')).toBe(2);
    expect(book.isStale).toBe(false);
  });
});

describe('OrderBook.equals / diff against REST', () => {
  const rest = (yes: string[][], no: string[][]) => ({ orderbook_fp: { yes_dollars: yes, no_dollars: no } });

  it('matches the REST book regardless of level order or decimal style', () => {
    const book = basic();
    expect(book.equals(rest(YES, NO))).toBe(true);
    expect(book.equals(rest([...YES].reverse(), [['0.55', '20'], ['0.5', '7.0']]))).toBe(true);
    expect(book.diff(rest(YES, NO))).toBeUndefined();
  });

  it('names the first difference, best level first', () => {
    const book = basic();
    expect(book.diff(rest([['0.4000', '100.00'], ['0.4200', '13.00']], NO))).toBe(
      'YES bids, level 1 from the best: at 0.4200 the book has 13.50 but REST has 13.00',
    );
    expect(book.diff(rest(YES, [['0.5500', '20.00']]))).toBe(
      'NO bids, level 2 from the best: the book has 7.00 at 0.5000, REST has no level there',
    );
    expect(book.diff(rest([...YES, ['0.4300', '1.00']], NO))).toBe(
      'YES bids, level 1 from the best: REST has 1.00 at 0.4300, the book has no level there',
    );
    expect(book.equals(rest(YES, []))).toBe(false);
  });

  it('compares only the top levels of a depth-limited REST book', () => {
    const book = basic();
    const top = rest([YES[1]!], [NO[1]!]);
    expect(book.equals(top)).toBe(false);
    expect(book.equals(top, { depth: 1 })).toBe(true);
    expect(book.equals(rest(YES, NO), { depth: 0 })).toBe(true);
  });

  it('throws on a malformed REST book rather than calling it different', () => {
    expect(() => basic().equals(rest([['0.4200', 'ten']], NO))).toThrow(ValidationError);
  });

  it('round-trips through toJSON and JSON.stringify', () => {
    const book = basic();
    const copy = OrderBook.fromSnapshot(JSON.parse(JSON.stringify(book)) as never);
    expect(copy.equals(book.toJSON())).toBe(true);
    expect(book.equals(copy.toJSON())).toBe(true);
  });
});
