import type { rest } from 'kalshi-ts/generated';
import { createSubaccount, fundsStore, moveBetweenSubaccounts, requireShard, requireSubaccount, subaccountsOf, type SubaccountTransferRow } from '../../funds/index.js';
import { ApiError, invalidParameters } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { moneyDollars, unixSeconds } from '../../wire/index.js';
import { pageBySeq, userOf } from './shared.js';

const MICROS_PER_CENT = 10_000;

function transferToWire(t: SubaccountTransferRow): rest.components['schemas']['SubaccountTransfer'] {
  return {
    transfer_id: t.id,
    from_subaccount: t.from_sub,
    to_subaccount: t.to_sub,
    amount_cents: t.amount_micros / MICROS_PER_CENT,
    created_ts: unixSeconds(t.created_ts),
    exchange_index: 0,
  };
}

/*
 * Netting (holding YES and NO of one market against each other) is what the engine always does:
 * an account's YES and NO contracts in a market redeem in pairs the moment both are held
 * (engine/ledger.ts). The setting is stored and reported per subaccount, enabled by default, but
 * turning it off does not change how the simulator books positions.
 */
const NETTING_DEFAULT = true;

export const subaccountHandlers: Handlers = {
  CreateSubaccount: ({ exchange, auth, body }) => {
    requireShard(body?.exchange_index, 'exchange_index');
    return { body: { subaccount_number: createSubaccount(exchange, userOf(auth)) } };
  },

  /**
   * `client_transfer_id` makes the request idempotent per user: a repeat of a transfer that went
   * through answers success again without moving anything; reusing the id for a different
   * transfer is refused. A refused transfer records nothing, so its id stays free.
   */
  ApplySubaccountTransfer: ({ exchange, auth, body }) => {
    const user = userOf(auth);
    const b = body!;
    requireShard(b.exchange_index, 'exchange_index');
    const micros = b.amount_cents * MICROS_PER_CENT;
    if (!Number.isSafeInteger(b.amount_cents) || b.amount_cents <= 0 || !Number.isSafeInteger(micros)) {
      throw invalidParameters(`amount_cents: must be a positive whole number of cents, got ${b.amount_cents}`);
    }
    if (b.client_transfer_id === '') throw invalidParameters('client_transfer_id: must not be empty', 'Send a UUID chosen once per transfer.');
    const earlier = fundsStore(exchange.db).transferByClientId(user, b.client_transfer_id);
    if (earlier) {
      if (earlier.from_sub === b.from_subaccount && earlier.to_sub === b.to_subaccount && earlier.amount_micros === micros) return { body: {} };
      throw new ApiError(
        400,
        'duplicate_client_transfer_id',
        `client_transfer_id: ${b.client_transfer_id} already names a different transfer (${earlier.amount_micros / MICROS_PER_CENT} cents from ${earlier.from_sub} to ${earlier.to_sub})`,
        'Choose a new client_transfer_id for a new transfer.',
      );
    }
    moveBetweenSubaccounts(exchange, user, {
      from: b.from_subaccount,
      to: b.to_subaccount,
      micros,
      clientTransferId: b.client_transfer_id,
      fields: { from: 'from_subaccount', to: 'to_subaccount', amount: 'amount_cents' },
    });
    return { body: {} };
  },

  /** Available cash per subaccount, the same figure GetBalance reports as `balance`. */
  GetSubaccountBalances: ({ exchange, auth }) => {
    const user = userOf(auth);
    const engine = exchange.trading.engine;
    // The engine keeps no per-account update time (see wire/balance.ts); "now" is a valid "as of".
    const updated = unixSeconds(exchange.clock.now());
    return {
      body: {
        subaccount_balances: subaccountsOf(exchange, user).map((n) => ({
          subaccount_number: n,
          exchange_index: 0,
          balance: moneyDollars(engine.getAccount(user, n)?.cash ?? 0),
          updated_ts: updated,
        })),
      },
    };
  },

  GetSubaccountTransfers: ({ exchange, auth, query }) => {
    const user = userOf(auth);
    const page = pageBySeq(query.limit, query.cursor, (p) => fundsStore(exchange.db).transfers(user, p));
    return { body: { transfers: page.rows.map(transferToWire), ...(page.cursor && { cursor: page.cursor }) } };
  },

  GetSubaccountNetting: ({ exchange, auth }) => {
    const user = userOf(auth);
    const set = fundsStore(exchange.db).netting(user);
    return {
      body: {
        netting_configs: subaccountsOf(exchange, user).map((n) => ({
          subaccount_number: n,
          enabled: set.get(n) ?? NETTING_DEFAULT,
          exchange_index: 0,
        })),
      },
    };
  },

  UpdateSubaccountNetting: ({ exchange, auth, body }) => {
    const user = userOf(auth);
    const b = body!;
    const number = requireSubaccount(exchange, user, b.subaccount_number, 'subaccount_number');
    fundsStore(exchange.db).setNetting(user, number, b.enabled, exchange.clock.now());
    return {};
  },
};
