import { dollarsToUnits } from '../../fixed.js';
import { capDate, fcmStore, utilization } from '../../fcm/index.js';
import { conflict, invalidParameters, notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { moneyDollars } from '../../wire/index.js';
import { fcmCaller, ownSubtrader, targetSubtrader } from './access.js';

const SUFFIX = /^[A-Za-z0-9]{1,16}$/;
/** Micro-dollars per $0.0001, the finest amount a request carries. */
const MICROS_PER_UNIT = 100;

function parseLimit(text: string): number {
  let units: number;
  try {
    units = dollarsToUnits(text);
  } catch {
    throw invalidParameters(`limit: '${text}' is not a dollar amount with at most 4 decimals`, 'Send a string like "2500.00".');
  }
  if (units < 0) throw invalidParameters(`limit: must not be negative, got ${text}`);
  const micros = units * MICROS_PER_UNIT;
  if (!Number.isSafeInteger(micros)) throw invalidParameters(`limit: out of range: ${text}`);
  return micros;
}

export const subtraderHandlers: Handlers = {
  // Subtraders are registered synchronously here, so none is ever pending propagation, and the
  // only shard is index 0. Trading blocks are not modelled (no endpoint sets them).
  ListFCMSubtraders: ({ exchange, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const subtraders = fcmStore(exchange.db)
      .subtradersOf(caller.fcm)
      .map((s) => ({ subtrader_id: s.subtraderId, exchange_indices: [0], trading_blocked: false, fcm_trading_blocked: false, propagation_pending: false }));
    return { body: { subtraders } };
  },

  /** A subtrader is a user of its own, `{fcm user id}_{suffix}`, that the FCM funds and controls. */
  CreateFCMSubtrader: ({ exchange, body, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const suffix = body!.subtrader_suffix;
    if (!SUFFIX.test(suffix)) throw invalidParameters(`subtrader_suffix: must be 1 to 16 ASCII letters or digits, got '${suffix}'`);
    const id = `${caller.fcm}_${suffix}`;
    const store = fcmStore(exchange.db);
    if (store.subtrader(id) || exchange.db.users.get(id)) throw conflict(`subtrader_suffix: subtrader ${id} already exists`, '', 'subtrader_exists');
    const now = exchange.clock.now();
    exchange.db.transaction(() => {
      exchange.db.users.insert({ id, name: id, fcm: false, tier: exchange.config.defaultTier, createdTs: now });
      store.insertSubtrader({ subtraderId: id, fcmUserId: caller.fcm, suffix, createdTs: now });
    });
    return { status: 201, body: { subtrader_id: id } };
  },

  GetFCMEventContractDailyCap: ({ exchange, query, auth }) => {
    const caller = fcmCaller(exchange, auth, { allowBound: true });
    const id = targetSubtrader(exchange, caller, query.subtrader_id, true)!;
    const cap = fcmStore(exchange.db).dailyCap(id);
    if (cap === undefined) throw notFound(`subtrader_id: subtrader ${id} has no event-contract daily cap`, 'Its orders are refused until one is set.', 'daily_cap_not_found');
    const now = exchange.clock.now();
    const u = utilization(exchange.db, exchange.trading.engine, id, now);
    return {
      body: {
        subtrader_id: id,
        limit: moneyDollars(cap),
        executed_utilization: moneyDollars(u.executed),
        resting_order_utilization: moneyDollars(u.resting),
        pending_order_utilization: moneyDollars(u.pending),
        cap_date: capDate(now),
      },
    };
  },

  // Takes effect on the next order; orders already resting stay, even when they now exceed it.
  UpdateFCMEventContractDailyCap: ({ exchange, body, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const b = body!;
    const s = ownSubtrader(exchange, caller, b.subtrader_id);
    fcmStore(exchange.db).setDailyCap(s.subtraderId, parseLimit(b.limit), exchange.clock.now());
    return { body: {} };
  },

  DeleteFCMEventContractDailyCap: ({ exchange, query, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const s = ownSubtrader(exchange, caller, query.subtrader_id);
    if (!fcmStore(exchange.db).deleteDailyCap(s.subtraderId)) {
      throw notFound(`subtrader_id: subtrader ${s.subtraderId} has no event-contract daily cap to remove`, '', 'daily_cap_not_found');
    }
    return { body: {} };
  },

  GetFCMSubtraderBlockedCategories: ({ exchange, query, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const s = ownSubtrader(exchange, caller, query.subtrader_id);
    return { body: { categories: fcmStore(exchange.db).blockedCategories(s.subtraderId) } };
  },

  UpdateFCMSubtraderBlockedCategories: ({ exchange, body, auth }) => {
    const caller = fcmCaller(exchange, auth);
    const b = body!;
    const s = ownSubtrader(exchange, caller, b.subtrader_id);
    const store = fcmStore(exchange.db);
    // Categories are the series categories of the catalog; a typo would otherwise block nothing.
    if (b.blocked && !store.categoryExists(b.category)) {
      throw invalidParameters(`category: no series in the category '${b.category}'`, 'Categories are spelled as in GET /series (e.g. "Economics").');
    }
    store.setBlocked(s.subtraderId, b.category, b.blocked, exchange.clock.now());
    return { body: { categories: store.blockedCategories(s.subtraderId) } };
  },
};
