/**
 * The book benchmarks' traffic: realistic delta frames for 100 markets with the snapshots they apply
 * to, and a feed that replays them forever with contiguous `seq` numbers, since the client's
 * sequence check would (rightly) resync on a replayed number.
 */
import { deltaFrameText, makeDeltas, makeMarket, rng, snapshotFrame, type Market } from './frames.js';

const MARKETS = 100;
const LEVELS = 40;
const DELTAS = 10_000;

/** Delta frames (as text) for 100 markets, numbered after the snapshots (seq 1..100). */
export function bookTraffic() {
  const r = rng(42);
  const markets: Market[] = Array.from({ length: MARKETS }, (_, i) => makeMarket(r, i, LEVELS));
  const deltas = makeDeltas(r, markets, DELTAS);
  const snapshots = markets.map((m, i) => snapshotFrame(m, i + 1));
  const frames = deltas.map((d, i) => deltaFrameText(markets[d.market]!, d, MARKETS + i + 1, 1_754_413_199_000 + i * 7));
  return { markets, snapshots, frames };
}

/**
 * Frame texts with the seq numbers of the next lap, a whole cycle at a time (a cycle nets every
 * book back to its snapshot). Each text is decoded from bytes, as a socket delivers it: one flat
 * string, not a concatenation the reader would first have to flatten.
 */
export class DeltaFeed {
  readonly #heads: string[];
  readonly #tails: string[];
  #seq: number;

  constructor(frames: readonly string[], firstSeq: number) {
    this.#heads = [];
    this.#tails = [];
    for (const frame of frames) {
      const match = /"seq":\d+/.exec(frame);
      if (!match) throw new Error(`frame without a seq: ${frame.slice(0, 80)}`);
      this.#heads.push(frame.slice(0, match.index + 6));
      this.#tails.push(frame.slice(match.index + match[0].length));
    }
    this.#seq = firstSeq;
  }

  get cycleLength(): number {
    return this.#heads.length;
  }

  nextCycle(): string[] {
    const texts = this.#heads.map((head, i) => `${head}${this.#seq++}${this.#tails[i]!}`);
    // One buffer for the lap, each frame decoded from its bytes as `ws` hands them over.
    const bytes = Buffer.from(texts.join(''), 'utf8');
    let at = 0;
    return texts.map((text) => {
      const length = Buffer.byteLength(text, 'utf8');
      const decoded = bytes.toString('utf8', at, at + length);
      at += length;
      return decoded;
    });
  }
}

/**
 * Runs `n` operations over the feed's frames, rendering a new cycle (untimed) whenever one runs out,
 * and returns the milliseconds the operations took. `state` carries the position between calls.
 */
export function timedOverFeed(
  feed: DeltaFeed,
  state: { cycle: string[]; at: number },
  n: number,
  consume: (frames: string[], from: number, to: number) => void,
): number {
  let ns = 0n;
  let left = n;
  while (left > 0) {
    if (state.at === state.cycle.length) {
      state.cycle = feed.nextCycle();
      state.at = 0;
    }
    const to = Math.min(state.cycle.length, state.at + left);
    const start = process.hrtime.bigint();
    consume(state.cycle, state.at, to);
    ns += process.hrtime.bigint() - start;
    left -= to - state.at;
    state.at = to;
  }
  return Number(ns) / 1e6;
}
