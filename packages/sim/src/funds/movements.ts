import type { SimDatabase } from '../db/database.js';
import { nextFundsId } from './ids.js';
import { fundsStore } from './store.js';

export interface Funding {
  user: string;
  sub: number;
  /** Positive deposits, negative withdraws (the admin fund route's convention). */
  micros: number;
  ts: number;
}

/**
 * Books an admin funding as the deposit or withdrawal GetDeposits / GetWithdrawals list. Call it
 * inside the transaction of the engine operation that moved the cash, so the history never shows
 * money that did not move. It arrives like a bank transfer Kalshi has already applied: ACH, no
 * fee, finalized when created.
 */
export function recordFunding(db: SimDatabase, f: Funding): void {
  const kind = f.micros > 0 ? 'deposit' : 'withdrawal';
  fundsStore(db).addMovement({
    id: nextFundsId(db, kind),
    user_id: f.user,
    kind,
    method: 'ach',
    status: 'applied',
    sub: f.sub,
    amount_micros: Math.abs(f.micros),
    fee_micros: 0,
    created_ts: f.ts,
    finalized_ts: f.ts,
  });
}
