/**
 * A minimal typed emitter. node:events is avoided so the book runs in browsers and workers too,
 * and because the delta loop wants an emit that costs one length check when nobody listens.
 */

export type EventMap = Record<string, unknown[]>;
export type Listener<A extends unknown[]> = (...args: A) => void;

export class Emitter<E extends EventMap> {
  // Arrays are replaced, never mutated, so a listener that unsubscribes during an emit cannot
  // make the emit skip or repeat another listener.
  private listeners: { [K in keyof E]?: Listener<E[K]>[] } = {};

  constructor(private readonly onListenerError: (error: unknown, event: keyof E) => void) {}

  /** Adds a listener; the returned function removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    this.listeners[event] = [...(this.listeners[event] ?? []), listener];
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: Listener<E[K]>): void {
    const current = this.listeners[event];
    if (current === undefined) return;
    const next = current.filter((l) => l !== listener);
    if (next.length === 0) delete this.listeners[event];
    else this.listeners[event] = next;
  }

  /** Calls every listener; one that throws is reported and does not stop the others. */
  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const current = this.listeners[event];
    if (current === undefined) return;
    for (const listener of current) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }
}
