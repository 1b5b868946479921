import type { rest } from 'kalshi-ts/generated';
import { incentiveStatus } from '../../seed/live-data/index.js';
import type { Handlers } from '../../server/handler.js';
import { catalogOf, pageOf } from './shared.js';

export const incentiveHandlers: Handlers = {
  // Stages follow the clock: upcoming -> active -> closed (ended, rewards not yet paid) -> paid_out.
  GetIncentivePrograms: ({ exchange, query }) => {
    const now = exchange.clock.now();
    const status = query.status ?? 'all';
    const type = query.type ?? 'all';
    const rows = catalogOf(exchange)
      .incentives.map((entry) => ({ entry, status: incentiveStatus(entry, now) }))
      .filter(
        (r) =>
          (status === 'all' || r.status === status) &&
          (type === 'all' || r.entry.program.incentive_type === type) &&
          (query.incentive_description === undefined || r.entry.program.incentive_description === query.incentive_description),
      );
    const page = pageOf(rows, (r) => r.entry.key, query.limit ?? 100, query.cursor);
    const programs: rest.IncentiveProgram[] = page.rows.map((r) => ({ ...r.entry.program, paid_out: r.status === 'paid_out' }));
    return { body: { incentive_programs: programs, next_cursor: page.cursor } };
  },
};
