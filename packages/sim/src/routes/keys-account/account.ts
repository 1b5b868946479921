import { operations, type OperationSpec, type rest } from 'kalshi-ts/generated';
import type { AuthInfo } from '../../server/auth.js';
import { forbidden } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { DEFAULT_COST, requestCost } from '../../server/rate-limit.js';
import { API_PREFIX } from '../../server/router.js';
import type { ExchangeState } from '../../server/state.js';
import { TIER_LIMITS, TIERS, type Tier } from '../../tiers.js';
import { countFp } from '../../wire/index.js';
import { keysAccountStore } from './store.js';

const DAY_MS = 86_400_000;
const VOLUME_WINDOW_MS = 30 * DAY_MS;

/**
 * Volume-based usage levels and the trailing-30-day contract volume to earn and to keep each.
 * Kalshi does not publish its thresholds; these are the simulator's own, in contracts.
 */
const VOLUME_GOALS: readonly { level: Tier; earn: number; keep: number }[] = [
  { level: 'premier', earn: 250_000, keep: 200_000 },
  { level: 'paragon', earn: 1_000_000, keep: 800_000 },
  { level: 'prime', earn: 5_000_000, keep: 4_000_000 },
];

function callerOf(auth: AuthInfo | null): string {
  if (!auth) throw new Error('account handler reached without authentication');
  return auth.userId;
}

/** The tier the request pipeline bills this user's keys at (see server/pipeline.ts). */
function effectiveTier(exchange: ExchangeState, user: string): Tier {
  return exchange.db.users.get(user)?.tier || exchange.config.defaultTier;
}

/**
 * Every operation the rate limiter charges something other than the default for, at what it
 * charges. Batches are billed per item; `cost` is then the price of one item.
 */
export function endpointCosts(): rest.EndpointTokenCost[] {
  const out: rest.EndpointTokenCost[] = [];
  for (const op of Object.values(operations) as OperationSpec[]) {
    if (!op.cost) continue;
    const cost = op.cost.perItem ? requestCost(op, { orders: [null] }) : requestCost(op, undefined);
    if (cost !== DEFAULT_COST) out.push({ method: op.method, path: `${API_PREFIX}${op.path}`, cost });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
}

export const accountHandlers: Handlers = {
  GetAccountApiLimits: ({ exchange, auth }) => {
    const user = callerOf(auth);
    const tier = effectiveTier(exchange, user);
    const limits = TIER_LIMITS[tier];
    const grants = keysAccountStore(exchange.db)
      .grants(user)
      .map((g) => ({ exchange_instance: g.exchangeInstance, level: g.level, source: g.source, expires_ts: g.expiresTs }));
    return {
      body: {
        usage_tier: tier,
        read: { refill_rate: limits.read.refillRate, bucket_capacity: limits.read.capacity },
        write: { refill_rate: limits.write.refillRate, bucket_capacity: limits.write.capacity },
        grants,
      },
    };
  },

  /**
   * Kalshi's criterion is one API-created order among the user's last 100. Every order reaches the
   * simulator through its API, so one order of any age qualifies. The grant is permanent and the
   * new tier applies to the very next request; a user already above Advanced keeps its tier.
   */
  UpgradeAccountApiUsageLevel: ({ exchange, auth }) => {
    const user = callerOf(auth);
    const store = keysAccountStore(exchange.db);
    if (!store.hasOrders(user)) {
      throw forbidden('no_api_orders', 'no API-created order among your latest 100 orders, so the Advanced level cannot be granted', 'Place an order through the API, then retry.');
    }
    exchange.db.transaction(() => {
      store.upsertGrant(user, { exchangeInstance: 'event_contract', level: 'advanced', source: 'api_order_activity', grantedTs: exchange.clock.now(), expiresTs: null });
      if (TIERS.indexOf(effectiveTier(exchange, user)) < TIERS.indexOf('advanced')) exchange.db.users.setTier(user, 'advanced');
    });
    return { status: 201 };
  },

  GetAccountApiUsageLevelVolumeProgress: ({ exchange, auth }) => {
    const user = callerOf(auth);
    const now = exchange.clock.now();
    const volume = keysAccountStore(exchange.db).volumeSince(user, now - VOLUME_WINDOW_MS);
    return {
      body: {
        volume_progress: [
          {
            computed_ts: Math.floor(now / 1000),
            trailing_30d_volume_fp: countFp(volume),
            goals: VOLUME_GOALS.map((g) => ({ level: g.level, earn_volume_goal_fp: countFp(g.earn * 100), keep_volume_goal_fp: countFp(g.keep * 100) })),
          },
        ],
      },
    };
  },

  GetAccountEndpointCosts: () => ({ body: { default_cost: DEFAULT_COST, endpoint_costs: endpointCosts() } }),
};
