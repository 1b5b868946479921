import type { rest } from 'kalshi-ts/generated';
import type { MilestoneEntry } from '../../seed/live-data/index.js';
import { invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { catalogOf, pageOf, sameText } from './shared.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const milestoneHandlers: Handlers = {
  GetMilestones: ({ exchange, query }) => {
    const minStart = query.minimum_start_date === undefined ? undefined : Date.parse(query.minimum_start_date);
    const minUpdated = query.min_updated_ts === undefined ? undefined : query.min_updated_ts * 1000;
    const related = query.related_event_ticker?.toUpperCase();
    const rows = catalogOf(exchange).milestones.filter(({ milestone: m, startMs }: MilestoneEntry) => {
      const details = m.details as Record<string, unknown>;
      if (minStart !== undefined && startMs < minStart) return false;
      if (query.category !== undefined && !sameText(m.category, query.category)) return false;
      if (query.competition !== undefined && !sameText(details.competition as string | undefined, query.competition)) return false;
      if (query.source_id !== undefined && m.source_id !== query.source_id) return false;
      if (query.type !== undefined && m.type !== query.type) return false;
      if (related !== undefined && !m.related_event_tickers.includes(related)) return false;
      if (minUpdated !== undefined && Date.parse(m.last_updated_ts) <= minUpdated) return false;
      return true;
    });
    const page = pageOf(rows, (r) => r.key, query.limit, query.cursor);
    const milestones: rest.Milestone[] = page.rows.map((r) => r.milestone);
    return { body: { milestones, cursor: page.cursor } };
  },

  GetMilestone: ({ exchange, params }) => {
    const id = params.milestone_id;
    if (!UUID.test(id)) throw invalidParameters(`milestone_id: must be a UUID, got '${id}'`);
    const entry = catalogOf(exchange).milestoneById.get(id.toLowerCase());
    if (!entry) throw notFound(`milestone not found: ${id}`);
    return { body: { milestone: entry.milestone } };
  },
};
