// One client socket: its subscriptions, and the single path every outgoing frame takes. That path
// is where sequence numbers are assigned, injected faults are applied, frames are held back when
// a delay is set, and a client that stops reading is cut off before it can grow our memory.
import { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import type { AuthInfo } from '../server/auth.js';
import { errorName, type WsCommandError } from './protocol.js';
import type { Subscription } from './subscription.js';

export interface ConnectionHost {
  /** Send buffer (socket + delayed frames) above which a connection's subscriptions are ended. */
  readonly maxBufferedBytes: number;
  readonly logger: Logger;
  /** A subscription ended (unsubscribed, overflowed or its connection closed). */
  subscriptionEnded(sub: Subscription): void;
}

interface Delayed {
  due: number;
  text: string;
}

// Replies keep flowing after an overflow ended the subscriptions; a client that still does not
// read while it sends commands is dropped once its buffer reaches this many times the limit.
const HARD_LIMIT_FACTOR = 4;

export class Connection {
  readonly subscriptions = new Map<number, Subscription>();
  readonly openedMs = Date.now();
  /** Milliseconds every outgoing frame is held back (a fault injected by the admin API). */
  delayMs = 0;
  /** Heartbeat pings from the server and pongs to the client's pings; off is an injected fault. */
  heartbeat = true;
  framesSent = 0;
  #nextSid = 1;
  #queue: Delayed[] = [];
  #queuedBytes = 0;
  #lastDue = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
    readonly auth: AuthInfo,
    readonly remoteAddress: string | undefined,
    private readonly host: ConnectionHost,
  ) {}

  get userId(): string {
    return this.auth.userId;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** Bytes written but not yet on the wire: the socket's buffer plus frames held by a delay. */
  get bufferedBytes(): number {
    return this.socket.bufferedAmount + this.#queuedBytes;
  }

  newSid(): number {
    return this.#nextSid++;
  }

  /** A command reply or error: always sent, never subject to data faults. */
  reply(frame: Record<string, unknown>): void {
    this.#write(JSON.stringify(frame));
  }

  /** An error frame for a refused command. `id` 0 or absent means the client gave none. */
  error(id: number | undefined, error: WsCommandError): void {
    const msg: Record<string, unknown> = { code: error.code, msg: error.message };
    if (error.extra.market_tickers) msg.market_tickers = error.extra.market_tickers;
    this.reply({ type: 'error', ...(id ? { id } : {}), ...(error.extra.sid ? { sid: error.extra.sid } : {}), msg });
  }

  /**
   * A data frame of a subscription (or a reply that is numbered like one, such as an index list).
   * Returns false when the frame was not sent because the subscription has ended.
   */
  data(sub: Subscription, type: string, msg: unknown, id?: number): boolean {
    if (!sub.live || !this.open) return false;
    if (this.bufferedBytes > this.host.maxBufferedBytes) {
      this.overflow();
      return false;
    }
    const fault = sub.fault;
    sub.fault = undefined;
    let seq: number | undefined;
    if (sub.sequenced) {
      if (fault === 'skip_seq') sub.seq++;
      seq = ++sub.seq;
    }
    let text = JSON.stringify({ type, ...(id ? { id } : {}), sid: sub.sid, ...(seq === undefined ? {} : { seq }), msg });
    // Cut mid-object: the frame still names its sid and seq, as a real truncated frame would.
    if (fault === 'malformed') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
    this.#write(text);
    if (fault === 'repeat_seq') this.#write(text);
    return true;
  }

  /** A frame that is not JSON at all, not tied to any subscription. */
  sendGarbage(): void {
    this.#write('{"type":"orderbook_delta","msg":{"market_ticker"');
  }

  /**
   * The client is not reading fast enough: every subscription gets the terminal error 25 and
   * ends, so nothing more is queued for it; the client must resubscribe.
   */
  overflow(): void {
    const subs = [...this.subscriptions.values()];
    if (subs.length === 0) return;
    this.host.logger.warn('WebSocket send buffer overflow; ending subscriptions', {
      connection: this.id,
      bufferedBytes: this.bufferedBytes,
      subscriptions: subs.length,
    });
    for (const sub of subs) {
      const seq = sub.sequenced ? { seq: sub.nextSeq() } : {};
      this.reply({ type: 'error', sid: sub.sid, ...seq, msg: { code: 25, msg: errorName(25) } });
      this.endSubscription(sub);
    }
  }

  endSubscription(sub: Subscription): void {
    if (this.subscriptions.get(sub.sid) !== sub) return;
    this.subscriptions.delete(sub.sid);
    this.host.subscriptionEnded(sub);
  }

  /** Forgets everything: the socket is gone. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#queue = [];
    this.#queuedBytes = 0;
    for (const sub of [...this.subscriptions.values()]) this.endSubscription(sub);
  }

  describe(): Record<string, unknown> {
    return {
      id: this.id,
      user_id: this.userId,
      api_key_id: this.auth.keyId,
      remote_address: this.remoteAddress ?? null,
      opened_ms: this.openedMs,
      buffered_bytes: this.bufferedBytes,
      frames_sent: this.framesSent,
      delay_ms: this.delayMs,
      heartbeat: this.heartbeat,
      subscriptions: [...this.subscriptions.values()].map((s) => s.describe()),
    };
  }

  #write(text: string): void {
    if (!this.open) return;
    if (this.bufferedBytes > this.host.maxBufferedBytes * HARD_LIMIT_FACTOR) {
      this.host.logger.warn('WebSocket client stopped reading; dropping the connection', { connection: this.id });
      this.socket.terminate();
      return;
    }
    this.framesSent++;
    if (this.delayMs <= 0 && this.#queue.length === 0) {
      this.socket.send(text);
      return;
    }
    // Never earlier than the frame before it: a shortened delay must not reorder the stream.
    const due = Math.max(Date.now() + this.delayMs, this.#lastDue);
    this.#lastDue = due;
    this.#queue.push({ due, text });
    this.#queuedBytes += text.length;
    if (this.#timer === undefined) this.#schedule();
  }

  #schedule(): void {
    const head = this.#queue[0];
    if (!head) return;
    this.#timer = setTimeout(() => this.#flush(), Math.max(0, head.due - Date.now()));
  }

  #flush(): void {
    this.#timer = undefined;
    const now = Date.now();
    let sent = 0;
    while (sent < this.#queue.length && this.#queue[sent]!.due <= now) {
      const { text } = this.#queue[sent]!;
      this.#queuedBytes -= text.length;
      if (this.open) this.socket.send(text);
      sent++;
    }
    this.#queue.splice(0, sent);
    this.#schedule();
  }
}
