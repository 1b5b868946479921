/**
 * kalshi.portfolio — the account's own money and positions (/portfolio/...).
 *   balance           -> GetBalance
 *   positions         -> GetPositions (paginated)
 *   fills             -> GetFills (paginated)
 *   settlements       -> GetSettlements (paginated)
 *   deposits          -> GetDeposits (paginated)
 *   withdrawals       -> GetWithdrawals (paginated)
 *   restingOrderValue -> GetPortfolioRestingOrderTotalValue
 *   subaccounts.*             see portfolio/subaccounts.ts
 *   intraExchangeTransfers.*  see portfolio/intra-exchange-transfers.ts
 *   targetBalanceAllocation.* see portfolio/target-balance-allocation.ts
 * Orders and order groups live on kalshi.orders and kalshi.orderGroups.
 */
import type { APIPromise } from '../core/api-promise.js';
import type { PagePromise } from '../core/pagination.js';
import { APIResource } from '../core/resource.js';
import type { RequestOptions } from '../internal/request.js';
import { IntraExchangeTransfers } from './portfolio/intra-exchange-transfers.js';
import { Subaccounts } from './portfolio/subaccounts.js';
import { TargetBalanceAllocation } from './portfolio/target-balance-allocation.js';
import type { ListParams, QueryOf, ResponseOf, Schema } from './types.js';

export class Portfolio extends APIResource {
  readonly subaccounts = new Subaccounts(this.client);
  readonly intraExchangeTransfers = new IntraExchangeTransfers(this.client);
  readonly targetBalanceAllocation = new TargetBalanceAllocation(this.client);

  balance(params?: QueryOf<'GetBalance'>, options?: RequestOptions): APIPromise<ResponseOf<'GetBalance'>> {
    return this.client.call('GetBalance', () => ({ query: params }), options);
  }

  /** Market positions across pages; each page also carries `event_positions`. */
  positions(
    params?: ListParams<'GetPositions'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetPositions'>, Schema<'MarketPosition'>> {
    return this.client.paginate('GetPositions', { query: params }, (page: ResponseOf<'GetPositions'>) => page.market_positions, options);
  }

  fills(params?: ListParams<'GetFills'>, options?: RequestOptions): PagePromise<ResponseOf<'GetFills'>, Schema<'Fill'>> {
    return this.client.paginate('GetFills', { query: params }, (page: ResponseOf<'GetFills'>) => page.fills, options);
  }

  settlements(
    params?: ListParams<'GetSettlements'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetSettlements'>, Schema<'Settlement'>> {
    return this.client.paginate('GetSettlements', { query: params }, (page: ResponseOf<'GetSettlements'>) => page.settlements, options);
  }

  deposits(params?: ListParams<'GetDeposits'>, options?: RequestOptions): PagePromise<ResponseOf<'GetDeposits'>, Schema<'Deposit'>> {
    return this.client.paginate('GetDeposits', { query: params }, (page: ResponseOf<'GetDeposits'>) => page.deposits, options);
  }

  withdrawals(
    params?: ListParams<'GetWithdrawals'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetWithdrawals'>, Schema<'Withdrawal'>> {
    return this.client.paginate('GetWithdrawals', { query: params }, (page: ResponseOf<'GetWithdrawals'>) => page.withdrawals, options);
  }

  /** Total value of resting orders, in cents, with a breakdown per exchange index. */
  restingOrderValue(options?: RequestOptions): APIPromise<ResponseOf<'GetPortfolioRestingOrderTotalValue'>> {
    return this.client.call('GetPortfolioRestingOrderTotalValue', {}, options);
  }
}
