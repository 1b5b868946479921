// Parsing helpers shared by the commands: the host interface they act through, schema checks,
// and market filters given as tickers or as market ids.
import type { Engine } from '../engine/index.js';
import { schemaProblem, type CommandSchema } from './command-schemas.js';
import { WsCommandError, type Channel } from './protocol.js';
import type { Subscription } from './subscription.js';

export interface CommandHost {
  readonly engine: Engine;
  readonly maxMarketsPerSubscription: number;
  tickerOfMarketId(id: string): string | undefined;
  subscriptionStarted(sub: Subscription): void;
  /** Order book snapshots of `tickers`; `id` marks them as the reply to a get_snapshot. */
  sendSnapshots(sub: Subscription, tickers: readonly string[], id?: number): void;
  sendTickers(sub: Subscription, tickers: readonly string[]): void;
  instrumentList(channel: Channel): string[];
}

export type Params = Record<string, unknown>;

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkSchema(schema: CommandSchema, command: Params): void {
  // A missing id means "no id" (as 0 does), so the schema's `required: id` is not held against it.
  const problem = schemaProblem(schema, { ...command, id: command.id ?? 0 });
  if (problem !== undefined) throw new WsCommandError(11, problem);
}

/** market_ticker / market_tickers (mutually exclusive), as a de-duplicated list, or undefined. */
export function tickersOf(params: Params): string[] | undefined {
  const one = params.market_ticker;
  const many = params.market_tickers;
  if (one !== undefined && many !== undefined) throw new WsCommandError(11, 'market_ticker and market_tickers are mutually exclusive');
  if (one !== undefined) return [one as string];
  return many === undefined ? undefined : [...new Set(many as string[])];
}

/** market_id / market_ids mapped to tickers, or undefined when neither is given. */
export function tickersOfIds(host: CommandHost, params: Params): string[] | undefined {
  const one = params.market_id;
  const many = params.market_ids;
  if (one !== undefined && many !== undefined) throw new WsCommandError(11, 'market_id and market_ids are mutually exclusive');
  const ids = one !== undefined ? [one as string] : (many as string[] | undefined);
  if (ids === undefined) return undefined;
  const unknown = ids.filter((i) => host.tickerOfMarketId(i) === undefined);
  if (unknown.length > 0) throw new WsCommandError(11, `unknown market_id ${unknown.join(', ')}`);
  return [...new Set(ids.map((i) => host.tickerOfMarketId(i)!))];
}

export function checkMarketsExist(host: CommandHost, tickers: readonly string[]): void {
  const unknown = tickers.filter((t) => host.engine.getMarket(t) === undefined);
  if (unknown.length > 0) {
    throw new WsCommandError(11, `unknown market ticker ${unknown.join(', ')}`, { market_tickers: unknown });
  }
}

