/**
 * Fan-out of one subscription's messages to any number of `for await` loops. Nothing is dropped:
 * each loop has its own unbounded queue, and messages that arrive before anyone consumes them are
 * kept until the first consumer (a loop or a 'message' listener) takes them over. A queue that grows
 * past the high-water mark is reported to the logger, since it means the consumer cannot keep up.
 */
import type { Logger } from '../core/logger.js';

class Queue<T> {
  items: T[] = [];
  head = 0;
  waiter: ((result: IteratorResult<T>) => void) | undefined;
  failer: ((error: unknown) => void) | undefined;
  warned = false;

  get size(): number {
    return this.items.length - this.head;
  }

  shift(): T {
    const item = this.items[this.head] as T;
    this.items[this.head++] = undefined as T;
    // Compact now and then so a long-lived queue does not keep every consumed slot alive.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}

export class MessageStream<T> {
  #early: Queue<T> | undefined = new Queue<T>();
  readonly #queues = new Set<Queue<T>>();
  #ended = false;
  #error: unknown;
  readonly #logger: Logger;
  readonly #highWaterMark: number;
  readonly #label: string;

  constructor(logger: Logger, highWaterMark: number, label: string) {
    this.#logger = logger;
    this.#highWaterMark = highWaterMark;
    this.#label = label;
  }

  get ended(): boolean {
    return this.#ended;
  }

  push(item: T): void {
    if (this.#ended) return;
    if (this.#early) this.#add(this.#early, item);
    // The common case on a busy socket: messages go to 'message' listeners only.
    if (this.#queues.size === 0) return;
    for (const queue of this.#queues) {
      if (queue.waiter) {
        const resolve = queue.waiter;
        queue.waiter = queue.failer = undefined;
        resolve({ value: item, done: false });
      } else {
        this.#add(queue, item);
      }
    }
  }

  /** Hands what arrived before any consumer to a listener attaching now, and stops holding early messages. */
  takeEarly(): T[] {
    const early = this.#early;
    this.#early = undefined;
    return early ? early.items.slice(early.head) : [];
  }

  /** No more messages; loops finish after draining, or throw `error` after draining when one is given. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    for (const queue of this.#queues) {
      if (queue.size === 0) this.#settleEmpty(queue);
    }
  }

  iterator(): AsyncIterableIterator<T> {
    // The first loop inherits the early messages; later loops start from the present.
    const queue = this.#early ?? new Queue<T>();
    this.#early = undefined;
    this.#queues.add(queue);
    const iterator: AsyncIterableIterator<T> = {
      next: () => {
        if (queue.size > 0) {
          const value = queue.shift();
          if (queue.warned && queue.size < this.#highWaterMark / 2) queue.warned = false;
          return Promise.resolve({ value, done: false });
        }
        if (this.#ended || !this.#queues.has(queue)) {
          this.#queues.delete(queue);
          return this.#finish();
        }
        return new Promise<IteratorResult<T>>((resolve, reject) => {
          queue.waiter = resolve;
          queue.failer = reject;
        });
      },
      return: () => {
        this.#queues.delete(queue);
        queue.waiter?.({ value: undefined, done: true });
        queue.waiter = queue.failer = undefined;
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  #add(queue: Queue<T>, item: T): void {
    queue.items.push(item);
    if (!queue.warned && queue.size >= this.#highWaterMark) {
      queue.warned = true;
      this.#logger.warn('WebSocket subscription buffer above its high-water mark: the consumer is falling behind', {
        subscription: this.#label,
        buffered: queue.size,
        highWaterMark: this.#highWaterMark,
      });
    }
  }

  #settleEmpty(queue: Queue<T>): void {
    const { waiter, failer } = queue;
    queue.waiter = queue.failer = undefined;
    this.#queues.delete(queue);
    if (this.#error !== undefined && failer) failer(this.#error);
    else waiter?.({ value: undefined, done: true });
  }

  #finish(): Promise<IteratorResult<T>> {
    return this.#error !== undefined ? Promise.reject(this.#error) : Promise.resolve({ value: undefined, done: true });
  }
}
