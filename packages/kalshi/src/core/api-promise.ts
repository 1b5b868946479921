import type { ApiResponse } from '../internal/request.js';

/**
 * What every non-list method returns: awaits to the parsed body, and `.withResponse()` also gives
 * the HTTP status and headers (for request ids and diagnostics).
 */
export class APIPromise<T> implements PromiseLike<T> {
  readonly #response: Promise<ApiResponse<T>>;

  constructor(response: Promise<ApiResponse<T>>) {
    this.#response = response;
  }

  withResponse(): Promise<ApiResponse<T>> {
    return this.#response;
  }

  then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    // One hop, not two: awaiting a method result is on every request's path.
    return this.#response.then(onFulfilled ? (response) => onFulfilled(response.data) : (response) => response.data as unknown as A, onRejected);
  }

  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onRejected);
  }

  finally(onFinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onFinally);
  }

  get [Symbol.toStringTag]() {
    return 'APIPromise';
  }
}
