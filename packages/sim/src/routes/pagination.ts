import { invalidParameters } from '../server/errors.js';

/*
 * Cursors are opaque to clients: base64url of a small JSON object naming the last key served.
 * Lists are ordered by that key, so a page is "rows after the key"; rows added or removed
 * between pages neither repeat nor shift the walk.
 */

export function encodeCursor(lastKey: string): string {
  return Buffer.from(JSON.stringify({ k: lastKey }), 'utf8').toString('base64url');
}

/** The last key of the previous page, or undefined for the first page. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('not base64url');
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k !== 'string') throw new Error('no key');
    return parsed.k;
  } catch {
    throw invalidParameters('cursor: is not a cursor returned by this endpoint', 'Omit it (or send it empty) for the first page.');
  }
}

/**
 * Runs `fetch` for one row more than `limit` to learn whether another page exists; the cursor is
 * empty when this page is the last one.
 */
export function paginate<T>(
  limit: number,
  cursor: string | undefined,
  fetch: (after: string | undefined, limit: number) => T[],
  keyOf: (row: T) => string,
): { rows: T[]; cursor: string } {
  const rows = fetch(decodeCursor(cursor), limit + 1);
  if (rows.length <= limit) return { rows, cursor: '' };
  const page = rows.slice(0, limit);
  return { rows: page, cursor: encodeCursor(keyOf(page[page.length - 1]!)) };
}

/** Comma-separated list parameter -> trimmed, non-empty entries. */
export const splitList = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((v) => v.trim()).filter((v) => v !== '');
