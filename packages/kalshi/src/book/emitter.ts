/**
 * The one typed emitter behind every event API of the SDK (BookManager here, KalshiWS and its
 * subscriptions through ws/emitter.ts). node:events is avoided so the book runs in browsers and
 * workers too, and because the frame loop wants an emit that costs one lookup when nobody listens
 * and no allocation when someone does.
 */

export type EventMap = Record<string, unknown[]>;
export type Listener<A extends unknown[]> = (...args: A) => void;
type AnyListener = (...args: unknown[]) => void;

export class Emitter<E extends EventMap> {
  // Arrays are replaced, never mutated, so emit() can walk one without copying it, and a listener
  // that is added or removed during an emit neither joins nor leaves that emit.
  readonly #listeners = new Map<keyof E, AnyListener[]>();
  readonly #onListenerError: (error: unknown, event: keyof E) => void;

  /** `onListenerError` receives what a listener throws; emit() itself never throws. */
  constructor(onListenerError: (error: unknown, event: keyof E) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener (again, if it is already there); the returned function removes it. */
  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener as AnyListener]);
    return () => this.off(event, listener);
  }

  /** Removes every registration of `listener`, or only the first with `onlyFirst`. */
  off<K extends keyof E>(event: K, listener: Listener<E[K]>, onlyFirst = false): void {
    const current = this.#listeners.get(event);
    const first = current?.indexOf(listener as AnyListener) ?? -1;
    if (current === undefined || first < 0) return;
    const next = onlyFirst ? current.filter((_, i) => i !== first) : current.filter((l) => l !== listener);
    if (next.length === 0) this.#listeners.delete(event);
    else this.#listeners.set(event, next);
  }

  count(event: keyof E): number {
    return this.#listeners.get(event)?.length ?? 0;
  }

  /** Calls every listener; one that throws is reported and does not stop the others. False when none listened. */
  emit<K extends keyof E>(event: K, ...args: E[K]): boolean {
    const current = this.#listeners.get(event);
    if (current === undefined) return false;
    for (let i = 0; i < current.length; i++) {
      try {
        current[i]!(...args);
      } catch (error) {
        this.#onListenerError(error, event);
      }
    }
    return true;
  }

  clear(): void {
    this.#listeners.clear();
  }
}
