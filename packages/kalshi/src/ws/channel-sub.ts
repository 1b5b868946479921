/**
 * The state of one channel of one subscription handle: its sid on the current socket, its sequence
 * position, market operations waiting for a live sid, and (for fill / user_orders) the dedupe memory
 * and the REST backfill that runs after it is made again.
 */
import type { Logger } from '../core/logger.js';
import type { Clock } from '../internal/rate-limiter.js';
import { fetchMissed, isBackfillChannel, messageKey, messageTime, RecentIds, type BackfillMessage } from './backfill.js';
import type { Frame } from './commands.js';
import { WebSocketBackfillError, type WebSocketError } from './errors.js';
import { checkSeq, SEQUENCED_CHANNELS, type SeqVerdict } from './sequence.js';
import { backoffDelay } from './socket.js';
import type { SubscriptionCore } from './subscription.js';
import type { BackfillSource, Channel, ChannelMessage, ReconnectOptions } from './types.js';

export type Action = 'add_markets' | 'delete_markets' | 'get_snapshot';
export type Message = ChannelMessage<Channel>;
const RECENT_IDS = 10_000;
/**
 * Live items kept back during one backfill. Past this, a long REST outage on a busy account would
 * grow memory without bound: the held items are let go instead and REST, which has every one of
 * them, is asked again once it answers. Half the dedupe window, so the items held during the last
 * fetch are still recognised when that fetch brings them too.
 */
export const MAX_HELD_ITEMS = RECENT_IDS / 2;

export interface PendingOp {
  /** Ordinal within its channel: a subscribe sent after op n carries its effect. */
  n: number;
  action: Action;
  tickers: () => string[];
  /** Bumped whenever the op is taken back, so a late reply to an abandoned attempt is ignored. */
  token: number;
  resolve(): void;
  reject(error: unknown): void;
  revert?: (() => void) | undefined;
}

/** What to do with a numbered frame. */
export type SeqDecision = 'deliver' | 'drop' | Exclude<SeqVerdict, 'ok'>;

/** What a backfill needs from the client. */
export interface BackfillHost {
  rest: BackfillSource;
  /** The signing clock: corrected towards Kalshi's time, which REST's timestamps are in. */
  clock: Clock;
  /** A failed try waits as a reconnect would before the next one. */
  reconnect: Required<ReconnectOptions>;
  report(error: WebSocketError): void;
}

export class ChannelSub {
  sid: number | undefined;
  status: 'waiting' | 'subscribing' | 'live' | 'parked' | 'closed' = 'waiting';
  acked = false;
  /** Bumped per subscribe and per detach, so replies meant for an earlier attempt are ignored. */
  generation = 0;
  lastSeq: number | undefined;
  /** orderbook_delta after a gap: frames are held back until fresh snapshots arrive. */
  snapshotResync = false;
  awaiting = new Set<string>();
  ops: PendingOp[] = [];
  readonly inflight = new Set<PendingOp>();
  opCounter = 0;
  coveredUpTo = 0;
  retryTimer: ReturnType<typeof setTimeout> | undefined;
  snapshotTimer: ReturnType<typeof setTimeout> | undefined;
  resubAttempts = 0;
  readonly sequenced: boolean;
  readonly recent: RecentIds | undefined;
  lastSeenMs: number | undefined;
  /**
   * When the subscription started, as near to Kalshi's time as is known: the first acknowledgement
   * on the signing clock, moved back to any earlier item delivered live (that clock may run ahead).
   */
  startedMs: number | undefined;
  /** Live frames kept back while a backfill runs, so recovered items come first. */
  holding: Message[] | undefined;
  #backfilling = false;
  #backfillAgain = false;
  /** Made on the first backfill; aborted for good when the subscription ends. */
  #backfillAbort: AbortController | undefined;

  constructor(
    readonly channel: Channel,
    readonly core: SubscriptionCore,
    readonly logger: Logger,
  ) {
    this.sequenced = SEQUENCED_CHANNELS.has(channel);
    if (isBackfillChannel(channel)) this.recent = new RecentIds(RECENT_IDS);
  }

