/**
 * kalshi.portfolio.subaccounts — /portfolio/subaccounts...
 *   create        -> CreateSubaccount
 *   transfer      -> ApplySubaccountTransfer
 *   balances      -> GetSubaccountBalances
 *   transfers     -> GetSubaccountTransfers (paginated)
 *   getNetting    -> GetSubaccountNetting
 *   updateNetting -> UpdateSubaccountNetting
 */
import type { APIPromise } from '../../core/api-promise.js';
import { ValidationError } from '../../core/errors.js';
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import type { RequestOptions } from '../../internal/request.js';
import { requireBoolean, requireInteger, requireSubaccount } from '../../internal/validate.js';
import type { BodyOf, ListParams, ResponseOf, Schema } from '../types.js';

/** `client_transfer_id` is filled in when left out; pass your own to find the transfer again later. */
export type SubaccountTransferParams = Omit<BodyOf<'ApplySubaccountTransfer'>, 'client_transfer_id'> & { client_transfer_id?: string };

export class Subaccounts extends APIResource {
  /** Opens the next numbered subaccount (1-63). */
  create(params?: BodyOf<'CreateSubaccount'>, options?: RequestOptions): APIPromise<ResponseOf<'CreateSubaccount'>> {
    return this.client.call('CreateSubaccount', () => ({ body: params ?? {} }), options);
  }

  /**
   * Moves `amount_cents` between two subaccounts (0 is the primary). Kalshi deduplicates on
   * `client_transfer_id`, which is chosen once before the first attempt, so retries cannot move
   * the money twice.
   */
  transfer(params: SubaccountTransferParams, options?: RequestOptions): APIPromise<ResponseOf<'ApplySubaccountTransfer'>> {
    return this.client.call(
      'ApplySubaccountTransfer',
      () => {
        const from = requireSubaccount(params?.from_subaccount, 'from_subaccount');
        if (requireSubaccount(params.to_subaccount, 'to_subaccount') === from) {
          throw new ValidationError('to_subaccount', `is the same as from_subaccount (${from}); a transfer needs two different subaccounts`);
        }
        const body: BodyOf<'ApplySubaccountTransfer'> = {
          ...params,
          amount_cents: requireInteger(params.amount_cents, 'amount_cents', 1),
          client_transfer_id: params.client_transfer_id ?? globalThis.crypto.randomUUID(),
        };
        return { body, idempotent: true };
      },
      options,
    );
  }

  balances(options?: RequestOptions): APIPromise<ResponseOf<'GetSubaccountBalances'>> {
    return this.client.call('GetSubaccountBalances', {}, options);
  }

  transfers(
    params?: ListParams<'GetSubaccountTransfers'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetSubaccountTransfers'>, Schema<'SubaccountTransfer'>> {
    return this.client.paginate('GetSubaccountTransfers', { query: params }, (page: ResponseOf<'GetSubaccountTransfers'>) => page.transfers, options);
  }

  getNetting(options?: RequestOptions): APIPromise<ResponseOf<'GetSubaccountNetting'>> {
    return this.client.call('GetSubaccountNetting', {}, options);
  }

  /** Turns netting on or off for one subaccount; setting a value, so safe to retry. */
  updateNetting(params: BodyOf<'UpdateSubaccountNetting'>, options?: RequestOptions): APIPromise<ResponseOf<'UpdateSubaccountNetting'>> {
    return this.client.call(
      'UpdateSubaccountNetting',
      () => {
        requireSubaccount(params?.subaccount_number, 'subaccount_number');
        requireBoolean(params.enabled, 'enabled');
        return { body: params, idempotent: true };
      },
      options,
    );
  }
}
