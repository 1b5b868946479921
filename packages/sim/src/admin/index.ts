import { getLiquidity, liquiditySchema, setLiquidity, stepLiquidity } from '../liquidity/index.js';
import type { ExchangeState } from '../server/state.js';
import { createMarketSchema } from './market-template.js';
import { createMarket, invariants, marketStatusSchema, setMarketStatus, settleMarket, settleSchema } from './markets.js';
import { accounts, fund, fundSchema } from './money.js';
import { userFunds } from '../funds/index.js';
import { getHistoricalCutoff, historicalCutoffSchema, setHistoricalCutoff } from '../historical/admin.js';
import { AdminRouter } from './router.js';
import { clockSchema, getClock, health, rateLimitsSchema, setClock, setRateLimits } from './system.js';
import { createUser, createUserSchema, deleteKey, generateKey, generateKeySchema, getUser, importKey, importKeySchema, setTier, setTierSchema } from './users.js';
import { addHttpFault, clearHttpFaults, httpFaultSchema, listHttpFaults } from '../faults/index.js';
import { delayFrames, delaySchema, dropConnections, dropSchema, faultSchema, heartbeatSchema, injectFault, listConnections, setHeartbeat } from '../ws/index.js';

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
    .add('POST', '/_sim/rate-limits', setRateLimits, rateLimitsSchema)
    .add('GET', '/_sim/ws/connections', listConnections)
    .add('POST', '/_sim/ws/drop', dropConnections, dropSchema)
    .add('POST', '/_sim/ws/faults', injectFault, faultSchema)
    .add('POST', '/_sim/ws/delay', delayFrames, delaySchema)
    .add('POST', '/_sim/ws/heartbeat', setHeartbeat, heartbeatSchema)
    .add('GET', '/_sim/http/faults', listHttpFaults)
    .add('POST', '/_sim/http/faults', addHttpFault, httpFaultSchema)
    .add('DELETE', '/_sim/http/faults', clearHttpFaults)
    .add('GET', '/_sim/liquidity', getLiquidity)
    .add('POST', '/_sim/liquidity', setLiquidity, liquiditySchema)
    .add('POST', '/_sim/liquidity/step', stepLiquidity)
    .add('POST', '/_sim/users/:id/fund', fund, fundSchema)
    .add('GET', '/_sim/users/:id/accounts', accounts)
    .add('GET', '/_sim/users/:id/funds', userFunds)
    .add('POST', '/_sim/markets', createMarket, createMarketSchema)
    .add('POST', '/_sim/markets/:ticker/status', setMarketStatus, marketStatusSchema)
    .add('POST', '/_sim/markets/:ticker/settle', settleMarket, settleSchema)
    .add('GET', '/_sim/historical', getHistoricalCutoff)
    .add('POST', '/_sim/historical', setHistoricalCutoff, historicalCutoffSchema)
    .add('GET', '/_sim/invariants', invariants);
}
