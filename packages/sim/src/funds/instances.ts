import { forbidden } from '../server/errors.js';
import type { ExchangeState } from '../server/state.js';
import { fieldError, insufficient, runCash } from './errors.js';
import { nextFundsId } from './ids.js';
import { moveBetweenSubaccounts, requireShard, requireSubaccount } from './subaccounts.js';
import { fundsStore, type Instance, type InstanceTransferRow } from './store.js';

/*
 * Kalshi runs two exchange instances per account: event contracts (the engine's accounts) and the
 * margined (perps) exchange. The simulator has no margined exchange, so its cash is a plain
 * per-user balance here. To the engine, cash leaving for the margined instance is a withdrawal and
 * cash arriving from it a deposit: the engine's conservation invariant keeps holding, and the
 * user's total (engine cash + margined balance) only changes through the admin fund route.
 * Transfers complete at once; the margined side takes and gives cash on the primary only.
 */

const MICROS_PER_CENTICENT = 100;
const MICROS_PER_CENT = 10_000;

export interface InstanceTransferRequest {
  source: Instance;
  destination: Instance;
  /** Centi-cents ($0.0001), as on the wire. */
  amount: number;
  source_exchange_shard?: number | undefined;
  destination_exchange_shard?: number | undefined;
  source_subaccount?: number | undefined;
  destination_subaccount?: number | undefined;
}

/** The exchange status flag GetExchangeStatus reports; it may not be modelled, so read it softly. */
function transfersActive(exchange: ExchangeState): boolean {
  const status = exchange.status as { exchangeActive: boolean; intraExchangeTransfersActive?: boolean };
  return status.exchangeActive && status.intraExchangeTransfersActive !== false;
}

export function transferBetweenInstances(exchange: ExchangeState, user: string, req: InstanceTransferRequest): InstanceTransferRow {
  if (!transfersActive(exchange)) {
    throw forbidden('intra_exchange_transfers_inactive', 'intra-exchange transfers are not permitted right now', 'GetExchangeStatus reports when they resume.');
  }
  const micros = req.amount * MICROS_PER_CENTICENT;
  if (!Number.isSafeInteger(req.amount) || req.amount <= 0 || !Number.isSafeInteger(micros)) {
    throw fieldError('amount', `must be a positive whole number of centi-cents ($0.0001), got ${req.amount}`);
  }
  requireShard(req.source_exchange_shard, 'source_exchange_shard');
  requireShard(req.destination_exchange_shard, 'destination_exchange_shard');
  const sourceSub = req.source_subaccount ?? 0;
  const destinationSub = req.destination_subaccount ?? 0;
  if (req.source === 'margined' && req.destination === 'margined') {
    throw fieldError('destination', 'source and destination are both margined; nothing would move');
  }
  if (req.source === 'margined' || req.destination === 'margined') {
    if (sourceSub !== 0) throw fieldError('source_subaccount', 'subaccounts apply to event_contract to event_contract transfers only; send 0 or omit it');
    if (destinationSub !== 0) throw fieldError('destination_subaccount', 'subaccounts apply to event_contract to event_contract transfers only; send 0 or omit it');
  }

  const base = {
    user_id: user,
    source: req.source,
    destination: req.destination,
    source_shard: 0,
    destination_shard: 0,
    source_sub: sourceSub,
    destination_sub: destinationSub,
    amount_micros: micros,
    status: 'complete' as const,
  };
  const store = fundsStore(exchange.db);

  // Same instance, same shard: Kalshi books it as a subaccount transfer under the same id.
  if (req.source === 'event_contract' && req.destination === 'event_contract') {
    if (micros % MICROS_PER_CENT !== 0) throw fieldError('amount', `a subaccount transfer moves whole cents; ${req.amount} centi-cents is not a multiple of 100`);
    let row: InstanceTransferRow | undefined;
    moveBetweenSubaccounts(exchange, user, {
      from: sourceSub,
      to: destinationSub,
      micros,
      clientTransferId: null,
      fields: { from: 'source_subaccount', to: 'destination_subaccount', amount: 'amount' },
      alsoRecord: (moved) => {
        row = { seq: 0, id: moved.id, ...base, created_ts: moved.created_ts };
        store.addInstanceTransfer(row);
      },
    });
    return row!;
  }

  let row: InstanceTransferRow | undefined;
  const record = (ts: number, marginedDelta: number) => {
    store.adjustInstanceBalance(user, 'margined', marginedDelta);
    row = { seq: 0, id: nextFundsId(exchange.db, 'instance-transfer'), ...base, created_ts: ts };
    store.addInstanceTransfer(row);
  };
  if (req.source === 'event_contract') {
    requireSubaccount(exchange, user, sourceSub, 'source_subaccount');
    runCash(
      () => exchange.trading.run((engine) => engine.withdraw(user, sourceSub, micros), (r) => record(r.ts, micros)),
      'amount',
      'the event_contract primary account',
      () => exchange.trading.engine.getAccount(user, sourceSub)?.cash ?? 0,
    );
  } else {
    const held = store.instanceBalance(user, 'margined');
    if (held < micros) throw insufficient('amount', 'the margined instance', held);
    runCash(
      () => exchange.trading.run((engine) => engine.deposit(user, destinationSub, micros), (r) => record(r.ts, -micros)),
      'amount',
      'the margined instance',
      () => store.instanceBalance(user, 'margined'),
    );
  }
  return row!;
}
