/**
 * A small typed event emitter. Unlike node:events it never throws out of emit(): a listener that
 * throws is reported to the logger and the others still run, because a bug in user code must not
 * break the socket's read loop (and an 'error' event with no listener must not crash the process).
 */
import type { Logger } from '../core/logger.js';

export type EventMap = { [event: string]: unknown[] };
export type Listener<Args extends unknown[]> = (...args: Args) => void;
type AnyListener = (...args: unknown[]) => void;

export class TypedEmitter<Events extends EventMap> {
  readonly #listeners = new Map<keyof Events, AnyListener[]>();
  readonly #logger: Logger;
  readonly #warnUnhandledErrors: boolean;

  /** `warnUnhandledErrors`: log 'error' events nobody listens to (off where another emitter gets them too). */
  constructor(logger: Logger, warnUnhandledErrors = true) {
    this.#logger = logger;
    this.#warnUnhandledErrors = warnUnhandledErrors;
  }

  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this {
    const list = this.#listeners.get(event) ?? [];
    list.push(listener as unknown as AnyListener);
    this.#listeners.set(event, list);
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

  off<E extends keyof Events>(event: E, listener: Listener<Events[E]>): this {
    const list = this.#listeners.get(event);
    const i = list?.indexOf(listener as unknown as AnyListener) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
    return this;
  }

  listenerCount(event: keyof Events): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  protected emit<E extends keyof Events>(event: E, ...args: Events[E]): void {
    const list = this.#listeners.get(event);
    if (!list || list.length === 0) {
      if (event === 'error' && this.#warnUnhandledErrors) this.#logger.warn('unhandled WebSocket client error', { error: args[0] });
      return;
    }
    // A copy, so listeners that remove themselves (once) do not make others skip.
    for (const listener of [...list]) {
      try {
        listener(...args);
      } catch (error) {
        this.#logger.error(`a '${String(event)}' listener threw`, { error });
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners.clear();
  }
}
