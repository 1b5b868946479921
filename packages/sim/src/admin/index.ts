import type { ExchangeState } from '../server/state.js';
import { AdminRouter } from './router.js';
import { clockSchema, getClock, health, rateLimitsSchema, setClock, setRateLimits } from './system.js';
import { createUser, createUserSchema, deleteKey, generateKey, generateKeySchema, getUser, importKey, importKeySchema, setTier, setTierSchema } from './users.js';

export { AdminRouter, ADMIN_PREFIX, type AdminContext, type AdminHandler, type AdminResult } from './router.js';

/** The admin API of one exchange: one line per route. */
export function createAdminRouter(exchange: ExchangeState): AdminRouter {
  return new AdminRouter(exchange)
    .add('GET', '/_sim/health', health)
    .add('POST', '/_sim/users', createUser, createUserSchema)
    .add('GET', '/_sim/users/:id', getUser)
    .add('POST', '/_sim/users/:id/tier', setTier, setTierSchema)
    .add('POST', '/_sim/users/:id/keys', generateKey, generateKeySchema)
    .add('POST', '/_sim/users/:id/keys/import', importKey, importKeySchema)
    .add('DELETE', '/_sim/keys/:id', deleteKey)
    .add('GET', '/_sim/clock', getClock)
    .add('POST', '/_sim/clock', setClock, clockSchema)
    .add('POST', '/_sim/rate-limits', setRateLimits, rateLimitsSchema);
}
