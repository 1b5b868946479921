/**
 * The shape of the seeded catalog. Tickers are fixed strings (they do not follow the clock), so
 * tests and examples can name them; the seed only varies prices, volumes and open interest, and
 * every time is an offset in hours from the exchange clock when the catalog is created.
 */
import type { PriceLevelStructure } from './format.js';

export type FeeType = 'quadratic' | 'quadratic_with_maker_fees' | 'quadratic_with_combo_maker_fees' | 'flat';

/** The lifecycle stage all markets of an event are seeded in (Market.status). */
export type SeedStatus = 'initialized' | 'active' | 'inactive' | 'closed' | 'determined' | 'finalized';

export interface MarketDef {
  suffix: string;
  yes: string;
  no: string;
  /** Rough YES probability before the seed's noise (normalised across mutually exclusive markets). */
  p: number;
  strike?: { type: 'greater' | 'less' | 'between' | 'custom'; floor?: number; cap?: number };
}

export interface EventDef {
  code: string;
  title: string;
  subTitle: string;
  mutuallyExclusive: boolean;
  status: SeedStatus;
  /** Hours from the clock's start; negative is the past. */
  openH: number;
  closeH: number;
  structure?: PriceLevelStructure;
  strikePeriod?: string;
  /** The observed value a determined/settled event resolved on. */
  expirationValue?: string;
  /** Market title; `{yes}` is replaced by the market's yes_sub_title. */
  marketTitle: string;
  rules: string;
  markets: MarketDef[];
}

export interface SeriesDef {
  ticker: string;
  title: string;
  category: string;
  tags: string[];
  frequency: string;
  feeType: FeeType;
  feeMultiplier: number;
  source: { name: string; url: string };
  events: EventDef[];
}

const fedMarkets: MarketDef[] = [
  { suffix: 'C50', yes: 'Cut 50bps or more', no: 'Not a cut of 50bps or more', p: 0.06 },
  { suffix: 'C25', yes: 'Cut 25bps', no: 'Not a cut of 25bps', p: 0.3 },
  { suffix: 'H0', yes: 'Hold', no: 'Not a hold', p: 0.6 },
  { suffix: 'H25', yes: 'Hike 25bps or more', no: 'Not a hike', p: 0.04 },
];

const tempMarkets: MarketDef[] = [
  { suffix: 'T38', yes: '37° or below', no: 'Above 37°', p: 0.08, strike: { type: 'less', cap: 38 } },
  { suffix: 'B38.5', yes: '38° to 39°', no: 'Not 38° to 39°', p: 0.18, strike: { type: 'between', floor: 38, cap: 39 } },
  { suffix: 'B40.5', yes: '40° to 41°', no: 'Not 40° to 41°', p: 0.3, strike: { type: 'between', floor: 40, cap: 41 } },
  { suffix: 'B42.5', yes: '42° to 43°', no: 'Not 42° to 43°', p: 0.24, strike: { type: 'between', floor: 42, cap: 43 } },
  { suffix: 'B44.5', yes: '44° to 45°', no: 'Not 44° to 45°', p: 0.13, strike: { type: 'between', floor: 44, cap: 45 } },
  { suffix: 'T45', yes: '46° or above', no: 'Below 46°', p: 0.07, strike: { type: 'greater', floor: 45 } },
];

const tempEvent = (code: string, day: string, status: SeedStatus, offsetDays: number, observed?: string): EventDef => ({
  code,
  title: `Highest temperature in NYC on ${day}?`,
  subTitle: `On ${day}`,
  mutuallyExclusive: true,
  status,
  openH: offsetDays * 24 - 14,
  closeH: offsetDays * 24 + 10,
  ...(observed !== undefined && { expirationValue: observed }),
  marketTitle: `Will the high temp in NYC be {yes} on ${day}?`,
  rules: 'the highest temperature recorded in Central Park, New York for the day',
  markets: tempMarkets,
});

const game = (code: string, home: string, away: string, status: SeedStatus, openH: number, closeH: number, pHome: number): EventDef => ({
  code,
  title: `${away} at ${home}`,
  subTitle: `${away} vs ${home}`,
  mutuallyExclusive: true,
  status,
  openH,
  closeH,
  ...((status === 'determined' || status === 'finalized') && { expirationValue: pHome >= 0.5 ? home : away }),
  marketTitle: `${away} at ${home} Winner?`,
  rules: 'the team that wins the game, including overtime',
  markets: [
    { suffix: code.slice(-6, -3), yes: away, no: `Not ${away}`, p: 1 - pHome },
    { suffix: code.slice(-3), yes: home, no: `Not ${home}`, p: pHome },
  ],
});

