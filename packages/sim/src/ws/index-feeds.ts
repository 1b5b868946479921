// Synthetic reference prices for cfbenchmarks_value (1 s, with averages), cfbenchmarks_value_5hz
// (200 ms) and pyth_value (1 s). Each instrument follows its own seeded random walk, so the n-th
// tick of an instrument is the same on every run with the same exchange seed. Timers run only
// while the channel has a subscriber; values are integers of 1e-8 USD, printed exactly.
import type { Clock } from '../clock.js';
import { mulberry32, type Random } from '../seed/prng.js';
import { eightDecimals } from './format.js';
import type { Channel } from './protocol.js';
import type { Subscription } from './subscription.js';

export type FeedChannel = 'cfbenchmarks_value' | 'cfbenchmarks_value_5hz' | 'pyth_value';

export interface IndexFeedHost {
  readonly seed: number;
  readonly clock: Clock;
  subscribers(channel: Channel): ReadonlySet<Subscription>;
}

// Starting values (USD) of the walks: plausible levels, not market data.
const CF_INDICES: Record<string, string> = {
  AAVEUSD_RTI: '250', ADAUSD_RTI: '0.7', BCHUSD_RTI: '450', BNBUSD_RTI: '650', BRTI: '100000', DOGEUSD_RTI: '0.2',
  DOTUSD_RTI: '6', ETHUSD_RTI: '3500', HBARUSD_RTI: '0.25', HYPEUSD_RTI: '40', LINKUSD_RTI: '20', LTCUSD_RTI: '100',
  NEARUSD_RTI: '5', SHIBUSD_RTI: '0.00002', SOLUSD_RTI: '180', SUIUSD_RTI: '3.5', VVVUSD_RTI: '3', WLDUSD_RTI: '1.5',
  XLMUSD_RTI: '0.4', XRPUSD_RTI: '2.5', ZECUSD_RTI: '60',
};
const CF_5HZ = ['BRTI', 'ETHUSD_RTI', 'SOLUSD_RTI', 'XRPUSD_RTI', 'DOGEUSD_RTI'];
const PYTH: Record<string, string> = {
  'Metal.XAG/USD': '32', 'Metal.XAU/USD': '2650', 'Commodities.CCU6/USD': '8000', 'Commodities.COU6/USD': '70',
  'Commodities.COZ6/USD': '69', 'Commodities.WHU6/USD': '560', 'Commodities.WHZ6/USD': '575', 'Commodities.SOU6/USD': '1050',
  'Commodities.SOX6/USD': '1040', 'Commodities.Index.PYTHOIL/USD': '72', 'Metal.Index.GOLD/USD': '2650',
  'Metal.Index.SILVER/USD': '32', 'Commodities.BRENTX6/USD': '74', 'Commodities.Index.CU/USD': '4.5',
  'Commodities.Index.NATGAS/USD': '3.2', 'Commodities.Index.BRENT/USD': '75', 'Metal.XPT/USD': '980', 'Metal.XPD/USD': '1000',
};

interface FeedSpec {
  intervalMs: number;
  /** Largest move per tick, in basis points. */
  maxMoveBp: number;
  instruments: [string, string][];
}

const SPECS: Record<FeedChannel, FeedSpec> = {
  cfbenchmarks_value: { intervalMs: 1000, maxMoveBp: 3, instruments: Object.entries(CF_INDICES) },
  cfbenchmarks_value_5hz: { intervalMs: 200, maxMoveBp: 1, instruments: CF_5HZ.map((id) => [id, CF_INDICES[id]!]) },
  pyth_value: { intervalMs: 1000, maxMoveBp: 2, instruments: Object.entries(PYTH) },
};

const WINDOW_MS = 60_000;
const QUARTER_MS = 900_000;

class Walk {
  value: number;
  lastTs = -Infinity;
  /** Ticks of the last minute (cfbenchmarks_value averages). */
  readonly history: { ts: number; value: number }[] = [];

  constructor(
    start: string,
    private readonly random: Random,
    private readonly maxMoveBp: number,
  ) {
    this.value = Math.round(Number(start) * 1e8);
  }

