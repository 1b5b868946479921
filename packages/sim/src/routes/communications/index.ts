import { acceptBlockTrade, expireProposals, proposeBlockTrade } from '../../communications/block-trades.js';
import { checkUuid, communicationsIdOf } from '../../communications/ids.js';
import { acceptQuote, confirmQuote, deleteQuote, visibleQuote } from '../../communications/quotes.js';
import { createQuote, createRfq, deleteRfq, rfqNotFound } from '../../communications/rfqs.js';
import { communicationsStore } from '../../communications/store.js';
import { proposalToWire, quoteToWire, rfqToWire } from '../../communications/wire.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { userOf } from '../trading/shared.js';
import { listProposals, listQuotes, listRfqs } from './lists.js';

/*
 * RFQs, quotes and block trades (/communications/...). Behaviour lives in src/communications/;
 * these handlers only read the request and shape the answer. The deprecated quote-only paths
 * (GetQuote, DeleteQuote, AcceptQuote, ConfirmQuote) do exactly what the RFQ-scoped ones do.
 */

function quoteBody(exchange: ExchangeState, me: string, quoteId: string, rfqId?: string) {
  const { quote, rfq } = visibleQuote(exchange, me, quoteId, rfqId);
  return { body: { quote: quoteToWire(quote, rfq, me) } };
}

export const communicationsHandlers: Handlers = {
  GetCommunicationsID: ({ auth }) => ({ body: { communications_id: communicationsIdOf(userOf(auth)) } }),

  GetRFQs: ({ exchange, query, auth }) => {
    const me = userOf(auth);
    const page = listRfqs(exchange, me, query);
    return { body: { rfqs: page.rows.map((r) => rfqToWire(r, me)), cursor: page.cursor } };
  },

  CreateRFQ: ({ exchange, body, auth }) => ({ status: 201, body: { id: createRfq(exchange, userOf(auth), body!).id } }),

  // Open RFQs are broadcast to every member, so any signed-in user may read any RFQ.
  GetRFQ: ({ exchange, params, auth }) => {
    const r = communicationsStore(exchange.db).rfq(checkUuid(params.rfq_id, 'rfq_id'));
    if (!r) throw rfqNotFound(params.rfq_id);
    return { body: { rfq: rfqToWire(r, userOf(auth)) } };
  },

  DeleteRFQ: ({ exchange, params, auth }) => {
    deleteRfq(exchange, userOf(auth), params.rfq_id);
    return {};
  },

  GetQuotes: ({ exchange, query, auth }) => {
    const me = userOf(auth);
    const page = listQuotes(exchange, me, query);
    const store = communicationsStore(exchange.db);
    return { body: { quotes: page.rows.map((q) => quoteToWire(q, store.rfq(q.rfqId)!, me)), cursor: page.cursor } };
  },

  CreateQuote: ({ exchange, body, auth }) => ({ status: 201, body: { id: createQuote(exchange, userOf(auth), body!).id } }),

  GetRFQQuote: ({ exchange, params, auth }) => quoteBody(exchange, userOf(auth), params.quote_id, params.rfq_id),
  GetQuote: ({ exchange, params, auth }) => quoteBody(exchange, userOf(auth), params.quote_id),

  DeleteRFQQuote: ({ exchange, params, auth }) => {
    deleteQuote(exchange, userOf(auth), params.quote_id, params.rfq_id);
    return {};
  },
  DeleteQuote: ({ exchange, params, auth }) => {
    deleteQuote(exchange, userOf(auth), params.quote_id);
    return {};
  },

  AcceptRFQQuote: ({ exchange, params, body, auth }) => {
    acceptQuote(exchange, userOf(auth), params.quote_id, body!.accepted_side, params.rfq_id);
    return {};
  },
  AcceptQuote: ({ exchange, params, body, auth }) => {
    acceptQuote(exchange, userOf(auth), params.quote_id, body!.accepted_side);
    return {};
  },

  ConfirmRFQQuote: ({ exchange, params, auth }) => {
    confirmQuote(exchange, userOf(auth), params.quote_id, params.rfq_id);
    return {};
  },
  ConfirmQuote: ({ exchange, params, auth }) => {
    confirmQuote(exchange, userOf(auth), params.quote_id);
    return {};
  },

  GetBlockTradeProposals: ({ exchange, query, auth }) => {
    const me = userOf(auth);
    expireProposals(exchange);
    const page = listProposals(exchange, me, query);
    return { body: { block_trade_proposals: page.rows.map((p) => proposalToWire(p, me)), cursor: page.cursor } };
  },

  ProposeBlockTrade: ({ exchange, body, auth }) => ({
    status: 201,
    body: { block_trade_proposal_id: proposeBlockTrade(exchange, userOf(auth), body!).id },
  }),

  AcceptBlockTradeProposal: ({ exchange, params, body, auth }) => {
    acceptBlockTrade(exchange, userOf(auth), params.block_trade_proposal_id, body);
    return {};
  },
};
