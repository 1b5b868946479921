/**
 * The event API of KalshiWS and Subscription, in node:events style (`on` returns `this`, `once`,
 * `listenerCount`), over the SDK's one emitter (book/emitter.ts). Unlike node:events it never throws
 * out of emit(): a listener that throws is reported to the logger and the others still run, because a
 * bug in user code must not break the socket's read loop (and an 'error' event with no listener must
 * not crash the process).
 */
import type { Logger } from '../core/logger.js';
import { Emitter, type EventMap, type Listener } from '../book/emitter.js';

export type { EventMap, Listener };

export class TypedEmitter<Events extends EventMap> {
  readonly #events: Emitter<Events>;
  readonly #logger: Logger;
  readonly #warnUnhandledErrors: boolean;

  /** `warnUnhandledErrors`: log 'error' events nobody listens to (off where another emitter gets them too). */
  constructor(logger: Logger, warnUnhandledErrors = true) {
    this.#logger = logger;
    this.#warnUnhandledErrors = warnUnhandledErrors;
    this.#events = new Emitter<Events>((error, event) => logger.error(`a '${String(event)}' listener threw`, { error }));
  }

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this {
    this.#events.on(event, listener);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this {
    let fired = false;
    const wrapper: Listener<Events[E]> = (...args) => {
      if (fired) return;
      fired = true;
      this.off(event, wrapper);
      listener(...args);
    };
    return this.on(event, wrapper);
  }

  /** Removes one registration of `listener` (the earliest), as node:events removes one. */
  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this {
    this.#events.off(event, listener, true);
    return this;
  }

  listenerCount(event: keyof Events): number {
    return this.#events.count(event);
  }

  protected emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    if (this.#events.emit(event, ...args)) return;
    if (event === 'error' && this.#warnUnhandledErrors) this.#logger.warn('unhandled WebSocket client error', { error: args[0] });
  }

  protected removeAllListeners(): void {
    this.#events.clear();
  }
}