  step(): number {
    const move = Math.round((this.value * (this.random() * 2 - 1) * this.maxMoveBp) / 10_000);
    this.value = Math.max(1, this.value + move);
    return this.value;
  }
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class IndexFeeds {
  readonly #host: IndexFeedHost;
  readonly #timers = new Map<FeedChannel, ReturnType<typeof setInterval>>();
  readonly #walks = new Map<FeedChannel, Map<string, Walk>>();

  constructor(host: IndexFeedHost) {
    this.#host = host;
  }

  static isFeed(channel: Channel): channel is FeedChannel {
    return channel in SPECS;
  }

  /** The instruments a channel streams (the answer to indexlist / underlying_list). */
  list(channel: FeedChannel): string[] {
    return SPECS[channel].instruments.map(([id]) => id);
  }

  /** Starts or stops a channel's timer to match whether anyone subscribes. */
  update(channel: FeedChannel): void {
    const wanted = this.#host.subscribers(channel).size > 0;
    const timer = this.#timers.get(channel);
    if (wanted && timer === undefined) {
      const t = setInterval(() => this.#tick(channel), SPECS[channel].intervalMs);
      t.unref();
      this.#timers.set(channel, t);
    } else if (!wanted && timer !== undefined) {
      clearInterval(timer);
      this.#timers.delete(channel);
    }
  }

  close(): void {
    for (const timer of this.#timers.values()) clearInterval(timer);
    this.#timers.clear();
  }

  #walksOf(channel: FeedChannel): Map<string, Walk> {
    let walks = this.#walks.get(channel);
    if (!walks) {
      const spec = SPECS[channel];
      walks = new Map(
        spec.instruments.map(([id, start]) => [id, new Walk(start, mulberry32(hash(`${this.#host.seed}:${channel}:${id}`)), spec.maxMoveBp)]),
      );
      this.#walks.set(channel, walks);
    }
    return walks;
  }

  #tick(channel: FeedChannel): void {
    const subs = this.#host.subscribers(channel);
    const ts = this.#host.clock.now();
    for (const [id, walk] of this.#walksOf(channel)) {
      // A source timestamp that does not move forward (a frozen exchange clock) is not a new tick.
      if (ts <= walk.lastTs) continue;
      walk.lastTs = ts;
      const value = walk.step();
      const msg = channel === 'cfbenchmarks_value' ? averagedMsg(id, walk, ts) : channel === 'pyth_value' ? pythMsg(id, value, ts) : fiveHzMsg(id, value, ts);
      for (const sub of subs) if (sub.wantsInstrument(id)) sub.connection.data(sub, channel, msg);
    }
  }
}

const rawFrame = (id: string, ts: number, value: number) => JSON.stringify({ type: 'value', id, time: ts, value: eightDecimals(value) });

function fiveHzMsg(id: string, value: number, ts: number) {
  return { index_id: id, value_usd: eightDecimals(value), source_ts_ms: ts, received_at: ts, data: rawFrame(id, ts, value) };
}

function pythMsg(id: string, value: number, ts: number) {
  return { underlying_ticker: id, value_usd: eightDecimals(value), source_ts_ms: ts, received_at: ts };
}

function average(ticks: readonly { value: number }[]): number {
  return Math.round(ticks.reduce((sum, t) => sum + t.value, 0) / ticks.length);
}

/**
 * The 60-second average covers prior ticks in [ts - 60 s, ts) and falls back to the current value
 * when there are none; the quarter-hour figure appears only in the last minute before :00, :15,
 * :30 and :45 and covers (close - 60 s, ts], the current tick included.
 */
function averagedMsg(id: string, walk: Walk, ts: number) {
  const prior = walk.history.filter((t) => t.ts >= ts - WINDOW_MS && t.ts < ts);
  walk.history.push({ ts, value: walk.value });
  while (walk.history.length > 0 && walk.history[0]!.ts < ts - WINDOW_MS) walk.history.shift();
  const msg: Record<string, unknown> = {
    index_id: id,
    received_at: ts,
    data: rawFrame(id, ts, walk.value),
    avg_60s_data: {
      value: eightDecimals(prior.length > 0 ? average(prior) : walk.value),
      window_size: prior.length,
      window_start_ts_ms: ts - WINDOW_MS,
      window_end_ts_exclusive: ts,
    },
  };
  const close = Math.ceil(ts / QUARTER_MS) * QUARTER_MS;
  if (ts > close - WINDOW_MS) {
    const inWindow = walk.history.filter((t) => t.ts > close - WINDOW_MS && t.ts <= ts);
    msg.last_60s_windowed_average_15min = {
      value: eightDecimals(average(inWindow)),
      window_size: inWindow.length,
      window_start_ts_ms: close - WINDOW_MS,
      window_end_ts_exclusive: ts + 1,
    };
  }
  return msg;
}
