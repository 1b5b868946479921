/**
 * Balance reconciliation: each user's cash plus collateral must equal what they were funded, plus
 * what their fills did (from the exchange's own fills), plus what settlements paid them.
 */
import type { Kalshi } from 'kalshi-ts';
import { admin } from '../../helpers/exchange.js';
import { cashEffect, micros, MICROS, type MarketTally } from './ledger.js';

export interface Account {
  userId: string;
  /** Acknowledged deposits, micros. */
  funded: number;
  /** Cash effect of every market already settled and tallied (fills and payouts), micros. */
  settled: number;
}

interface AccountsBody {
  accounts: { subaccount: number; balance_micros: number; reserved_micros: number }[];
}

/**
 * Problems with each user's balance; `open` holds the tallies of a market still trading (its
 * fills count, its settlement has not happened).
 */
export async function reconcile(url: string, clients: readonly Kalshi[], accounts: readonly Account[], open: readonly MarketTally[] = []): Promise<string[]> {
  const problems: string[] = [];
  for (const [user, account] of accounts.entries()) {
    const body = await admin<AccountsBody>(url, 'GET', `/_sim/users/${account.userId}/accounts`);
    const main = body.accounts.find((a) => a.subaccount === 0);
    if (!main) {
      problems.push(`user ${user}: no primary account`);
      continue;
    }
    const expected = account.funded + account.settled + (open[user] ? cashEffect(open[user]) : 0);
    const held = main.balance_micros + main.reserved_micros;
    if (held !== expected) {
      problems.push(`user ${user}: cash ${main.balance_micros} + collateral ${main.reserved_micros} = ${held} micros, funding and fills say ${expected} (off by ${held - expected})`);
    }
    const balance = await clients[user]!.portfolio.balance();
    if (micros(balance.balance_dollars, 'balance_dollars') !== main.balance_micros) {
      problems.push(`user ${user}: GET /portfolio/balance says ${balance.balance_dollars}, the account ${main.balance_micros / MICROS}`);
    }
  }
  return problems;
}
