// The WebSocket protocol's fixed facts, read from the generated catalog and schemas so that a
// spec update changes them without edits here: channel names, which channels number their
// frames, error codes and their names.
import { createHash } from 'node:crypto';
import { wsChannels, wsErrorCodes, wsSchemas, type WsChannel } from 'kalshi-ts/generated';

export type Channel = WsChannel;

export const WS_PATH = '/trade-api/ws/v2';

export const CHANNELS: ReadonlySet<string> = new Set(wsChannels.map((c) => c.channel));

export const isChannel = (name: unknown): name is Channel => typeof name === 'string' && CHANNELS.has(name);

function requiresSeq(payload: string | null): boolean {
  const required = payload ? wsSchemas[payload]?.required : undefined;
  return Array.isArray(required) && required.includes('seq');
}

/** Channels whose payload schemas require `seq`: their frames are numbered per subscription. */
export const SEQUENCED: ReadonlySet<Channel> = new Set(
  wsChannels.filter((spec) => spec.messages.some((m) => requiresSeq(m.payload))).map((spec) => spec.channel),
);

/** Channels filtered by market ticker; the others ignore market parameters. */
export const MARKET_FILTERED: ReadonlySet<Channel> = new Set<Channel>([
  'orderbook_delta',
  'ticker',
  'trade',
  'fill',
  'market_positions',
  'user_orders',
]);

export const INDEX_CHANNELS: ReadonlySet<Channel> = new Set<Channel>(['cfbenchmarks_value', 'cfbenchmarks_value_5hz']);

export type ErrorCode = (typeof wsErrorCodes)[number]['code'];

const ERROR_NAMES = new Map<number, string>(wsErrorCodes.map((e) => [e.code, e.name]));

/** A refused command: becomes one `error` frame carrying the command's id. */
export class WsCommandError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Detail appended to the code's name, saying what exactly was wrong. */
    readonly detail = '',
    readonly extra: { sid?: number; market_tickers?: string[] } = {},
  ) {
    const name = ERROR_NAMES.get(code) ?? 'Error';
    super(detail ? `${name}: ${detail}` : name);
    this.name = 'WsCommandError';
  }
}

export const errorName = (code: ErrorCode): string => ERROR_NAMES.get(code) ?? 'Error';

/**
 * Kalshi gives every market a UUID, which the simulator's catalog does not store. One is derived
 * from the ticker (SHA-1, shaped as a version-5 UUID) so it is stable across restarts and runs.
 */
export function marketIdOf(ticker: string): string {
  const h = createHash('sha1').update(`kalshi-sim:market:${ticker}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
