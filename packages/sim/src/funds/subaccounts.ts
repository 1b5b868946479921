import { MAX_SUBACCOUNT } from '../engine/index.js';
import { ApiError, forbidden } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { runCash, fieldError } from './errors.js';
import { nextFundsId } from './ids.js';
import { fundsStore, type SubaccountTransferRow } from './store.js';

/*
 * Subaccounts. The engine keeps an account per (user, number) for any number 0..63 it is asked
 * about; this area adds the numbering Kalshi exposes: 0 is the primary and always exists,
 * 1..63 come into being one at a time through CreateSubaccount. A number the engine already holds
 * money or positions under (the admin fund route and order placement accept any 0..63) counts as
 * existing too, so nothing the account holds is ever hidden from the balance and netting lists.
 */

/** Every subaccount of the user, ascending. */
export function subaccountsOf(exchange: ExchangeState, user: string): number[] {
  const created = new Set(fundsStore(exchange.db).subaccounts(user));
  const engine = exchange.trading.engine;
  const out: number[] = [];
  for (let n = 0; n <= MAX_SUBACCOUNT; n++) {
    if (n === 0 || created.has(n) || engine.getAccount(user, n) !== undefined) out.push(n);
  }
  return out;
}

/** Refuses a number out of range or not created yet, naming the wire field. */
export function requireSubaccount(exchange: ExchangeState, user: string, number: number, field: string): number {
  if (!Number.isInteger(number) || number < 0 || number > MAX_SUBACCOUNT) {
    throw fieldError(field, `must be 0 (primary) to ${MAX_SUBACCOUNT}, got ${number}`);
  }
  if (!subaccountsOf(exchange, user).includes(number)) {
    throw fieldError(field, `subaccount ${number} does not exist`, 'Create numbered subaccounts in order with CreateSubaccount first.');
  }
  return number;
}

/** The simulator runs one exchange shard, index 0; a request naming another is refused. */
export function requireShard(value: number | undefined, field: string): void {
  if (value !== undefined && value !== 0) throw fieldError(field, `the local exchange has a single shard, 0, got ${value}`);
}

/** Kalshi offers subaccounts from the Advanced API tier up. */
export function createSubaccount(exchange: ExchangeState, user: string): number {
  if ((exchange.db.users.get(user)?.tier ?? exchange.config.defaultTier) === 'basic') {
    throw forbidden('insufficient_tier', 'subaccounts need the Advanced API tier or above', 'This user is on the Basic tier.');
  }
  const store = fundsStore(exchange.db);
  const existing = store.subaccounts(user);
  const next = (existing.length === 0 ? 0 : existing[existing.length - 1]!) + 1;
  if (next > MAX_SUBACCOUNT) {
    throw new ApiError(400, 'subaccount_limit_reached', `at most ${MAX_SUBACCOUNT} numbered subaccounts per user`, `Subaccounts 1..${MAX_SUBACCOUNT} all exist.`);
  }
  store.addSubaccount(user, next, exchange.clock.now());
  return next;
}

export interface SubaccountMove {
  from: number;
  to: number;
  micros: number;
  clientTransferId: string | null;
  /** Wire names, for refusals. */
  fields: { from: string; to: string; amount: string };
  /** Further writes that must commit with this transfer (same transaction). */
  alsoRecord?: (row: SubaccountTransferRow) => void;
}

/** Moves available cash between two of the user's subaccounts and records the transfer with it. */
export function moveBetweenSubaccounts(exchange: ExchangeState, user: string, move: SubaccountMove): SubaccountTransferRow {
  requireSubaccount(exchange, user, move.from, move.fields.from);
  requireSubaccount(exchange, user, move.to, move.fields.to);
  if (move.from === move.to) throw fieldError(move.fields.to, `is the same as ${move.fields.from} (${move.from}); a transfer needs two different subaccounts`);
  const store = fundsStore(exchange.db);
  let row: SubaccountTransferRow | undefined;
  runCash(
    () =>
      exchange.trading.run(
        (engine) => engine.transfer(user, move.from, move.to, move.micros),
        (result) => {
          const t = {
            id: nextFundsId(exchange.db, 'subaccount-transfer'),
            user_id: user,
            client_transfer_id: move.clientTransferId,
            from_sub: move.from,
            to_sub: move.to,
            amount_micros: move.micros,
            created_ts: result.ts,
          };
          store.addTransfer(t);
          row = { seq: 0, ...t };
          move.alsoRecord?.(row);
        },
      ),
    move.fields.amount,
    `subaccount ${move.from}`,
    () => exchange.trading.engine.getAccount(user, move.from)?.cash ?? 0,
  );
  return row!;
}
