import type { rest } from 'kalshi-ts/generated';
import { fundsStore, transferBetweenInstances, type CashMovementRow, type InstanceTransferRow } from '../../funds/index.js';
import { notFound } from '../../server/errors.js';
import type { Handlers } from '../../server/handler.js';
import { moneyDollars, unixSeconds } from '../../wire/index.js';
import { pageBySeq, userOf } from './shared.js';

type Schemas = rest.components['schemas'];

function instanceTransferToWire(t: InstanceTransferRow): Schemas['IntraExchangeInstanceTransfer'] {
  return {
    transfer_id: t.id,
    source: t.source,
    destination: t.destination,
    source_exchange_shard: t.source_shard,
    destination_exchange_shard: t.destination_shard,
    amount: moneyDollars(t.amount_micros),
    status: t.status,
    created_ts: unixSeconds(t.created_ts),
  };
}

/** Whole cents toward zero: the admin route accepts sub-cent amounts, the wire has cents only. */
const wholeCents = (micros: number): number => Math.floor(micros / 10_000);

function movementToWire(m: CashMovementRow): Schemas['Deposit'] & Schemas['Withdrawal'] {
  return {
    id: m.id,
    status: m.status as Schemas['Deposit']['status'],
    type: m.method as Schemas['Deposit']['type'],
    amount_cents: wholeCents(m.amount_micros),
    fee_cents: wholeCents(m.fee_micros),
    created_ts: unixSeconds(m.created_ts),
    finalized_ts: m.finalized_ts === null ? null : unixSeconds(m.finalized_ts),
  };
}

export const transferHandlers: Handlers = {
  IntraExchangeInstanceTransfer: ({ exchange, auth, body }) => {
    const row = transferBetweenInstances(exchange, userOf(auth), body!);
    return { body: { transfer_id: row.id } };
  },

  GetIntraExchangeInstanceTransfers: ({ exchange, auth, query }) => {
    const user = userOf(auth);
    const page = pageBySeq(query.limit, query.cursor, (p) => fundsStore(exchange.db).instanceTransfers(user, p));
    return { body: { transfers: page.rows.map(instanceTransferToWire), ...(page.cursor && { cursor: page.cursor }) } };
  },

  GetIntraExchangeInstanceTransfer: ({ exchange, auth, params }) => {
    const row = fundsStore(exchange.db).instanceTransfer(userOf(auth), params.transfer_id);
    if (!row) throw notFound(`transfer_id: no transfer ${params.transfer_id} in this account`, 'Transfers are only visible to the user who made them.');
    return { body: { transfer: instanceTransferToWire(row) } };
  },

  /** Deposits and withdrawals are what the admin fund route (POST /_sim/users/:id/fund) booked. */
  GetDeposits: ({ exchange, auth, query }) => {
    const user = userOf(auth);
    const page = pageBySeq(query.limit, query.cursor, (p) => fundsStore(exchange.db).movements(user, 'deposit', p));
    return { body: { deposits: page.rows.map(movementToWire), ...(page.cursor && { cursor: page.cursor }) } };
  },

  GetWithdrawals: ({ exchange, auth, query }) => {
    const user = userOf(auth);
    const page = pageBySeq(query.limit, query.cursor, (p) => fundsStore(exchange.db).movements(user, 'withdrawal', p));
    return { body: { withdrawals: page.rows.map(movementToWire), ...(page.cursor && { cursor: page.cursor }) } };
  },
};