const btcBands = [95_000, 96_000, 97_000, 98_000, 99_000, 100_000, 101_000];
// Locale-free thousands separators: the catalog must not depend on the host's ICU data.
const usd = (n: number) => `$${n.toFixed(n % 1 ? 2 : 0).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;

export const SERIES: SeriesDef[] = [
  {
    ticker: 'KXFED',
    title: 'Fed rate decision',
    category: 'Economics',
    tags: ['Fed', 'Interest Rates'],
    frequency: 'custom',
    feeType: 'quadratic_with_maker_fees',
    feeMultiplier: 1,
    source: { name: 'Federal Reserve', url: 'https://www.federalreserve.gov/' },
    events: [
      { code: 'KXFED-26MAR', title: 'Fed decision in March 2026?', subTitle: 'Mar 18, 2026', mutuallyExclusive: true, status: 'active', openH: -24 * 40, closeH: 24 * 30, marketTitle: 'Will the Fed {yes} in March 2026?', rules: 'the change to the upper bound of the federal funds target range announced', markets: fedMarkets },
      { code: 'KXFED-25DEC', title: 'Fed decision in December 2025?', subTitle: 'Dec 10, 2025', mutuallyExclusive: true, status: 'finalized', openH: -24 * 90, closeH: -24 * 20, expirationValue: 'Hold', marketTitle: 'Will the Fed {yes} in December 2025?', rules: 'the change to the upper bound of the federal funds target range announced', markets: fedMarkets },
    ],
  },
  {
    ticker: 'KXCPIYOY',
    title: 'Inflation (CPI year-over-year)',
    category: 'Economics',
    tags: ['Inflation', 'CPI'],
    frequency: 'monthly',
    feeType: 'quadratic',
    feeMultiplier: 1,
    source: { name: 'Bureau of Labor Statistics', url: 'https://www.bls.gov/cpi/' },
    events: [
      {
        code: 'KXCPIYOY-26JAN', title: 'CPI year-over-year in January 2026?', subTitle: 'Jan 2026', mutuallyExclusive: false, status: 'active', openH: -24 * 20, closeH: 24 * 25, strikePeriod: 'month',
        marketTitle: 'Will CPI inflation be {yes} in January 2026?', rules: 'the year-over-year change in the Consumer Price Index for All Urban Consumers, as first released',
        markets: [
          { suffix: 'T2.5', yes: 'above 2.5%', no: '2.5% or below', p: 0.85, strike: { type: 'greater', floor: 2.5 } },
          { suffix: 'T2.7', yes: 'above 2.7%', no: '2.7% or below', p: 0.62, strike: { type: 'greater', floor: 2.7 } },
          { suffix: 'T2.9', yes: 'above 2.9%', no: '2.9% or below', p: 0.35, strike: { type: 'greater', floor: 2.9 } },
          { suffix: 'T3.1', yes: 'above 3.1%', no: '3.1% or below', p: 0.12, strike: { type: 'greater', floor: 3.1 } },
        ],
      },
    ],
  },
  {
    ticker: 'KXRECSSNBER',
    title: 'US recession',
    category: 'Economics',
    tags: ['Recession', 'GDP'],
    frequency: 'annual',
    feeType: 'quadratic',
    feeMultiplier: 1,
    source: { name: 'National Bureau of Economic Research', url: 'https://www.nber.org/research/business-cycle-dating' },
    events: [
      { code: 'KXRECSSNBER-26', title: 'Recession in 2026?', subTitle: 'In 2026', mutuallyExclusive: false, status: 'active', openH: -24 * 200, closeH: 24 * 400, strikePeriod: 'year', marketTitle: 'Will the US enter a recession in 2026?', rules: 'a recession beginning in 2026 as announced by the NBER', markets: [{ suffix: '', yes: 'Recession in 2026', no: 'No recession in 2026', p: 0.27, strike: { type: 'custom' } }] },
    ],
  },
  {
    ticker: 'KXPRESPARTY',
    title: 'Presidential election party winner',
    category: 'Politics',
    tags: ['US Elections', 'Trump'],
    frequency: 'one_off',
    feeType: 'quadratic',
    feeMultiplier: 1,
    source: { name: 'Associated Press', url: 'https://apnews.com/' },
    events: [
      {
        code: 'KXPRESPARTY-2028', title: 'Which party will win the 2028 presidential election?', subTitle: 'In 2028', mutuallyExclusive: true, status: 'active', openH: -24 * 300, closeH: 24 * 1000,
        marketTitle: 'Will the {yes} win the 2028 presidential election?', rules: 'the party of the candidate who wins the 2028 US presidential election',
        markets: [
          { suffix: 'D', yes: 'Democratic party', no: 'Not the Democratic party', p: 0.52 },
          { suffix: 'R', yes: 'Republican party', no: 'Not the Republican party', p: 0.45 },
          { suffix: 'I', yes: 'Another party', no: 'Not another party', p: 0.03 },
        ],
      },
    ],
  },
  {
    ticker: 'KXGOVPARTYNY',
    title: 'New York governor race',
    category: 'Politics',
    tags: ['US Elections', 'Governor'],
    frequency: 'one_off',
    feeType: 'quadratic',
    feeMultiplier: 1,
    source: { name: 'Associated Press', url: 'https://apnews.com/' },
    events: [
      {
        code: 'KXGOVPARTYNY-26', title: 'Which party will win the 2026 New York governor race?', subTitle: 'In 2026', mutuallyExclusive: true, status: 'initialized', openH: 24 * 3, closeH: 24 * 300,
        marketTitle: 'Will the {yes} win the 2026 New York governor race?', rules: 'the party of the winning candidate in the 2026 New York gubernatorial election',
        markets: [
          { suffix: 'D', yes: 'Democratic party', no: 'Not the Democratic party', p: 0.8 },
          { suffix: 'R', yes: 'Republican party', no: 'Not the Republican party', p: 0.19 },
          { suffix: 'I', yes: 'Another party', no: 'Not another party', p: 0.01 },
        ],
      },
    ],
  },
  {
    ticker: 'KXHIGHNY',
    title: 'Highest temperature in NYC',
    category: 'Climate and Weather',
    tags: ['Daily temperature'],
    frequency: 'daily',
    feeType: 'quadratic_with_maker_fees',
    feeMultiplier: 0.5,
    source: { name: 'National Weather Service', url: 'https://www.weather.gov/okx/' },
    events: [
      tempEvent('KXHIGHNY-26JAN13', 'Jan 13, 2026', 'finalized', -2, '41'),
      tempEvent('KXHIGHNY-26JAN14', 'Jan 14, 2026', 'closed', -1),
      tempEvent('KXHIGHNY-26JAN15', 'Jan 15, 2026', 'active', 0),
      tempEvent('KXHIGHNY-26JAN16', 'Jan 16, 2026', 'initialized', 1),
    ],
  },
  {
    ticker: 'KXNBAGAME',
    title: 'Professional Basketball Game',
    category: 'Sports',
    tags: ['Basketball', 'Pro Basketball'],
    frequency: 'custom',
    feeType: 'quadratic_with_combo_maker_fees',
    feeMultiplier: 1,
    source: { name: 'NBA', url: 'https://www.nba.com/' },
    events: [
      game('KXNBAGAME-26JAN14DENPHX', 'Phoenix', 'Denver', 'determined', -24 * 3, -20, 0.41),
      game('KXNBAGAME-26JAN15BOSLAL', 'Los Angeles L', 'Boston', 'active', -24 * 2, 10, 0.47),
      game('KXNBAGAME-26JAN15NYKMIA', 'Miami', 'New York', 'inactive', -24 * 2, 2, 0.55),
    ],
  },
  {
    ticker: 'KXBTC',
    title: 'Bitcoin price range',
    category: 'Crypto',
    tags: ['BTC', 'Hourly'],
    frequency: 'hourly',
    feeType: 'flat',
    feeMultiplier: 1,
    source: { name: 'CF Benchmarks', url: 'https://www.cfbenchmarks.com/data/indices/BRTI' },
    events: [
      {
        code: 'KXBTC-26JAN1517', title: 'Bitcoin price on Jan 15, 2026 at 5pm EST?', subTitle: 'Jan 15, 2026 at 5pm EST', mutuallyExclusive: true, status: 'active', openH: -1, closeH: 1, structure: 'deci_cent',
        marketTitle: 'Bitcoin price range on Jan 15, 2026 at 5pm EST: {yes}?', rules: 'the average of the CF Benchmarks Real-Time Index over the 60 seconds before the close',
        markets: btcBands.map((floor, i) => ({
          suffix: `B${floor + 500}`,
          yes: `${usd(floor)} to ${usd(floor + 999.99)}`,
          no: `Not ${usd(floor)} to ${usd(floor + 999.99)}`,
          p: [0.03, 0.09, 0.2, 0.31, 0.22, 0.1, 0.05][i]!,
          strike: { type: 'between' as const, floor, cap: floor + 999.99 },
        })),
      },
    ],
  },
  {
    ticker: 'KXINXY',
    title: 'S&P 500 year-end close',
    category: 'Financials',
    tags: ['S&P 500', 'Indices'],
    frequency: 'annual',
    feeType: 'quadratic_with_maker_fees',
    feeMultiplier: 0.5,
    source: { name: 'S&P Dow Jones Indices', url: 'https://www.spglobal.com/spdji/' },
    events: [
      { code: 'KXINXY-26DEC31', title: 'S&P 500 above 7,000 at the end of 2026?', subTitle: 'On Dec 31, 2026', mutuallyExclusive: false, status: 'active', openH: -24 * 60, closeH: 24 * 340, structure: 'tapered_deci_cent', marketTitle: 'Will the S&P 500 close {yes} on Dec 31, 2026?', rules: 'the official closing value of the S&P 500 index on the last trading day of 2026', markets: [{ suffix: 'T7000', yes: 'above 7,000', no: '7,000 or below', p: 0.58, strike: { type: 'greater', floor: 7000 } }] },
    ],
  },
];
