/**
 * The subscription engine: keeps every subscription's desired state (channel, params, current market
 * list) and makes the server match it — on first subscribe, after a reconnect, after a terminal error
 * or a sequence gap. Market changes made while a subscription is not live are not queued as separate
 * commands: the next subscribe carries the current list, which settles them (they are "covered").
 */
import { ValidationError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Clock } from '../internal/rate-limiter.js';
import { ChannelSub, type Action, type Message, type PendingOp } from './channel-sub.js';
import { ConnectionLostError, type CommandTracker, type Frame } from './commands.js';
import { WebSocketClosedError, WebSocketError, WebSocketServerError } from './errors.js';
import { backoffDelay } from './socket.js';
import type { SubscriptionCore, SubscriptionEngine } from './subscription.js';
import type { BackfillSource, ReconnectOptions, ResyncEvent, ResyncReason } from './types.js';

export interface EngineHost {
  commands: CommandTracker;
  logger: Logger;
  clock: Clock;
  reconnect: Required<ReconnectOptions>;
  commandTimeoutMs: number;
  rest: BackfillSource | undefined;
  isOpen(): boolean;
  ensureStarted(): void;
  reportError(error: WebSocketError, core?: SubscriptionCore): void;
  reportResync(event: ResyncEvent, core: SubscriptionCore): void;
}

export class Engine implements SubscriptionEngine {
  readonly #host: EngineHost;
  readonly #byCore = new Map<SubscriptionCore, ChannelSub[]>();
  readonly #bySid = new Map<number, ChannelSub>();

  constructor(host: EngineHost) {
    this.#host = host;
  }

