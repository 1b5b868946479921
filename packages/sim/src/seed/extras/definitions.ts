/**
 * Combo (multivariate) collections over the seeded events, and the series their combo events
 * belong to. Like the base catalog, tickers are fixed and times are hours from the catalog's
 * creation, so tests can name them and the statuses (unopened / open / closed) are predictable.
 */

export interface MveSeriesDef {
  ticker: string;
  title: string;
  category: string;
  tags: string[];
}

export interface AssociatedEventDef {
  ticker: string;
  /** Only the YES side of this event's markets may be a leg. */
  yesOnly?: boolean;
  /** Legs from this event: at most (default 1) and at least (default none: the event is optional). */
  sizeMax?: number;
  sizeMin?: number;
}

export interface CollectionDef {
  ticker: string;
  series: string;
  title: string;
  description: string;
  functionalDescription: string;
  openH: number;
  closeH: number;
  ordered: boolean;
  sizeMin: number;
  sizeMax: number;
  events: AssociatedEventDef[];
}

export const MVE_SERIES: MveSeriesDef[] = [
  { ticker: 'KXMVECROSSCATEGORY', title: 'Cross-category combos', category: 'Sports', tags: ['Parlays', 'Cross-category'] },
  { ticker: 'KXMVESPORTSMULTIGAME', title: 'Multi-game basketball combos', category: 'Sports', tags: ['Parlays', 'Multi-game'] },
  { ticker: 'KXMVEHIGHNYMULTIDAY', title: 'NYC high temperature over several days', category: 'Climate and Weather', tags: ['Parlays', 'Daily temperature'] },
];

export const COLLECTIONS: CollectionDef[] = [
  {
    ticker: 'KXMVECROSSCATEGORY-R',
    series: 'KXMVECROSSCATEGORY',
    title: 'Build a combo across categories',
    description: 'Pick two to four outcomes from the Fed, inflation, bitcoin, weather, basketball and the S&P 500.',
    functionalDescription: 'The combo pays Yes only if every chosen leg settles on its chosen side; order of legs is ignored.',
    openH: -24 * 7,
    closeH: 24 * 30,
    ordered: false,
    sizeMin: 2,
    sizeMax: 4,
    events: [
      { ticker: 'KXFED-26MAR' },
      // A strike ladder: two rungs may be combined, and only as YES (a "no" rung is a lower rung's yes).
      { ticker: 'KXCPIYOY-26JAN', yesOnly: true, sizeMax: 2 },
      { ticker: 'KXBTC-26JAN1517' },
      { ticker: 'KXHIGHNY-26JAN15' },
      { ticker: 'KXNBAGAME-26JAN15BOSLAL' },
      { ticker: 'KXINXY-26DEC31' },
    ],
  },
  {
    ticker: 'KXMVESPORTSMULTIGAME-R',
    series: 'KXMVESPORTSMULTIGAME',
    title: 'Pick the winners of both games',
    description: 'Two basketball games on Jan 15, 2026: choose a winner in each.',
    functionalDescription: 'One winner per game, both games required; the combo pays Yes if both picks win.',
    openH: -48,
    closeH: 24,
    ordered: false,
    sizeMin: 2,
    sizeMax: 2,
    events: [
      { ticker: 'KXNBAGAME-26JAN15BOSLAL', yesOnly: true, sizeMin: 1 },
      { ticker: 'KXNBAGAME-26JAN15NYKMIA', yesOnly: true, sizeMin: 1 },
    ],
  },
  {
    ticker: 'KXMVEHIGHNYMULTIDAY-26JAN13',
    series: 'KXMVEHIGHNYMULTIDAY',
    title: 'NYC highs on Jan 13 and Jan 14',
    description: 'One temperature band for each of two consecutive days.',
    functionalDescription: 'The first leg is the earlier day; the combo pays Yes if both bands are hit.',
    openH: -24 * 3,
    closeH: -24,
    ordered: true,
    sizeMin: 2,
    sizeMax: 2,
    events: [
      { ticker: 'KXHIGHNY-26JAN13', sizeMin: 1 },
      { ticker: 'KXHIGHNY-26JAN14', sizeMin: 1 },
    ],
  },
  {
    ticker: 'KXMVEHIGHNYMULTIDAY-26JAN15',
    series: 'KXMVEHIGHNYMULTIDAY',
    title: 'NYC highs on Jan 15 and Jan 16',
    description: 'One temperature band for each of two consecutive days.',
    functionalDescription: 'The first leg is the earlier day; the combo pays Yes if both bands are hit.',
    openH: 24,
    closeH: 48,
    ordered: true,
    sizeMin: 2,
    sizeMax: 2,
    events: [
      { ticker: 'KXHIGHNY-26JAN15', sizeMin: 1 },
      { ticker: 'KXHIGHNY-26JAN16', sizeMin: 1 },
    ],
  },
];

/**
 * How the numeric forecast of a series' events reads (unit and precision). Events of series not
 * listed here still get a forecast when their markets carry numeric strikes, shown plainly.
 */
export interface ForecastFormat {
  decimals: number;
  prefix?: string;
  suffix?: string;
  thousands?: boolean;
}

export const FORECAST_FORMATS: Record<string, ForecastFormat> = {
  KXHIGHNY: { decimals: 0, suffix: '°' },
  KXBTC: { decimals: 2, prefix: '$', thousands: true },
  KXCPIYOY: { decimals: 1, suffix: '%' },
  KXINXY: { decimals: 2, thousands: true },
};
