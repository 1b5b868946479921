/**
 * A stand-in for the `ws` WebSocket, injected through KalshiWS's public `WebSocket` option, so a
 * test or the in-process book benchmark runs the whole client (frame reading, sequence checks,
 * routing, subscription delivery) without a network and synchronously. It opens at once, answers
 * `subscribe` with `subscribed` (sid 1), `update_subscription` with `ok` and `unsubscribe` with
 * `unsubscribed`, and hands over whatever text `deliver` is given as a received frame.
 */
import type { WebSocketConstructor, WebSocketLike } from '../../../src/ws/index.js';

type MessageListener = (data: string, isBinary: boolean) => void;
type AnyListener = (...args: never[]) => void;

export interface InProcessLink {
  /** The socket the client opened (set once it exists). */
  socket: InProcessSocket | undefined;
  /** The constructor to pass as KalshiWSOptions.WebSocket. */
  WebSocket: WebSocketConstructor;
}

export class InProcessSocket implements WebSocketLike {
  readyState = 0;
  /** Every command the client wrote, parsed. */
  readonly sent: { id: number; cmd: string; params?: Record<string, unknown> }[] = [];
  #onMessage: MessageListener | undefined;
  readonly #listeners = new Map<string, AnyListener[]>();

  constructor() {
    queueMicrotask(() => {
      this.readyState = 1;
      this.#fire('open');
    });
  }

  /** A received text frame, delivered synchronously as `ws` does from one network read. */
  deliver(text: string): void {
    this.#onMessage!(text, false);
  }

  send(data: string, cb?: (err?: Error) => void): void {
    const command = JSON.parse(data) as InProcessSocket['sent'][number];
    this.sent.push(command);
    const reply =
      command.cmd === 'subscribe'
        ? { id: command.id, type: 'subscribed', msg: { channel: (command.params?.channels as string[] | undefined)?.[0], sid: 1 } }
        : command.cmd === 'unsubscribe'
          ? { id: command.id, type: 'unsubscribed', sid: 1 }
          : command.cmd === 'update_subscription'
            ? { id: command.id, type: 'ok', sid: 1 }
            : undefined;
    if (reply) queueMicrotask(() => this.readyState === 1 && this.deliver(JSON.stringify(reply)));
    cb?.();
  }

  ping(): void {}

  close(): void {
    if (this.readyState > 1) return;
    this.readyState = 3;
    queueMicrotask(() => this.#fire('close', 1000, Buffer.from('')));
  }

  terminate(): void {
    this.close();
  }

  on(event: string, listener: AnyListener): this {
    if (event === 'message') this.#onMessage = listener as unknown as MessageListener;
    else this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  #fire(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

export function inProcessLink(): InProcessLink {
  const link: InProcessLink = {
    socket: undefined,
    WebSocket: class extends InProcessSocket {
      constructor() {
        super();
        link.socket = this;
      }
    } as unknown as WebSocketConstructor,
  };
  return link;
}
