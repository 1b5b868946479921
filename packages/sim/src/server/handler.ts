import type { IncomingMessage } from 'node:http';
import type { OperationSpec, operations, rest } from 'kalshi-ts/generated';
import type { AuthInfo } from './auth.js';
import type { ExchangeState } from './state.js';

export type OperationId = keyof typeof operations;

type Def<Id extends OperationId> = rest.operations[Id];
type Param<Id extends OperationId, K extends 'query' | 'path'> = Def<Id>['parameters'] extends { [P in K]?: infer Q }
  ? [Q] extends [never]
    ? Record<string, never>
    : NonNullable<Q>
  : Record<string, never>;
type JsonOf<T> = [T] extends [never] ? undefined : T extends { content: { 'application/json': infer B } } ? B : undefined;
type Responses<Id extends OperationId> = Def<Id>['responses'];

/** Query parameters after validation: typed, with the catalog's defaults applied. */
export type QueryOf<Id extends OperationId> = Param<Id, 'query'>;
export type PathOf<Id extends OperationId> = Param<Id, 'path'>;
/** The validated JSON body (undefined for operations without one, or when an optional one was omitted). */
export type BodyOf<Id extends OperationId> = JsonOf<NonNullable<Def<Id>['requestBody']>> | undefined;
/** The JSON body of any 2xx response of the operation. */
export type SuccessBodyOf<Id extends OperationId> = {
  [S in keyof Responses<Id>]: S extends 200 | 201 | 202 | 204 ? JsonOf<Responses<Id>[S]> : never;
}[keyof Responses<Id>];

export interface HandlerContext<Id extends OperationId = OperationId> {
  readonly op: OperationSpec;
  readonly params: PathOf<Id>;
  readonly query: QueryOf<Id>;
  readonly body: BodyOf<Id>;
  /** Set when the request was signed (always, for operations that need auth). */
  readonly auth: AuthInfo | null;
  readonly exchange: ExchangeState;
  readonly request: IncomingMessage;
}

export interface HandlerResult<Id extends OperationId = OperationId> {
  /** Defaults to the operation's success status from the catalog. */
  status?: number;
  body?: SuccessBodyOf<Id>;
  headers?: Record<string, string>;
}

/**
 * Answers one operation. Runs only after routing, auth, validation and rate limiting passed.
 * Throw an ApiError for a Kalshi-shaped error; anything else thrown becomes a 500.
 */
export type Handler<Id extends OperationId = OperationId> = (
  ctx: HandlerContext<Id>,
) => HandlerResult<Id> | Promise<HandlerResult<Id>>;

/** Register with `handlers.GetMarket = async (ctx) => ({ body: ... })`; missing ones answer 501. */
export type Handlers = { [Id in OperationId]?: Handler<Id> };
