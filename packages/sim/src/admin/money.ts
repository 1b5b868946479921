import { parseDollars } from 'kalshi-ts';
import { EngineError, type AccountView } from '../engine/index.js';
import { recordFunding } from '../funds/index.js';
import { apiErrorOf } from '../routes/trading/errors.js';
import { badRequest, notFound } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { moneyDollars } from '../wire/index.js';
import type { AdminContext, AdminHandler } from './router.js';

export const fundSchema = {
  type: 'object',
  required: ['amount_dollars'],
  properties: {
    amount_dollars: { type: 'string' },
    subaccount: { type: 'integer', minimum: 0, maximum: 63 },
  },
  additionalProperties: false,
};

/** Micros are for tests that assert exact amounts; the dollar strings are for people. */
function accountBody(a: AccountView) {
  return {
    subaccount: a.sub,
    balance_dollars: moneyDollars(a.cash),
    reserved_dollars: moneyDollars(a.reserved),
    fees_paid_dollars: moneyDollars(a.feesPaid),
    balance_micros: a.cash,
    reserved_micros: a.reserved,
    fees_paid_micros: a.feesPaid,
  };
}

function userOr404(exchange: ExchangeState, id: string): string {
  if (!exchange.db.users.get(id)) throw notFound(`user not found: ${id}`);
  return id;
}

/** Deposits a positive amount, withdraws a negative one (from available cash only). */
export const fund: AdminHandler = ({ exchange, params, body }: AdminContext<{ amount_dollars: string; subaccount?: number }>) => {
  const user = userOr404(exchange, params.id!);
  const sub = body.subaccount ?? 0;
  let micros: number;
  try {
    micros = Number(parseDollars(body.amount_dollars, 'amount_dollars'));
  } catch (err) {
    throw badRequest(`amount_dollars: ${err instanceof Error ? err.message : 'not a dollar amount'}`, 'Send a string like "100.00"; negative withdraws.', 'invalid_parameters');
  }
  if (micros === 0 || !Number.isSafeInteger(micros)) throw badRequest('amount_dollars: must be a non-zero dollar amount', '', 'invalid_parameters');
  try {
    exchange.trading.run(
      (e) => (micros > 0 ? e.deposit(user, sub, micros) : e.withdraw(user, sub, -micros)),
      // The deposit/withdrawal history commits with the cash movement it describes.
      (r) => recordFunding(exchange.db, { user, sub, micros, ts: r.ts }),
    );
  } catch (err) {
    if (err instanceof EngineError) throw apiErrorOf(err);
    throw err;
  }
  return { body: { user_id: user, ...accountBody(exchange.trading.engine.getAccount(user, sub)!) } };
};

export const accounts: AdminHandler = ({ exchange, params }) => {
  const user = userOr404(exchange, params.id!);
  const list = exchange.trading.engine.listAccounts().filter((a) => a.user === user);
  return { body: { user_id: user, accounts: list.sort((a, b) => a.sub - b.sub).map(accountBody) } };
};
