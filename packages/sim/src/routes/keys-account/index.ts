import type { Handlers } from '../../server/handler.js';
import { accountHandlers } from './account.js';
import { apiKeyHandlers } from './api-keys.js';

/** API key management and the account's API usage level, limits and costs. */
export const keysAccountHandlers: Handlers = {
  ...apiKeyHandlers,
  ...accountHandlers,
};
export { installKeyRestrictions } from './restrictions.js';
