import type { AdminContext, AdminHandler } from '../admin/router.js';
import { invalidParameters } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { CUTOFF_KINDS, cutoffRules, cutoffsAt, resetCutoffs, setCutoffRule, type CutoffKind } from './cutoff.js';

/*
 * POST /_sim/historical moves the historical cutoff, so a test can push what it just created
 * into history (or bring it back). Applied in order: `reset` (every kind back to the default age),
 * then `cutoff_ms` or `age_ms` for every kind, then the per-kind instants.
 */

const ms = { type: 'integer', minimum: 0 };
const PER_KIND = Object.fromEntries(CUTOFF_KINDS.map((k) => [`${k}_ms`, ms]));

export const historicalCutoffSchema = {
  type: 'object',
  properties: { reset: { type: 'boolean' }, cutoff_ms: ms, age_ms: ms, ...PER_KIND },
  additionalProperties: false,
};

type Body = { reset?: boolean; cutoff_ms?: number; age_ms?: number } & Partial<Record<`${CutoffKind}_ms`, number>>;

function report(exchange: ExchangeState) {
  const now = exchange.clock.now();
  const rules = cutoffRules(exchange.db);
  const at = cutoffsAt(exchange.db, now);
  return {
    now_ms: now,
    cutoffs: Object.fromEntries(
      CUTOFF_KINDS.map((k) => {
        const rule = rules[k];
        return [k, { cutoff_ms: at[k], fixed: 'cutoffMs' in rule, age_ms: 'ageMs' in rule ? rule.ageMs : null }];
      }),
    ),
  };
}

export const getHistoricalCutoff: AdminHandler = ({ exchange }) => ({ body: report(exchange) });

export const setHistoricalCutoff: AdminHandler = ({ exchange, body }: AdminContext<Body>) => {
  if (body.cutoff_ms !== undefined && body.age_ms !== undefined) {
    throw invalidParameters('age_ms: cannot be combined with cutoff_ms', 'Send an instant (cutoff_ms) or an age behind the clock (age_ms).');
  }
  exchange.db.transaction(() => {
    if (body.reset) resetCutoffs(exchange.db);
    for (const kind of CUTOFF_KINDS) {
      if (body.cutoff_ms !== undefined) setCutoffRule(exchange.db, kind, { cutoffMs: body.cutoff_ms });
      if (body.age_ms !== undefined) setCutoffRule(exchange.db, kind, { ageMs: body.age_ms });
      const own = body[`${kind}_ms`];
      if (own !== undefined) setCutoffRule(exchange.db, kind, { cutoffMs: own });
    }
  });
  return { body: report(exchange) };
};
