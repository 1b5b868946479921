import type { Handlers } from '../../server/handler.js';
import { historicalMarketHandlers } from './markets.js';
import { historicalPortfolioHandlers } from './portfolio.js';

/** /historical/*: what the live endpoints stopped serving at the historical cutoff. */
export const historicalHandlers: Handlers = {
  ...historicalMarketHandlers,
  ...historicalPortfolioHandlers,
};
