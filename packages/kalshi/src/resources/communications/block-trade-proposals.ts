/**
 * kalshi.communications.blockTradeProposals — /communications/block-trade-proposals...
 *   list   -> GetBlockTradeProposals (paginated)
 *   create -> ProposeBlockTrade
 *   accept -> AcceptBlockTradeProposal
 */
import type { APIPromise } from '../../core/api-promise.js';
import { ValidationError } from '../../core/errors.js';
import type { PagePromise } from '../../core/pagination.js';
import { APIResource } from '../../core/resource.js';
import { path } from '../../internal/path.js';
import type { RequestOptions } from '../../internal/request.js';
import { OUTCOME_SIDES, requireInteger, requireOneOf, requireString, requireSubaccount, requireTicker } from '../../internal/validate.js';
import type { BodyOf, ListParams, ResponseOf, Schema } from '../types.js';

/** A price in centi-cents lies strictly between 0 and 1 dollar, like an order price. */
const MAX_PRICE_CENTI_CENTS = 9_999;

export class BlockTradeProposals extends APIResource {
  list(
    params?: ListParams<'GetBlockTradeProposals'>,
    options?: RequestOptions,
  ): PagePromise<ResponseOf<'GetBlockTradeProposals'>, Schema<'BlockTradeProposal'>> {
    return this.client.paginate(
      'GetBlockTradeProposals',
      { query: params },
      (page: ResponseOf<'GetBlockTradeProposals'>) => page.block_trade_proposals,
      options,
    );
  }

  /**
   * Proposes a block trade between a buyer and a seller. Unlike orders, this endpoint takes
   * integers: `price_centi_cents` (1/10 000 dollar) and `centicount` (1/100 contract).
   */
  create(params: BodyOf<'ProposeBlockTrade'>, options?: RequestOptions): APIPromise<ResponseOf<'ProposeBlockTrade'>> {
    return this.client.call(
      'ProposeBlockTrade',
      () => {
        requireString(params?.buyer_user_id, 'buyer_user_id');
        requireString(params.seller_user_id, 'seller_user_id');
        for (const party of ['buyer', 'seller'] as const) {
          const subaccount = params[`${party}_subaccount`];
          if (subaccount === undefined) continue;
          requireSubaccount(subaccount, `${party}_subaccount`);
          if (params[`${party}_subtrader_id`] !== undefined) {
            throw new ValidationError(`${party}_subaccount`, `give ${party}_subaccount or ${party}_subtrader_id, not both`);
          }
        }
        return {
          body: {
            ...params,
            market_ticker: requireTicker(params.market_ticker, 'market_ticker'),
            price_centi_cents: requireInteger(params.price_centi_cents, 'price_centi_cents', 1, MAX_PRICE_CENTI_CENTS),
            centicount: requireInteger(params.centicount, 'centicount', 1),
            maker_side: requireOneOf(params.maker_side, OUTCOME_SIDES, 'maker_side'),
            expiration_ts: requireString(params.expiration_ts, 'expiration_ts'),
          },
        };
      },
      options,
    );
  }

  accept(
    blockTradeProposalId: string,
    params?: BodyOf<'AcceptBlockTradeProposal'>,
    options?: RequestOptions,
  ): APIPromise<ResponseOf<'AcceptBlockTradeProposal'>> {
    return this.client.call(
      'AcceptBlockTradeProposal',
      () => ({ path: path`/communications/block-trade-proposals/${blockTradeProposalId}/accept`, body: params ?? {} }),
      options,
    );
  }
}
