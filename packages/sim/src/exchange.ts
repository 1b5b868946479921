import { operations, type OperationSpec } from 'kalshi-ts/generated';
import { createAdminRouter, type AdminRouter } from './admin/index.js';
import { ControllableClock, type Clock } from './clock.js';
import { openDatabase, type SimDatabase } from './db/database.js';
import { LiquidityProvider, type LiquidityOptions } from './liquidity/index.js';
import { silentLogger, type Logger } from './logger.js';
import { recordMarketData } from './market-data/record.js';
import { installCatalogExtras } from './routes/catalog-extras/index.js';
import { installOrderGroups } from './order-groups/index.js';
import { installFcmOrderGuards } from './fcm/index.js';
import { closeHttpFaults } from './faults/index.js';
import { installKeyRestrictions } from './routes/keys-account/index.js';
import { createHandlers } from './routes/index.js';
import { seedCatalog } from './seed/index.js';
import { KeyStore } from './server/auth.js';
import type { Handlers } from './server/handler.js';
import { listen } from './server/http.js';
import { createListener } from './server/pipeline.js';
import { RateLimiter } from './server/rate-limit.js';
import { API_PREFIX, Router } from './server/router.js';
import { SchemaRegistry } from './server/schemas.js';
import type { ExchangeState } from './server/state.js';
import { isTier, type Tier } from './tiers.js';
import { Trading } from './trading/service.js';
import { WsHub, type WsOptions } from './ws/index.js';

export interface ExchangeOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. The admin API answers loopback clients only, whatever the host. */
  host?: string;
  /** SQLite file; omitted means in memory. An existing file keeps its catalog and users. */
  db?: string;
  /** Seed of the generated catalog (default 1): the same seed gives the same catalog. */
  seed?: number;
  /** Defaults to a real-time ControllableClock (which the admin API can freeze, set and advance). */
  clock?: Clock;
  logger?: Logger;
  /** Rate-limit tier of new users and of unsigned traffic (default 'basic'). */
  tier?: Tier;
  /**
   * The built-in liquidity provider quoting every open market, with a noise taker that trades now
   * and then (default on). `false` starts it switched off; the admin API can switch it later.
   */
  liquidity?: boolean | LiquidityOptions;
  /** Rate limiting on start (default true); the admin API can switch it later. */
  rateLimits?: boolean;
  /** Check every handler response against the spec, answering 500 on a mismatch (for tests). */
  validateResponses?: boolean;
  /** WebSocket endpoint settings (heartbeat interval, send-buffer limit, ...). */
  ws?: WsOptions;
}

export interface Exchange {
  /** e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** url + /trade-api/v2: the SDK's base URL. */
  readonly restUrl: string;
  /** The WebSocket API (signed handshake, all 13 channels). */
  readonly wsUrl: string;
  readonly port: number;
  readonly clock: Clock;
  readonly db: SimDatabase;
  /** Mutable: `exchange.handlers.GetBalance = async (ctx) => ({ body })` takes effect at once. */
  readonly handlers: Handlers;
  readonly admin: AdminRouter;
  readonly state: ExchangeState;
  /** Stops listening, drops every connection and closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export async function startExchange(options: ExchangeOptions = {}): Promise<Exchange> {
  const tier = options.tier ?? 'basic';
  if (!isTier(tier)) throw new Error(`unknown tier: ${String(tier)}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? new ControllableClock();
  const logger = options.logger ?? silentLogger;

  const db = openDatabase({ path: options.db });
  let liquidity: LiquidityProvider | undefined;
  let ws: WsHub | undefined;
  try {
    if (seedCatalog(db, seed, clock.now())) logger.info('seeded catalog', { seed });
    const rateLimiter = new RateLimiter();
    rateLimiter.enabled = options.rateLimits ?? true;
    const trading = new Trading(db, clock, logger);
    // Catalog stats and candles commit with the operation that changed them.
    trading.onTransaction((result, engine) => recordMarketData(db, result, engine));
    const liquidityOptions = typeof options.liquidity === 'object' ? options.liquidity : { enabled: options.liquidity ?? true };
    liquidity = new LiquidityProvider({ db, clock, trading, logger, seed }, liquidityOptions);
    const state: ExchangeState = {
      db,
      clock,
      logger,
      schemas: new SchemaRegistry(),
      keys: new KeyStore(db.apiKeys),
      rateLimiter,
      trading,
      liquidity,
      config: { seed, defaultTier: tier, liquidity: liquidity.enabled, validateResponses: options.validateResponses ?? false },
      status: { exchangeActive: true, tradingActive: true },
    };
    ws = state.ws = new WsHub(state, options.ws);
    installOrderGroups(state);
    installCatalogExtras(state);
    const router = new Router(Object.values(operations) as OperationSpec[]);
    const handlers = createHandlers();
    installFcmOrderGuards(handlers);
    installKeyRestrictions(handlers);
    const admin = createAdminRouter(state);
    const http = await listen(createListener(state, router, handlers, admin), options.port ?? 0, host);
    ws.attach(http.server);

    const urlHost = host.includes(':') ? `[${host}]` : host;
    const url = `http://${urlHost}:${http.port}`;
    logger.info('exchange listening', { url });
    let closed: Promise<void> | null = null;
    return {
      url,
      restUrl: `${url}${API_PREFIX}`,
      wsUrl: `ws://${urlHost}:${http.port}/trade-api/ws/v2`,
      port: http.port,
      clock,
      db,
      handlers,
      admin,
      state,
      close() {
        // Before the database goes: no refresh may start once closing has begun.
        state.liquidity.close();
        state.ws?.close();
        closeHttpFaults(state);
        closed ??= http.close().then(() => {
          db.close();
          logger.info('exchange stopped', { url });
        });
        return closed;
      },
    };
  } catch (err) {
    liquidity?.close();
    ws?.close();
    db.close();
    throw err;
  }
}
