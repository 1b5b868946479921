import type { AuthInfo } from '../../server/auth.js';
import { invalidParameters } from '../../server/errors.js';
import { paginate } from '../pagination.js';

/** Every funds operation needs a signature, so the pipeline always sets `auth` here. */
export function userOf(auth: AuthInfo | null): string {
  if (!auth) throw new Error('funds handler reached without authentication');
  return auth.userId;
}

/**
 * One page of a history listed newest first. The cursor names the `seq` of the last row served,
 * so rows recorded between pages neither repeat nor shift the walk. The cursor is left out of the
 * response on the last page.
 */
export function pageBySeq<T extends { seq: number }>(
  limit: number | undefined,
  cursor: string | undefined,
  fetch: (page: { after: number | undefined; limit: number }) => T[],
): { rows: T[]; cursor?: string } {
  const page = paginate(
    limit ?? 100,
    cursor,
    (after, n) => {
      if (after !== undefined && !/^[1-9]\d{0,15}$/.test(after)) {
        throw invalidParameters('cursor: is not a cursor returned by this endpoint', 'Omit it (or send it empty) for the first page.');
      }
      return fetch({ after: after === undefined ? undefined : Number(after), limit: n });
    },
    (row) => String(row.seq),
  );
  return page.cursor === '' ? { rows: page.rows } : page;
}