  register(core: SubscriptionCore): void {
    const subs = core.channels.map((channel) => new ChannelSub(channel, core, this.#host.logger));
    this.#byCore.set(core, subs);
    this.#host.ensureStarted();
    for (const ch of subs) this.#subscribeOrWait(ch);
  }

  onOpen(): void {
    for (const ch of this.#channels()) if (ch.status === 'waiting') this.#subscribeOrWait(ch);
  }

  /** Called after in-flight commands were failed with ConnectionLostError. */
  onDisconnect(): void {
    for (const ch of this.#channels()) {
      const wasLive = ch.status === 'live';
      const sid = ch.sid;
      this.#detach(ch);
      if (wasLive) this.#resyncEvent(ch, 'reconnect', { sid });
    }
  }

  onData(frame: Frame & { sid: number }, type: string): void {
    const ch = this.#bySid.get(frame.sid);
    if (!ch || ch.status !== 'live') {
      this.#host.logger.debug('frame for an ended subscription dropped', { sid: frame.sid, type });
      return;
    }
    if (typeof frame.seq === 'number' && ch.sequenced) {
      const decision = ch.check(frame, frame.seq, type);
      if (decision === 'drop') return;
      if (decision !== 'deliver') {
        this.#resync(ch, decision, { expectedSeq: (ch.lastSeq ?? 0) + 1, receivedSeq: frame.seq });
        return;
      }
    }
    ch.resubAttempts = 0;
    ch.deliverLive(frame as Message);
  }

  /** A reply (ok, unsubscribed) numbered in its subscription's sequence takes its place there. */
  onReplySeq(sid: number, seq: number): void {
    const ch = this.#bySid.get(sid);
    if (ch && ch.lastSeq !== undefined && seq === ch.lastSeq + 1) ch.lastSeq = seq;
  }

  /** An error frame naming a sid; `handled` when a command already received it. */
  onServerError(error: WebSocketServerError, handled: boolean): void {
    const ch = error.sid === undefined ? undefined : this.#bySid.get(error.sid);
    if (!handled) this.#host.reportError(error, ch?.core);
    if (ch && error.terminal && ch.status === 'live') this.#resync(ch, 'terminal_error', { code: error.code });
  }

  /**
   * A frame that failed to parse or validate. When it named a numbered subscription its content is
   * lost, so that subscription resyncs; fill / user_orders resubscribe so the backfill recovers it.
   */
  onBadFrame(error: WebSocketError, sid: number | undefined, hasSeq: boolean): void {
    const ch = sid === undefined ? undefined : this.#bySid.get(sid);
    this.#host.reportError(error, ch?.core);
    if (!ch || ch.status !== 'live' || (ch.snapshotResync && ch.lastSeq === undefined)) return;
    if ((ch.sequenced && hasSeq) || (ch.recent !== undefined && this.#host.rest !== undefined)) this.#resync(ch, 'bad_frame', {});
  }

  /** A `subscribed` reply nobody waits for (its command timed out): end it so it does not linger. */
  onStraySubscribed(sid: number): void {
    if (!this.#bySid.has(sid)) this.#sendUnsubscribe(sid);
  }

  updateMarkets(core: SubscriptionCore, action: 'add_markets' | 'delete_markets', tickers: string[]): Promise<void> {
    if (!core.live) return Promise.reject(new WebSocketClosedError('the subscription has ended'));
    if (tickers.length === 0 || tickers.some((t) => typeof t !== 'string' || t === '')) {
      return Promise.reject(new ValidationError('tickers', 'must be a non-empty array of market tickers'));
    }
    const before = core.markets;
    if (before === undefined) {
      return Promise.reject(
        new ValidationError('tickers', 'this subscription has no market filter; subscribe with market_ticker(s) to amend its markets'),
      );
    }
    const added = action === 'add_markets' ? tickers.filter((t, i) => !before.includes(t) && tickers.indexOf(t) === i) : [];
    const removed = action === 'delete_markets' ? before.filter((t) => tickers.includes(t)) : [];
    core.markets = action === 'add_markets' ? [...before, ...added] : before.filter((t) => !removed.includes(t));
    let reverted = false;
    // Undoes only this change, so amendments made since survive a rejected one.
    const revert = () => {
      if (reverted || core.markets === undefined) return;
      reverted = true;
      core.markets = core.markets.filter((t) => !added.includes(t));
      core.markets.push(...removed.filter((t) => !core.markets!.includes(t)));
    };
    const subs = this.#byCore.get(core) ?? [];
    return Promise.all(subs.map((ch) => this.#enqueue(ch, action, () => tickers, revert))).then(() => undefined);
  }

  snapshot(core: SubscriptionCore): Promise<void> {
    if (!core.live) return Promise.reject(new WebSocketClosedError('the subscription has ended'));
    const subs = (this.#byCore.get(core) ?? []).filter((ch) => ch.channel === 'orderbook_delta');
    if (subs.length === 0) return Promise.reject(new ValidationError('snapshot', 'only orderbook_delta subscriptions have snapshots'));
    return Promise.all(subs.map((ch) => this.#enqueue(ch, 'get_snapshot', () => [...(core.markets ?? [])]))).then(() => undefined);
  }

  unsubscribe(core: SubscriptionCore): Promise<void> {
    if (!core.live) return Promise.resolve();
    const done = this.#teardown(core, true);
    core.close('was unsubscribed');
    return done;
  }

  /** close(): everything ends; nothing more is sent. */
  closeAll(): void {
    for (const core of [...this.#byCore.keys()]) {
      void this.#teardown(core, false);
      core.close('was closed');
    }
    this.#bySid.clear();
  }

  /** The first handshake was refused: subscriptions never acknowledged fail with that error. */
  failUnacked(error: WebSocketError): void {
    for (const core of [...this.#byCore.keys()]) {
      if (core.state !== 'subscribing') continue;
      core.fail(error);
      void this.#teardown(core, false);
    }
  }

  #teardown(core: SubscriptionCore, notifyServer: boolean): Promise<void> {
    const subs = this.#byCore.get(core) ?? [];
    this.#byCore.delete(core);
    const reason = (ch: ChannelSub) => new WebSocketClosedError(`the ${ch.channel} subscription has ended`);
    return Promise.all(subs.map((ch) => this.#close(ch, reason(ch), notifyServer))).then(() => undefined);
  }

  *#channels(): Iterable<ChannelSub> {
    for (const subs of [...this.#byCore.values()]) yield* subs;
  }

  #subscribeOrWait(ch: ChannelSub): void {
    if (ch.status === 'closed') return;
    clearTimeout(ch.retryTimer);
    ch.retryTimer = undefined;
    const markets = ch.core.markets;
    // Every market was removed: subscribing with an empty filter could mean "all markets", so wait for one.
    if (markets !== undefined && markets.length === 0) {
      ch.status = 'parked';
      this.#settleCovered(ch, ch.opCounter);
      return;
    }
    ch.status = 'waiting';
    if (!this.#host.isOpen()) return;
    ch.coveredUpTo = ch.opCounter;
    const gen = ++ch.generation;
    const params = { channels: [ch.channel], ...ch.core.params, ...(markets ? { market_tickers: [...markets] } : {}) };
    const id = this.#host.commands.send('subscribe', params, {
      onReply: (frame) => gen === ch.generation && this.#onSubscribed(ch, frame),
      onFail: (error) => gen === ch.generation && this.#onSubscribeFailed(ch, error),
    });
    if (id !== undefined) ch.status = 'subscribing';
  }

  #onSubscribed(ch: ChannelSub, frame: Frame): void {
    const sid = (frame.msg as { sid?: unknown } | undefined)?.sid;
    if (frame.type !== 'subscribed' || typeof sid !== 'number') {
      this.#onSubscribeFailed(ch, new WebSocketError(`unexpected reply to subscribe: ${JSON.stringify(frame).slice(0, 200)}`));
      return;
    }
    if (ch.status === 'closed') {
      this.#sendUnsubscribe(sid);
      return;
    }
    ch.sid = sid;
    this.#bySid.set(sid, ch);
    ch.status = 'live';
    const first = !ch.acked;
    ch.acked = true;
    ch.core.acked(ch.channel, sid);
    const ops = ch.ops;
    ch.ops = [];
    for (const op of ops) {
      if (op.n <= ch.coveredUpTo) op.resolve();
      else this.#sendOp(ch, op);
    }
    if (!ch.recent) return;
    if (first) ch.startedMs = this.#host.clock.now();
    else if (this.#host.rest) {
      const { rest, clock, reconnect } = this.#host;
      ch.startBackfill({ rest, clock, reconnect, report: (error) => this.#host.reportError(error, ch.core) });
    }
  }

  #onSubscribeFailed(ch: ChannelSub, error: WebSocketError): void {
    // A lost socket is handled by the restore on the next open; a closed handle needs nothing.
    if (error instanceof ConnectionLostError || ch.status === 'closed') return;
    ch.status = 'waiting';
    this.#host.reportError(error, ch.core);
    if (!ch.acked) {
      // Never acknowledged: the request itself is wrong (or unanswered), so the caller must hear of it.
      ch.core.fail(error);
      this.#teardown(ch.core, true).catch(() => {});
      return;
    }
    this.#retryLater(ch);
  }

  #retryLater(ch: ChannelSub): void {
    const delay = backoffDelay(Math.max(0, ch.resubAttempts - 1), this.#host.reconnect);
    ch.resubAttempts++;
    clearTimeout(ch.retryTimer);
    ch.retryTimer = setTimeout(() => {
      ch.retryTimer = undefined;
      this.#subscribeOrWait(ch);
    }, delay);
  }

  /** Forgets the server-side half of a subscription: its sid, sequence state and in-flight commands. */
  #detach(ch: ChannelSub): void {
    if (ch.sid !== undefined) this.#bySid.delete(ch.sid);
    ch.core.sids.delete(ch.channel);
    ch.sid = undefined;
    ch.generation++;
    if (ch.status !== 'closed') ch.status = 'waiting';
    ch.lastSeq = undefined;
    ch.snapshotResync = false;
    ch.awaiting.clear();
    clearTimeout(ch.snapshotTimer);
    for (const op of ch.inflight) {
      op.token++;
      ch.ops.push(op);
    }
    ch.inflight.clear();
  }

  #settleCovered(ch: ChannelSub, upTo: number): void {
    const keep: PendingOp[] = [];
    for (const op of ch.ops) {
      if (op.n <= upTo) op.resolve();
      else keep.push(op);
    }
    ch.ops = keep;
  }

  #enqueue(ch: ChannelSub, action: Action, tickers: () => string[], revert?: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const op: PendingOp = { n: ++ch.opCounter, action, tickers, token: 0, resolve, reject, revert };
      if (ch.status === 'live') return this.#sendOp(ch, op);
      ch.ops.push(op);
      if (ch.status === 'parked') this.#subscribeOrWait(ch);
    });
  }

  #sendOp(ch: ChannelSub, op: PendingOp): void {
    const token = ++op.token;
    const params = { sid: ch.sid, market_tickers: op.tickers(), action: op.action };
    const id = this.#host.commands.send('update_subscription', params, {
      onReply: () => {
        if (op.token !== token) return;
        ch.inflight.delete(op);
        op.resolve();
      },
      onFail: (error) => {
        if (op.token !== token) return;
        ch.inflight.delete(op);
        if (error instanceof ConnectionLostError) return void ch.ops.push(op);
        // Kalshi refused it, so the filter it asked for must not come back on the next resubscribe.
        if (error instanceof WebSocketServerError) op.revert?.();
        op.reject(error);
      },
    });
    if (id === undefined) ch.ops.push(op);
    else ch.inflight.add(op);
  }

  #sendUnsubscribe(sid: number): void {
    this.#host.commands.send('unsubscribe', { sids: [sid] }, {
      onReply: () => {},
      onFail: (error) => this.#host.logger.debug('unsubscribe of a replaced subscription failed', { sid, error: error.message }),
    });
  }

  #close(ch: ChannelSub, reason: WebSocketClosedError, notifyServer = true): Promise<void> {
    const { sid, status } = ch;
    ch.status = 'closed';
    ch.stopBackfill();
    clearTimeout(ch.retryTimer);
    clearTimeout(ch.snapshotTimer);
    ch.retryTimer = undefined;
    ch.holding = undefined;
    for (const op of [...ch.ops, ...ch.inflight]) {
      op.token++;
      op.reject(reason);
    }
    ch.ops = [];
    ch.inflight.clear();
    if (sid !== undefined) this.#bySid.delete(sid);
    // While subscribing, the ack handler sends the unsubscribe once the sid is known.
    if (!notifyServer || status !== 'live' || sid === undefined) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const id = this.#host.commands.send('unsubscribe', { sids: [sid] }, {
        onReply: () => resolve(),
        // Gone with its socket, or already unknown to Kalshi (code 7): either way it is over.
        onFail: (error) =>
          error instanceof ConnectionLostError || (error instanceof WebSocketServerError && error.code === 7) ? resolve() : reject(error),
      });
      if (id === undefined) resolve();
    });
  }

  #resyncEvent(ch: ChannelSub, reason: ResyncReason, detail: Partial<ResyncEvent>): void {
    const markets = ch.core.markets ? [...ch.core.markets] : undefined;
    this.#host.reportResync({ sid: ch.sid, channel: ch.channel, reason, markets, ...detail }, ch.core);
  }

  /** Reports the discontinuity, then re-snapshots an order book or makes the subscription again. */
  #resync(ch: ChannelSub, reason: ResyncReason, detail: Partial<ResyncEvent>, resubscribe = false): void {
    this.#resyncEvent(ch, reason, detail);
    const markets = ch.core.markets;
    if (!resubscribe && ch.channel === 'orderbook_delta' && reason !== 'terminal_error' && ch.sid !== undefined && markets?.length) {
      this.#requestSnapshot(ch, markets);
      return;
    }
    const old = ch.sid;
    this.#detach(ch);
    // After a terminal error Kalshi has already ended it; otherwise the old sid must stop streaming.
    if (reason !== 'terminal_error' && old !== undefined) this.#sendUnsubscribe(old);
    if (ch.resubAttempts === 0) {
      ch.resubAttempts = 1;
      this.#subscribeOrWait(ch);
    } else {
      this.#retryLater(ch);
    }
  }

  #requestSnapshot(ch: ChannelSub, markets: readonly string[]): void {
    ch.snapshotResync = true;
    ch.lastSeq = undefined;
    ch.awaiting = new Set(markets);
    const gen = ch.generation;
    const stale = () => gen !== ch.generation || ch.status !== 'live';
    // A snapshot that never comes would hold the book back forever: a fresh subscription brings one.
    const giveUp = (error?: WebSocketError) => {
      if (stale() || !ch.snapshotResync) return;
      if (error) this.#host.reportError(error, ch.core);
      this.#resync(ch, 'gap', {}, true);
    };
    this.#host.commands.send('update_subscription', { sid: ch.sid, market_tickers: [...markets], action: 'get_snapshot' }, {
      onReply: () => {
        if (stale() || !ch.snapshotResync) return;
        clearTimeout(ch.snapshotTimer);
        ch.snapshotTimer = setTimeout(() => giveUp(), this.#host.commandTimeoutMs);
      },
      onFail: (error) => {
        if (!(error instanceof ConnectionLostError)) giveUp(error);
      },
    });
  }
}
