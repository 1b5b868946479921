/**
 * Incentive programs on seeded markets. Each runs over a window derived from its event's trading
 * window; its stage (upcoming, active, closed, paid out) follows the exchange clock.
 */
import type { rest } from 'kalshi-ts/generated';
import { marketIdOf } from '../../ws/protocol.js';
import { SERIES } from '../definitions.js';
import { DAY, HOUR, iso } from '../format.js';
import { seededUuid, streamOf } from './random.js';

export type IncentiveType = rest.IncentiveProgram['incentive_type'];
export type IncentiveStatus = 'upcoming' | 'active' | 'closed' | 'paid_out';

interface Rule {
  event: string;
  /** Market suffixes that carry the program; all of the event's markets when omitted. */
  suffixes?: string[];
  type: IncentiveType;
  description: string;
}

const RULES: readonly Rule[] = [
  { event: 'KXFED-26MAR', type: 'liquidity', description: 'Fed decision market making' },
  { event: 'KXFED-25DEC', suffixes: ['C25', 'H0'], type: 'liquidity', description: 'Fed decision market making' },
  ...['KXHIGHNY-26JAN13', 'KXHIGHNY-26JAN14', 'KXHIGHNY-26JAN15', 'KXHIGHNY-26JAN16'].map(
    (event): Rule => ({ event, suffixes: ['B40.5', 'B42.5'], type: 'volume', description: 'NYC temperature volume rewards' }),
  ),
  { event: 'KXNBAGAME-26JAN15BOSLAL', type: 'volume', description: 'Basketball game volume rewards' },
  { event: 'KXNBAGAME-26JAN15NYKMIA', type: 'volume', description: 'Basketball game volume rewards' },
  { event: 'KXBTC-26JAN1517', suffixes: ['B97500', 'B98500', 'B99500'], type: 'liquidity', description: 'Bitcoin range market making' },
  { event: 'KXPRESPARTY-2028', suffixes: ['D', 'R'], type: 'liquidity', description: 'Election market making' },
  { event: 'KXGOVPARTYNY-26', suffixes: ['D', 'R'], type: 'liquidity', description: 'Election market making' },
];

/** Rewards are paid this long after a program ends; until then it is closed but unpaid. */
export const PAYOUT_DELAY_MS = DAY;
/** Long-running markets get programs in windows of at most this length. */
const MAX_WINDOW_MS = 21 * DAY;

export interface IncentiveEntry {
  program: Omit<rest.IncentiveProgram, 'paid_out'>;
  startMs: number;
  endMs: number;
  /** Sorting and pagination key: start date, then id. */
  key: string;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

export function buildIncentives(seed: number, base: number): IncentiveEntry[] {
  const out: IncentiveEntry[] = [];
  for (const rule of RULES) {
    const series = SERIES.find((s) => s.events.some((e) => e.code === rule.event))!;
    const event = series.events.find((e) => e.code === rule.event)!;
    const open = base + event.openH * HOUR;
    const close = base + event.closeH * HOUR;
    // Recent programs started two weeks before seeding; those of long-closed events ran up to the close.
    const startMs = Math.max(open, Math.min(base - 14 * DAY, close - MAX_WINDOW_MS));
    const endMs = Math.min(close, startMs + MAX_WINDOW_MS);
    for (const market of event.markets) {
      if (rule.suffixes && !rule.suffixes.includes(market.suffix)) continue;
      const ticker = market.suffix ? `${event.code}-${market.suffix}` : event.code;
      const id = seededUuid(seed, `incentive:${ticker}:${rule.type}`);
      const rand = streamOf(seed, `incentive:${id}`);
      // centi-cents: $1 = 10,000.
      const reward = pick(rand, [100, 250, 500, 1000, 2500]) * 10_000;
      const liquidity = rule.type === 'liquidity';
      const startDate = iso(startMs);
      out.push({
        program: {
          id,
          market_id: marketIdOf(ticker),
          market_ticker: ticker,
          incentive_type: rule.type,
          incentive_description: rule.description,
          start_date: startDate,
          end_date: iso(endMs),
          period_reward: reward,
          discount_factor_bps: liquidity ? pick(rand, [2500, 5000, 7500]) : null,
          target_size_fp: liquidity ? pick(rand, ['100.00', '250.00', '500.00', '1000.00']) : null,
          max_reward_per_account: liquidity ? null : reward / 4,
        },
        startMs,
        endMs,
        key: `${startDate}|${id}`,
      });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function incentiveStatus(entry: IncentiveEntry, now: number): IncentiveStatus {
  if (now < entry.startMs) return 'upcoming';
  if (now < entry.endMs) return 'active';
  return now < entry.endMs + PAYOUT_DELAY_MS ? 'closed' : 'paid_out';
}
