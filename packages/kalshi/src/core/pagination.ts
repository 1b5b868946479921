/**
 * Cursor pagination for Kalshi list endpoints. A list call returns a PagePromise: awaiting it
 * gives the first page, iterating it walks every item across pages.
 */

import { PaginationError } from './errors.js';

export interface PageSpec<Page, Item> {
  fetchPage: (cursor: string | undefined) => Promise<Page>;
  items: (page: Page) => readonly Item[];
  nextCursor: (page: Page) => string | null | undefined;
  /** A cursor the caller passed in params. */
  firstCursor?: string | undefined;
}

const MAX_CURSOR_IN_MESSAGE = 40;

export class PagePromise<Page, Item> implements PromiseLike<Page>, AsyncIterable<Item> {
  readonly #spec: PageSpec<Page, Item>;
  #first: Promise<Page> | undefined;

  constructor(spec: PageSpec<Page, Item>) {
    this.#spec = spec;
  }

  // Lazy and cached: `await list()` then `for await (... of list)` costs one request for page one.
  #firstPage(): Promise<Page> {
    return (this.#first ??= this.#spec.fetchPage(this.#spec.firstCursor));
  }

  then<R1 = Page, R2 = never>(
    onfulfilled?: ((page: Page) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<Page | R> {
    return this.#firstPage().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page> {
    return this.#firstPage().finally(onfinally);
  }

  /** Page by page. Each call starts again from the first page. */
  async *pages(): AsyncGenerator<Page, void, undefined> {
    // Every cursor seen so far, not just the last: a server bug cycling A -> B -> A would
    // otherwise loop forever while looking like progress.
    const seen = new Set<string>();
    if (this.#spec.firstCursor) seen.add(this.#spec.firstCursor);
    let page = await this.#firstPage();
    let fetched = 1;
    for (;;) {
      // Suspending here before fetching the next page is what lets an early `break` stop requests.
      yield page;
      const next = this.#spec.nextCursor(page);
      if (!next) return;
      if (seen.has(next)) {
        const shown = next.length > MAX_CURSOR_IN_MESSAGE ? `${next.slice(0, MAX_CURSOR_IN_MESSAGE)}…` : next;
        throw new PaginationError(
          `Kalshi returned cursor "${shown}" again after ${fetched} page${fetched === 1 ? '' : 's'}; ` +
            'stopping instead of looping forever.',
        );
      }
      seen.add(next);
      page = await this.#spec.fetchPage(next);
      fetched++;
    }
  }

  /** Every item across all pages, in order. */
  async *[Symbol.asyncIterator](): AsyncGenerator<Item, void, undefined> {
    for await (const page of this.pages()) {
      for (const item of this.#spec.items(page)) yield item;
    }
  }

  /** Collects items, stopping (and fetching no further pages) once `maxItems` are in hand. */
  async toArray(options?: { maxItems?: number }): Promise<Item[]> {
    const max = options?.maxItems ?? Infinity;
    const out: Item[] = [];
    if (!(max > 0)) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return out;
  }
}

type ElementOf<T> = NonNullable<T> extends readonly (infer I)[] ? I : never;

/**
 * The common Kalshi shape: items under `key`, next cursor under `cursor` (or `next_cursor`).
 * Missing or null item arrays count as empty, since Go servers encode empty slices as null.
 */
export function pageOf<Page, K extends keyof Page>(
  key: K,
  fetchPage: (cursor: string | undefined) => Promise<Page>,
  options?: { firstCursor?: string | undefined; cursorKey?: 'cursor' | 'next_cursor' },
): PagePromise<Page, ElementOf<Page[K]>> {
  const cursorKey = options?.cursorKey ?? 'cursor';
  return new PagePromise({
    fetchPage,
    items: (page) => (page[key] as readonly ElementOf<Page[K]>[] | null | undefined) ?? [],
    nextCursor: (page) => (page as Record<string, string | null | undefined>)[cursorKey],
    firstCursor: options?.firstCursor,
  });
}
