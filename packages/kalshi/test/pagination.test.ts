import { describe, expect, it } from 'vitest';
import { KalshiError, PaginationError } from '../src/core/errors.js';
import { PagePromise, pageOf } from '../src/core/pagination.js';

interface Page {
  markets: string[];
  cursor?: string | null;
}

/** Serves `pages` keyed by the cursor that requests them ('' for the first), recording each request. */
function server(pages: Record<string, Page>) {
  const requests: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined): Promise<Page> => {
    requests.push(cursor);
    const page = pages[cursor ?? ''];
    if (!page) throw new Error(`no page for cursor ${cursor}`);
    return page;
  };
  return { requests, fetchPage };
}

const list = (fetchPage: (c: string | undefined) => Promise<Page>, firstCursor?: string) =>
  new PagePromise<Page, string>({ fetchPage, items: (p) => p.markets, nextCursor: (p) => p.cursor, firstCursor });

const THREE_PAGES: Record<string, Page> = {
  '': { markets: ['a', 'b'], cursor: 'c1' },
  c1: { markets: ['c'], cursor: 'c2' },
  c2: { markets: ['d', 'e'], cursor: '' },
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('PagePromise', () => {
  it('iterates every item across pages in order', async () => {
    const s = server(THREE_PAGES);
    expect(await collect(list(s.fetchPage))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.requests).toEqual([undefined, 'c1', 'c2']);
  });

  it.each([
    ['empty', ''],
    ['null', null],
    ['absent', undefined],
  ])('stops on an %s cursor', async (_, cursor) => {
    const last: Page = { markets: ['z'] };
    if (cursor !== undefined) last.cursor = cursor;
    const s = server({ '': { markets: ['y'], cursor: 'n' }, n: last });
    expect(await collect(list(s.fetchPage))).toEqual(['y', 'z']);
    expect(s.requests).toEqual([undefined, 'n']);
  });

  it('throws PaginationError when a cursor repeats any earlier one, not just the last', async () => {
    const s = server({
      '': { markets: ['0'], cursor: 'A' },
      A: { markets: ['1'], cursor: 'B' },
      B: { markets: ['2'], cursor: 'A' },
    });
    const seen: string[] = [];
    const err = await (async () => {
      for await (const m of list(s.fetchPage)) seen.push(m);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as Error).message).toContain('"A"');
    expect((err as Error).message).toContain('3 pages');
    expect(seen).toEqual(['0', '1', '2']);
    expect(s.requests).toEqual([undefined, 'A', 'B']);
  });

  it('counts the caller-supplied cursor as seen and truncates long cursors in the message', async () => {
    const long = 'x'.repeat(100);
    const s = server({ [long]: { markets: ['m'], cursor: long } });
    const err = await list(s.fetchPage, long)
      .toArray()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    const message = (err as Error).message;
    expect(message).toContain(`"${'x'.repeat(40)}…"`);
    expect(message).not.toContain('x'.repeat(41));
    expect(message).toContain('1 page;');
    expect(s.requests).toEqual([long]);
  });

  it('resolves to the first page and fetches it only once when awaited then iterated', async () => {
    const s = server(THREE_PAGES);
    const p = list(s.fetchPage);
    expect(s.requests).toEqual([]); // lazy
    const first = await p;
    expect(first).toBe(THREE_PAGES['']);
    expect(await p).toBe(first);
    expect(await collect(p)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.requests).toEqual([undefined, 'c1', 'c2']);
    // A second iteration starts over from the cached first page.
    expect(await collect(p)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.requests).toEqual([undefined, 'c1', 'c2', 'c1', 'c2']);
  });

  it('passes the caller-supplied cursor to the first request', async () => {
    const s = server(THREE_PAGES);
    expect(await collect(list(s.fetchPage, 'c1'))).toEqual(['c', 'd', 'e']);
    expect(s.requests).toEqual(['c1', 'c2']);
  });

  it('stops fetching when the loop breaks early', async () => {
    const s = server(THREE_PAGES);
    for await (const m of list(s.fetchPage)) {
      if (m === 'b') break;
    }
    expect(s.requests).toEqual([undefined]);
  });

  it('propagates fetch errors unchanged through await and iteration', async () => {
    const boom = new KalshiError('boom');
    const failFirst = list(async () => {
      throw boom;
    });
    await expect(failFirst).rejects.toBe(boom);
    await expect(failFirst.then(() => 'unreached')).rejects.toBe(boom);
    expect(await failFirst.catch((e: unknown) => e)).toBe(boom);
    await expect(collect(failFirst)).rejects.toBe(boom);

    const s = server({ '': { markets: ['a'], cursor: 'missing' } });
    const failLater = list(async (c) => {
      if (c === 'missing') throw boom;
      return s.fetchPage(c);
    });
    await expect(collect(failLater)).rejects.toBe(boom);
    await expect(failLater.toArray()).rejects.toBe(boom);
  });

  it('runs finally callbacks on success and failure', async () => {
    let calls = 0;
    const s = server(THREE_PAGES);
    expect(await list(s.fetchPage).finally(() => calls++)).toBe(THREE_PAGES['']);
    await expect(list(async () => Promise.reject(new Error('x'))).finally(() => calls++)).rejects.toThrow('x');
    expect(calls).toBe(2);
  });

  it('pages() yields whole pages', async () => {
    const s = server(THREE_PAGES);
    expect(await collect(list(s.fetchPage).pages())).toEqual([THREE_PAGES[''], THREE_PAGES.c1, THREE_PAGES.c2]);
  });

  it('toArray collects everything, or stops at maxItems without fetching further pages', async () => {
    const s = server(THREE_PAGES);
    expect(await list(s.fetchPage).toArray()).toEqual(['a', 'b', 'c', 'd', 'e']);
    s.requests.length = 0;
    expect(await list(s.fetchPage).toArray({ maxItems: 2 })).toEqual(['a', 'b']);
    expect(s.requests).toEqual([undefined]);
    s.requests.length = 0;
    expect(await list(s.fetchPage).toArray({ maxItems: 3 })).toEqual(['a', 'b', 'c']);
    expect(s.requests).toEqual([undefined, 'c1']);
    s.requests.length = 0;
    expect(await list(s.fetchPage).toArray({ maxItems: 0 })).toEqual([]);
    expect(s.requests).toEqual([]);
  });
});

describe('pageOf', () => {
  it('reads items by key, treats null item arrays as empty, and follows next_cursor when asked', async () => {
    interface Odd {
      fills: number[] | null;
      next_cursor?: string;
    }
    const pages: Record<string, Odd> = { '': { fills: [1, 2], next_cursor: 'n' }, n: { fills: null, next_cursor: 'm' }, m: { fills: [3] } };
    const p = pageOf('fills', async (c: string | undefined) => pages[c ?? '']!, { cursorKey: 'next_cursor' });
    const all: number[] = await p.toArray();
    expect(all).toEqual([1, 2, 3]);
  });
});
