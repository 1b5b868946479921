import type { Handlers } from '../../server/handler.js';
import { fcmReadHandlers } from './reads.js';
import { subtraderHandlers } from './subtraders.js';

/** Endpoints for FCM members acting for their subtraders (order-entry controls: fcm/guard.ts). */
export const fcmHandlers: Handlers = {
  ...subtraderHandlers,
  ...fcmReadHandlers,
};
