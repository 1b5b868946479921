import { seedCatalogExtras } from '../../seed/extras/index.js';
import type { Handlers } from '../../server/handler.js';
import type { ExchangeState } from '../../server/state.js';
import { collectionHandlers } from './collections.js';
import { comboMarketHandlers } from './combo-market.js';
import { feeHandlers } from './fees.js';
import { forecastHandlers } from './forecast.js';
import { metadataHandlers } from './metadata.js';
import { trackUserData, userDataHandlers } from './user-data.js';

/**
 * Fee schedules, event metadata and forecasts, search facets, combo collections and the
 * user-data timestamp.
 */
export const catalogExtrasHandlers: Handlers = {
  ...feeHandlers,
  ...userDataHandlers,
  ...metadataHandlers,
  ...forecastHandlers,
  ...collectionHandlers,
  ...comboMarketHandlers,
};

/**
 * Start-up for this area: seeds the extras into a catalog that lacks them (new databases, and
 * files written before the extras existed) and starts tracking the user-data timestamp.
 */
export function installCatalogExtras(state: ExchangeState): void {
  const now = state.clock.now();
  if (seedCatalogExtras(state.db, state.config.seed, now)) state.logger.info('seeded catalog extras', { seed: state.config.seed });
  trackUserData(state.trading, now);
}
