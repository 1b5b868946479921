import { notFound } from '../server/errors.js';
import { moneyDollars } from '../wire/index.js';
import type { AdminHandler } from '../admin/router.js';
import { fundsStore } from './store.js';
import { subaccountsOf } from './subaccounts.js';

/**
 * GET /_sim/users/:id/funds: what the user holds outside the engine (the margined instance) and
 * which subaccounts exist. Engine cash + margined balance is what the admin fund route put in.
 */
export const userFunds: AdminHandler = ({ exchange, params }) => {
  const user = params.id!;
  if (!exchange.db.users.get(user)) throw notFound(`user not found: ${user}`);
  const margined = fundsStore(exchange.db).instanceBalance(user, 'margined');
  return {
    body: {
      user_id: user,
      subaccounts: subaccountsOf(exchange, user),
      margined_balance_dollars: moneyDollars(margined),
      margined_balance_micros: margined,
    },
  };
};
