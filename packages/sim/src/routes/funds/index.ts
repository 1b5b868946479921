import type { Handlers } from '../../server/handler.js';
import { allocationHandlers } from './allocation.js';
import { subaccountHandlers } from './subaccounts.js';
import { transferHandlers } from './transfers.js';

/** Subaccounts, intra-exchange transfers, deposit and withdrawal history, balance allocation. */
export const fundsHandlers: Handlers = {
  ...subaccountHandlers,
  ...transferHandlers,
  ...allocationHandlers,
};
