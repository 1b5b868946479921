import type { rest } from 'kalshi-ts/generated';
import { eventLiveData, rangeOptions } from '../../seed/live-data/event-live.js';
import { gamePlayByPlay } from '../../seed/live-data/game.js';
import type { MilestoneEntry } from '../../seed/live-data/index.js';
import { milestoneDetails, type LiveContext } from '../../seed/live-data/live.js';
import { invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { liveContext } from './shared.js';

const MAX_BATCH = 100;

function milestoneOf(ctx: LiveContext, id: string): MilestoneEntry {
  const entry = ctx.catalog.milestoneById.get(id.toLowerCase());
  if (!entry) throw notFound(`live data not found for milestone: ${id}`);
  return entry;
}

const liveData = (ctx: LiveContext, entry: MilestoneEntry, withPlayers: boolean): rest.LiveData => ({
  type: entry.milestone.type,
  details: milestoneDetails(ctx, entry, withPlayers),
  milestone_id: entry.milestone.id,
});

const byMilestone = (exchange: ExchangeState, id: string, withPlayers: boolean | undefined) => {
  const ctx = liveContext(exchange);
  return liveData(ctx, milestoneOf(ctx, id), withPlayers === true);
};

export const liveDataHandlers: Handlers = {
  GetLiveDataByMilestone: ({ exchange, params, query }) => ({
    body: { live_data: byMilestone(exchange, params.milestone_id, query.include_player_stats) },
  }),

  // The older form: the type in the path must be the milestone's own.
  GetLiveData: ({ exchange, params, query }) => {
    const ctx = liveContext(exchange);
    const entry = milestoneOf(ctx, params.milestone_id);
    if (entry.milestone.type !== params.type) {
      throw notFound(`live data of type ${params.type} not found for milestone ${params.milestone_id}`, `This milestone's type is ${entry.milestone.type}.`);
    }
    return { body: { live_data: liveData(ctx, entry, query.include_player_stats === true) } };
  },

  // Unknown ids are left out rather than failing the batch; each id is answered once, in order.
  GetLiveDatas: ({ exchange, query }) => {
    const ids = [...new Set(query.milestone_ids.map((id) => id.toLowerCase()))];
    if (query.milestone_ids.length > MAX_BATCH) throw invalidParameters(`milestone_ids: at most ${MAX_BATCH} ids, got ${query.milestone_ids.length}`);
    const ctx = liveContext(exchange);
    const entries = ids.map((id) => ctx.catalog.milestoneById.get(id)).filter((e): e is MilestoneEntry => e !== undefined);
    return { body: { live_datas: entries.map((e) => liveData(ctx, e, query.include_player_stats === true)) } };
  },

  // Play-by-play exists for games only; other milestones answer without `pbp`.
  GetGameStats: ({ exchange, params }) => {
    const ctx = liveContext(exchange);
    const entry = milestoneOf(ctx, params.milestone_id);
    return { body: entry.kind === 'game' ? { pbp: gamePlayByPlay(ctx.game(entry)) } : {} };
  },

  GetEventLiveData: ({ exchange, params, query }) => {
    const ticker = params.event_ticker;
    if (!exchange.db.events.get(ticker)) throw notFound(`event not found: ${ticker}`);
    const ctx = liveContext(exchange);
    const entry = ctx.catalog.milestoneByEvent.get(ticker);
    if (!entry) throw notFound(`live data not found for event: ${ticker}`, 'Only events decided by a milestone carry live data.');
    const options = rangeOptions(entry);
    if (query.range !== undefined && options && !options.includes(query.range)) {
      throw invalidParameters(`range: must be one of ${options.join(', ')}, got '${query.range}'`);
    }
    return { body: { live_data: eventLiveData(ctx, entry, query.range) } };
  },
};