  /** Sequence check of a data frame; advances the position when the frame may be delivered. */
  check(frame: Frame, seq: number, type: string): SeqDecision {
    const verdict = checkSeq(this.lastSeq, seq);
    if (!this.snapshotResync) {
      if (verdict !== 'ok') return verdict;
      this.lastSeq = seq;
      return 'deliver';
    }
    // Resyncing an order book: nothing counts until a fresh snapshot sets the base, and a market's
    // deltas stay held back until its own snapshot has arrived.
    const ticker = (frame.msg as { market_ticker?: string } | undefined)?.market_ticker ?? '';
    if (type === 'orderbook_snapshot') {
      if (this.lastSeq !== undefined && verdict !== 'ok') return verdict;
      this.lastSeq = seq;
      this.awaiting.delete(ticker);
      if (this.awaiting.size === 0) {
        this.snapshotResync = false;
        clearTimeout(this.snapshotTimer);
      }
      return 'deliver';
    }
    if (this.lastSeq === undefined) return 'drop';
    if (verdict !== 'ok') return verdict;
    this.lastSeq = seq;
    return this.awaiting.has(ticker) ? 'drop' : 'deliver';
  }

  /** Delivers a live frame, or keeps it back while a backfill runs. */
  deliverLive(message: Message): void {
    if (!this.holding) {
      this.accept(message);
      return;
    }
    if (this.holding.length < MAX_HELD_ITEMS) {
      this.holding.push(message);
      return;
    }
    // Dropping every held item, not just this one, keeps delivery in time order: all of them come
    // from REST instead, and a further fetch round covers what arrives while one is under way.
    this.logger.warn('live items held during a backfill passed the limit; they will be fetched from REST instead', {
      channel: this.channel,
      limit: MAX_HELD_ITEMS,
    });
    this.holding = [];
    this.#backfillAgain = true;
  }

  /** Delivers unless it is a fill / order update already delivered. */
  accept(message: Message): void {
    if (!this.core.live || this.status === 'closed') return;
    if (this.recent) {
      const key = messageKey(message as BackfillMessage);
      if (this.recent.has(key)) {
        this.logger.debug('duplicate message dropped', { channel: this.channel, key });
        return;
      }
      this.recent.add(key);
      const time = messageTime(message as BackfillMessage);
      if (time !== undefined) {
        if (this.lastSeenMs === undefined || time > this.lastSeenMs) this.lastSeenMs = time;
        if (this.startedMs !== undefined && time < this.startedMs) this.startedMs = time;
      }
    }
    this.core.deliver(message);
  }

  /**
   * After a re-subscribe: fetch what REST has since the last delivered item, then release held
   * frames. A failed fetch is reported and tried again after a backoff, for as long as the
   * subscription lives: giving up would lose the items missed while disconnected for good.
   */
  startBackfill(host: BackfillHost): void {
    if (!this.recent || this.status === 'closed') return;
    this.holding ??= [];
    if (this.#backfilling) {
      this.#backfillAgain = true;
      return;
    }
    this.#backfilling = true;
    this.#backfillAbort ??= new AbortController();
    void this.#backfill(host, this.#backfillAbort.signal);
  }

  /** The subscription ended: a backfill under way stops, its REST calls and its backoff timer too. */
  stopBackfill(): void {
    this.#backfillAbort?.abort();
  }

  async #backfill(host: BackfillHost, signal: AbortSignal): Promise<void> {
    const { rest, clock, reconnect, report } = host;
    let failures = 0;
    try {
      while (!signal.aborted && this.status !== 'closed') {
        this.#backfillAgain = false;
        const sinceMs = this.lastSeenMs ?? this.startedMs ?? clock.now();
        try {
          const missed = await fetchMissed({
            channel: this.channel as 'fill' | 'user_orders',
            source: rest,
            sinceMs,
            floorMs: this.startedMs,
            sid: this.sid ?? 0,
            markets: this.core.markets,
            nowMs: clock.now(),
            signal,
          });
          this.logger.debug('backfill fetched', { channel: this.channel, sinceMs, candidates: missed.length });
          for (const message of missed) this.accept(message);
          failures = 0;
          if (!this.#backfillAgain) return;
        } catch (error) {
          if (signal.aborted) return;
          const delayMs = backoffDelay(failures++, reconnect);
          const why = error instanceof Error ? error.message : String(error);
          report(
            new WebSocketBackfillError(
              `could not backfill ${this.channel} over REST after a reconnect (${why}); live items are held back ` +
                `until it succeeds; try ${failures} failed, retrying in ${delayMs} ms`,
              { cause: error },
            ),
          );
          await pause(delayMs, signal);
        }
      }
    } finally {
      const held = this.holding ?? [];
      this.holding = undefined;
      this.#backfilling = false;
      for (const message of held) this.accept(message);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts; either way no timer is left behind. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
