import { APIPromise } from './core/api-promise.js';
import { ENVIRONMENTS, type Environment } from './core/environments.js';
import { KalshiError } from './core/errors.js';
import { silentLogger, type Logger } from './core/logger.js';
import { PagePromise } from './core/pagination.js';
import { operations, type OperationId } from './generated/catalog.js';
import type { RequestSigner } from './internal/auth/signer.js';
import { ClockOffset } from './internal/clock-offset.js';
import { loadSigner, resolveEnvironment } from './internal/credentials.js';
import { readEnv } from './internal/env.js';
import type { QueryValue } from './internal/path.js';
import { RateLimiter, resolveRateLimit, systemClock, type Clock, type RateLimitOption } from './internal/rate-limiter.js';
import { RequestPipeline, type RequestOptions } from './internal/request.js';
import { fetchTransport, type FetchLike, type Transport } from './internal/transport.js';
import { defaultTransport } from './platform/index.js';
import { Events } from './resources/events.js';
import { Exchange } from './resources/exchange.js';
import { Markets } from './resources/markets.js';
import { Orders } from './resources/orders.js';
import { Portfolio } from './resources/portfolio.js';
import { SeriesResource } from './resources/series.js';
import { Account } from './resources/account.js';
import { ApiKeys } from './resources/api-keys.js';
import { Communications } from './resources/communications/communications.js';
import { Fcm } from './resources/fcm/fcm.js';
import { Historical } from './resources/historical.js';
import { IncentivePrograms } from './resources/incentive-programs.js';
import { LiveData } from './resources/live-data.js';
import { Milestones } from './resources/milestones.js';
import { MultivariateCollections } from './resources/multivariate-collections.js';
import { OrderGroups } from './resources/order-groups.js';
import { Search } from './resources/search.js';
import { StructuredTargets } from './resources/structured-targets.js';

export interface ClientOptions {
  /** Defaults to KALSHI_API_KEY_ID. */
  apiKeyId?: string;
  /** PEM text or bytes; defaults to KALSHI_PRIVATE_KEY, then the file at KALSHI_PRIVATE_KEY_PATH. */
  privateKey?: string | Uint8Array;
  /** For passphrase-encrypted PEM keys. */
  passphrase?: string;
  /** Sign with your own signer (an HSM, a WebCrypto key) instead of a PEM. */
  signer?: RequestSigner;
  /** 'production' (default) or 'demo'; defaults to KALSHI_ENV. Ignored when baseURL is given. */
  environment?: Environment;
  /** REST base including `/trade-api/v2`; defaults to KALSHI_BASE_URL, then the environment's host. */
  baseURL?: string;
  /** Per-attempt timeout in ms (default 30 000). */
  timeout?: number;
  /** Retries after the first attempt for retryable failures (default 2). */
  maxRetries?: number;
  /** Client-side token buckets: a tier name, explicit buckets, or false to disable (default 'basic'). */
  rateLimit?: RateLimitOption;
  logger?: Logger;
  /** Use this fetch instead of the built-in undici transport (browsers, tests, proxies). */
  fetch?: FetchLike;
  defaultHeaders?: Record<string, string>;
  /** Time source for signing, the rate limiter and retry waits; tests pass a fake one. */
  clock?: Clock;
  /**
   * On a 401 whose Date header shows the local clock off by more than 2 s, keep signing with the
   * server's time and retry that request once (default true). Set false to sign with the local clock only.
   */
  clockSkewCorrection?: boolean;
}

export interface CallArgs {
  path?: string;
  query?: Record<string, QueryValue> | undefined;
  body?: unknown;
  idempotent?: boolean;
  items?: number;
  clientOrderId?: string | undefined;
}

export class Kalshi {
  readonly baseURL: string;
  readonly environment: Environment | 'custom';
  readonly apiKeyId: string | undefined;

  readonly exchange: Exchange;
  readonly markets: Markets;
  readonly series: SeriesResource;
  readonly events: Events;
  readonly orders: Orders;
  readonly portfolio: Portfolio;
  readonly orderGroups: OrderGroups;
  readonly communications: Communications;
  readonly apiKeys: ApiKeys;
  readonly account: Account;
  readonly search: Search;
  readonly liveData: LiveData;
  readonly milestones: Milestones;
  readonly structuredTargets: StructuredTargets;
  readonly multivariateCollections: MultivariateCollections;
  readonly incentivePrograms: IncentivePrograms;
  readonly fcm: Fcm;
  readonly historical: Historical;

  /**
   * The client's time source, corrected by the skew measured against Kalshi's Date header. Pass it
   * to KalshiWS (`clock: kalshi.clock`) so its handshakes are signed with the same correction.
   */
  readonly clock: Clock;

