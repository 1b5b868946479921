// Generates the frames one fuzzing socket sends: commands sampled from the spec's command
// schemas (subscribe, unsubscribe, update_subscription, list_subscriptions), most of them
// mutated, plus frames that are not commands at all: truncated JSON, binary junk, empty frames
// and frames past the size limit.
import { wsChannels, wsSchemas } from 'kalshi-ts/generated';
import { mutate } from './mutate.js';
import type { Prng } from './prng.js';
import { SchemaSampler, type FuzzWorld } from './schema-sample.js';

export interface FuzzFrame {
  kind: string;
  data: string | Buffer;
  binary: boolean;
  /** The id a reply must carry; undefined when the command has no usable id (the reply has none). */
  replyId?: number;
  /** Past the server's frame limit: the server closes the socket (1009) instead of replying. */
  oversized: boolean;
}

const COMMANDS = [
  'subscribeCommandPayload',
  'unsubscribeCommandPayload',
  'updateSubscriptionCommandPayload',
  'cfbenchmarksUpdateSubscriptionCommandPayload',
  'pythUpdateSubscriptionCommandPayload',
  'listSubscriptionsCommandPayload',
] as const;
const CHANNELS = wsChannels.map((c) => c.channel);
const BAD_IDS: readonly unknown[] = [undefined, 0, -1, 1.5, '7', null, 2 ** 60, [], {}, true];
/** The exchange's default limit on a client frame is 64 KiB; a longer frame closes the socket with 1009. */
const FRAME_LIMIT_BYTES = 64 * 1024;
const OVERSIZED_BYTES = FRAME_LIMIT_BYTES + 100;

const SAMPLERS = new WeakMap<FuzzWorld, SchemaSampler>();

/** A command as a client following the spec would send it, aimed at live sids and markets. */
function plausibleCommand(prng: Prng, world: FuzzWorld, sids: readonly number[]): Record<string, unknown> {
  let s = SAMPLERS.get(world);
  if (!s) SAMPLERS.set(world, (s = new SchemaSampler(wsSchemas, world)));
  const command = s.ofName(prng, prng.pick(COMMANDS)) as Record<string, unknown>;
  const params = command.params as Record<string, unknown> | undefined;
  if (params && typeof params === 'object') {
    if ('channels' in params) params.channels = Array.from({ length: prng.int(1, 3) }, () => prng.pick(CHANNELS));
    const liveSid = () => (sids.length > 0 && prng.chance(0.8) ? prng.pick(sids) : prng.int(1, 50));
    if ('sid' in params) params.sid = liveSid();
    if ('sids' in params) params.sids = command.cmd === 'unsubscribe' ? [liveSid()] : [liveSid()];
    if (command.cmd === 'update_subscription' && !('sid' in params) && !('sids' in params)) params.sid = liveSid();
    // Large books fan out every trade: keep most subscriptions filtered to a market or two.
    if (command.cmd === 'subscribe' && prng.chance(0.8) && !('market_ticker' in params)) params.market_tickers = [prng.pick(world.tickers)];
  }
  return command;
}

/** Frame number `n` of a socket; `id` is the fresh id it may carry. */
export function generateFrame(prng: Prng, world: FuzzWorld, sids: readonly number[], id: number): FuzzFrame {
  const frame = anyFrame(prng, world, sids, id);
  // Whatever the kind, a frame past the limit is answered by a close, not a reply: a mutation can
  // blow a command up (a long string repeated in an array) by megabytes, and the runner must
  // expect that close instead of waiting for replies on a socket that is gone.
  const bytes = typeof frame.data === 'string' ? Buffer.byteLength(frame.data) : frame.data.length;
  if (bytes <= FRAME_LIMIT_BYTES || frame.oversized) return frame;
  return { ...frame, kind: `oversized-${frame.kind}`, replyId: undefined, oversized: true };
}

function anyFrame(prng: Prng, world: FuzzWorld, sids: readonly number[], id: number): FuzzFrame {
  const roll = prng.next();
  if (roll < 0.02) return { kind: 'oversized', data: `{"id":${id},"cmd":"subscribe","pad":"${'x'.repeat(OVERSIZED_BYTES)}"}`, binary: prng.chance(0.5), oversized: true };
  if (roll < 0.1) return { kind: 'binary-junk', data: prng.bytes(prng.int(0, 300)), binary: true, oversized: false };
  if (roll < 0.15) return { kind: 'not-json', data: prng.pick(['', ' ', 'hello', '{', '}', '[1,2', 'null', '"cmd"', '\u0000', '🚀', '{"id":1,}', `${'['.repeat(prng.int(10, 20_000))}`]), binary: false, oversized: false };
  const command = plausibleCommand(prng, world, sids);
  if (roll < 0.25) {
    const text = JSON.stringify({ ...command, id });
    return { kind: 'truncated', data: text.slice(0, prng.int(1, text.length - 1)), binary: false, oversized: false };
  }
  const mutated = roll < 0.75;
  const body = (mutated ? mutate(prng, command) : command) as Record<string, unknown>;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    // Only non-objects here: an object stand-in could carry a valid "id" and draw a reply with it,
    // which the runner, told this frame has none, would miss (seed 1948335037 did exactly that).
    const nonObject = body ?? prng.pick([null, true, -1e308, '', 'subscribe', [], [{ cmd: 'subscribe' }]]);
    return { kind: 'mutated-non-object', data: JSON.stringify(nonObject), binary: false, oversized: false };
  }
  const goodId = prng.chance(0.85);
  const frame: Record<string, unknown> = { ...body };
  if (goodId) frame.id = id;
  else {
    const bad = prng.pick(BAD_IDS);
    if (bad === undefined) delete frame.id;
    else frame.id = bad;
  }
  const binary = prng.chance(0.1);
  const text = JSON.stringify(frame);
  return {
    kind: `${mutated ? 'mutated' : 'plausible'}-${String(command.cmd)}${binary ? '-binary' : ''}`,
    data: binary ? Buffer.from(text) : text,
    binary,
    replyId: goodId ? id : undefined,
    oversized: false,
  };
}
