import { matchesCompetition } from '../../seed/live-data/index.js';
import { invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { catalogOf, pageOf } from './shared.js';

const MAX_IDS = 2000;

export const structuredTargetHandlers: Handlers = {
  GetStructuredTargets: ({ exchange, query }) => {
    if (query.ids && query.ids.length > MAX_IDS) throw invalidParameters(`ids: at most ${MAX_IDS} ids, got ${query.ids.length}`);
    const ids = query.ids && new Set(query.ids);
    const rows = catalogOf(exchange).targets.list.filter(
      (t) =>
        (!ids || ids.has(t.id!)) &&
        (query.type === undefined || t.type === query.type) &&
        (query.competition === undefined || matchesCompetition(t, query.competition)),
    );
    const page = pageOf(rows, (t) => t.id!, query.page_size ?? 100, query.cursor);
    return { body: { structured_targets: page.rows, cursor: page.cursor } };
  },

  GetStructuredTarget: ({ exchange, params }) => {
    const target = catalogOf(exchange).targets.byId.get(params.structured_target_id);
    if (!target) throw notFound(`structured target not found: ${params.structured_target_id}`);
    return { body: { structured_target: target } };
  },
};
