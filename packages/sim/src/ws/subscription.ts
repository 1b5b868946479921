// One server-side subscription: a sid on one connection, one channel, its filters and its own
// sequence counter. Frames are written through the connection (connection.ts).
import type { Connection } from './connection.js';
import { SEQUENCED, type Channel } from './protocol.js';

/** An injected fault, applied to the subscription's next frame. */
export type Fault = 'skip_seq' | 'repeat_seq' | 'malformed';

export interface SubscriptionOptions {
  /** Undefined means every market (channels where a filter is optional). */
  markets?: Set<string> | undefined;
  /** The ticker channel was subscribed by market_id(s): acknowledgements list ids too. */
  byId?: boolean;
  useYesPrice?: boolean;
  skipTickerAck?: boolean;
  /** Index ids (cfbenchmarks) or underlying tickers (pyth); "all" switches on all-mode. */
  instruments?: readonly string[] | undefined;
}

export class Subscription {
  /** The last `seq` used; the next frame or numbered reply takes seq + 1. */
  seq = 0;
  fault: Fault | undefined;
  markets: Set<string> | undefined;
  readonly byId: boolean;
  readonly useYesPrice: boolean;
  readonly skipTickerAck: boolean;
  allInstruments = false;
  readonly instruments = new Set<string>();
  readonly sequenced: boolean;

  constructor(
    readonly connection: Connection,
    readonly sid: number,
    readonly channel: Channel,
    options: SubscriptionOptions = {},
  ) {
    this.sequenced = SEQUENCED.has(channel);
    this.markets = options.markets;
    this.byId = options.byId ?? false;
    this.useYesPrice = options.useYesPrice ?? false;
    this.skipTickerAck = options.skipTickerAck ?? false;
    if (options.instruments) this.addInstruments(options.instruments);
  }

  get live(): boolean {
    return this.connection.subscriptions.get(this.sid) === this;
  }

  wantsMarket(ticker: string): boolean {
    return this.markets === undefined || this.markets.has(ticker);
  }

  wantsInstrument(id: string): boolean {
    return this.allInstruments || this.instruments.has(id);
  }

  addInstruments(ids: readonly string[]): void {
    for (const id of ids) {
      if (id === 'all') this.allInstruments = true;
      else this.instruments.add(id);
    }
  }

  /** Removing "all" leaves all-mode; explicitly chosen ids stay selected. */
  removeInstruments(ids: readonly string[]): void {
    for (const id of ids) {
      if (id === 'all') this.allInstruments = false;
      else this.instruments.delete(id);
    }
  }

  /** The filter as Kalshi reports it: all-mode is ["all"]. */
  instrumentFilter(): string[] {
    return this.allInstruments ? ['all'] : [...this.instruments];
  }

  /** Numbers a reply (ok, unsubscribed, error) in the subscription's sequence. */
  nextSeq(): number {
    return ++this.seq;
  }

  describe(): Record<string, unknown> {
    return {
      sid: this.sid,
      channel: this.channel,
      seq: this.seq,
      markets: this.markets ? [...this.markets] : null,
      ...(this.instruments.size > 0 || this.allInstruments ? { instruments: this.instrumentFilter() } : {}),
      pending_fault: this.fault ?? null,
    };
  }
}