  readonly #pipeline: RequestPipeline;
  readonly #transport: Transport;

  constructor(options: ClientOptions = {}) {
    const envName = resolveEnvironment(options.environment);
    const explicitBase = options.baseURL ?? readEnv('KALSHI_BASE_URL');
    this.baseURL = normalizeBaseURL(explicitBase ?? ENVIRONMENTS[envName].rest);
    this.environment = explicitBase ? 'custom' : envName;

    const signer = options.signer ?? loadSigner(options);
    this.apiKeyId = signer?.keyId;
    this.#transport = options.fetch ? fetchTransport(options.fetch) : defaultTransport();
    const clock = options.clock ?? systemClock;
    const clockOffset = options.clockSkewCorrection === false ? undefined : new ClockOffset();
    this.clock = clockOffset ? clockOffset.corrected(clock) : clock;
    const limits = resolveRateLimit(options.rateLimit);
    this.#pipeline = new RequestPipeline({
      baseURL: this.baseURL,
      transport: this.#transport,
      signer,
      limiter: limits ? new RateLimiter(limits, clock) : undefined,
      logger: options.logger ?? silentLogger,
      clock,
      clockOffset,
      timeout: nonNegative('timeout', options.timeout ?? 30_000),
      maxRetries: nonNegative('maxRetries', options.maxRetries ?? 2),
      defaultHeaders: options.defaultHeaders ?? {},
    });

    this.exchange = new Exchange(this);
    this.markets = new Markets(this);
    this.series = new SeriesResource(this);
    this.events = new Events(this);
    this.orders = new Orders(this);
    this.portfolio = new Portfolio(this);
    this.orderGroups = new OrderGroups(this);
    this.communications = new Communications(this);
    this.apiKeys = new ApiKeys(this);
    this.account = new Account(this);
    this.search = new Search(this);
    this.liveData = new LiveData(this);
    this.milestones = new Milestones(this);
    this.structuredTargets = new StructuredTargets(this);
    this.multivariateCollections = new MultivariateCollections(this);
    this.incentivePrograms = new IncentivePrograms(this);
    this.fcm = new Fcm(this);
    this.historical = new Historical(this);
  }

  /** Calls any operation of the catalog by its operationId: the escape hatch beside the resource methods. */
  call<T = unknown>(id: OperationId, args: CallArgs | (() => CallArgs) = {}, options?: RequestOptions): APIPromise<T> {
    const operation = operations[id];
    // Arguments are built inside the promise, so a bad argument rejects like any other failure
    // instead of throwing synchronously past a `.catch()`.
    if (typeof args === 'function') {
      try {
        args = args();
      } catch (error) {
        return new APIPromise(Promise.reject(error));
      }
    }
    return new APIPromise(
      this.#pipeline.send<T>(
        {
          operation,
          path: args.path ?? operation.path,
          query: args.query,
          body: args.body,
          idempotent: args.idempotent,
          items: args.items,
          clientOrderId: args.clientOrderId,
        },
        options,
      ),
    );
  }

  /** A list call: awaits to the first page, iterates every item across pages. */
  paginate<Page, Item>(
    id: OperationId,
    args: CallArgs & { query?: Record<string, QueryValue> | undefined },
    items: (page: Page) => readonly Item[] | null | undefined,
    options?: RequestOptions,
    cursorKey: 'cursor' | 'next_cursor' = 'cursor',
  ): PagePromise<Page, Item> {
    const firstCursor = args.query?.cursor;
    return new PagePromise<Page, Item>({
      fetchPage: (cursor) => this.call<Page>(id, { ...args, query: { ...args.query, cursor } }, options).then((page) => page),
      items: (page) => items(page) ?? [],
      nextCursor: (page) => (page as Record<string, string | null | undefined>)[cursorKey],
      firstCursor: typeof firstCursor === 'string' ? firstCursor : undefined,
    });
  }

  /** Closes pooled connections and ends waits for retries. The client is unusable afterwards. */
  async close(): Promise<void> {
    this.#pipeline.close();
    await this.#transport.close?.();
  }

  toJSON() {
    return { baseURL: this.baseURL, environment: this.environment, apiKeyId: this.apiKeyId };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Kalshi ${JSON.stringify(this.toJSON())}`;
  }
}

function normalizeBaseURL(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new KalshiError(`baseURL ${JSON.stringify(value)} is not a URL; expected e.g. https://external-api.kalshi.com/trade-api/v2`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new KalshiError(`baseURL must be http(s), got ${url.protocol}`);
  if (url.search || url.hash) throw new KalshiError('baseURL must not carry a query or fragment');
  return url.toString().replace(/\/$/, '');
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new KalshiError(`${name} must be a non-negative number, got ${value}`);
  return value;
}
