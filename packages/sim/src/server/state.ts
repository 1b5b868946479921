import type { Clock } from '../clock.js';
import type { SimDatabase } from '../db/database.js';
import type { LiquidityProvider } from '../liquidity/provider.js';
import type { Logger } from '../logger.js';
import type { Tier } from '../tiers.js';
import type { Trading } from '../trading/service.js';
import type { WsHub } from '../ws/hub.js';
import type { KeyStore } from './auth.js';
import type { RateLimiter } from './rate-limit.js';
import type { SchemaRegistry } from './schemas.js';

/** Everything a handler (REST or admin) may touch. One per running exchange: no globals. */
export interface ExchangeState {
  readonly db: SimDatabase;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly schemas: SchemaRegistry;
  readonly keys: KeyStore;
  readonly rateLimiter: RateLimiter;
  /** The matching engine behind its single, persisted writer. */
  readonly trading: Trading;
  /** The built-in market maker (and noise taker); the admin API switches it. */
  readonly liquidity: LiquidityProvider;
  readonly config: {
    readonly seed: number;
    /** Tier of new users and of unsigned (per-IP) traffic. */
    readonly defaultTier: Tier;
    /** Whether the liquidity provider quoted at start; `liquidity.enabled` is the live switch. */
    readonly liquidity: boolean;
    /** Check every handler response against the spec and answer 500 when it does not match. */
    readonly validateResponses: boolean;
  };
  /** What GET /exchange/status reports; the admin API flips these. */
  readonly status: { exchangeActive: boolean; tradingActive: boolean };
  /** The WebSocket endpoint; set once the exchange is listening (its admin routes need it). */
  ws?: WsHub;
}
