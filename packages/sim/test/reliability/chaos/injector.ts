// Random faults through the exchange's admin API: on the sockets (drops, silenced heartbeats,
// sequence gaps and repeats, malformed frames, delays) and on REST (429 storms, 5xx bursts before
// or after the operation ran, slow answers past the client timeout, cut connections), plus clock
// skew (the exchange's clock jumps ahead, so every client's clock is suddenly behind).
import type { Random } from '../../../src/seed/prng.js';
import { admin } from '../../helpers/exchange.js';
import { MAX_RETRIES, REST_TIMEOUT_MS, type World } from './world.js';

type Body = Record<string, unknown>;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

interface FaultKind {
  name: string;
  weight: number;
  inject(world: World, random: Random): Promise<boolean>;
}

async function connectionOf(world: World, random: Random): Promise<number | undefined> {
  const ours = new Set(world.traders.map((t) => t.userId));
  const { connections } = await admin<{ connections: { id: number; user_id: string }[] }>(world.exchange, 'GET', '/_sim/ws/connections');
  const candidates = connections.filter((c) => ours.has(c.user_id));
  return candidates.length === 0 ? undefined : pick(random, candidates).id;
}

/** A socket fault aimed at one of the traders' current connections (none while both reconnect). */
const onSocket = (name: string, weight: number, path: string, body: (random: Random) => Body): FaultKind => ({
  name,
  weight,
  async inject(world, random) {
    const connection = await connectionOf(world, random);
    if (connection === undefined) return false;
    await admin(world.exchange, 'POST', path, { connection, ...body(random) });
    return true;
  },
});

/** Most REST faults hit anyone; some aim at order creates, where a retry could double an order. */
const onRest = (name: string, weight: number, body: (random: Random) => Body): FaultKind => ({
  name,
  weight,
  async inject(world, random) {
    const target = random() < 0.4 ? { operation: 'CreateOrderV2' } : random() < 0.5 ? { user_id: pick(random, world.traders).userId } : {};
    await admin(world.exchange, 'POST', '/_sim/http/faults', { ...body(random), ...target });
    return true;
  },
});

const when = (random: Random) => (random() < 0.5 ? 'before' : 'after');

export const FAULT_KINDS: readonly FaultKind[] = [
  onSocket('ws_drop', 2, '/_sim/ws/drop', (r) => (r() < 0.5 ? {} : { code: 1011 })),
  onSocket('ws_heartbeat_silenced', 1, '/_sim/ws/heartbeat', () => ({ enabled: false })),
  onSocket('ws_seq_gap', 2, '/_sim/ws/faults', () => ({ fault: 'skip_seq', channel: 'orderbook_delta' })),
  onSocket('ws_seq_duplicate', 2, '/_sim/ws/faults', () => ({ fault: 'repeat_seq', channel: 'orderbook_delta' })),
  onSocket('ws_malformed_book', 1, '/_sim/ws/faults', () => ({ fault: 'malformed', channel: 'orderbook_delta' })),
  onSocket('ws_malformed_fill', 1, '/_sim/ws/faults', () => ({ fault: 'malformed', channel: 'fill' })),
  onSocket('ws_malformed_garbage', 1, '/_sim/ws/faults', () => ({ fault: 'malformed' })),
  onSocket('ws_delay', 1, '/_sim/ws/delay', (r) => ({ ms: between(r, 20, 150) })),
  onRest('http_429_storm', 2, (r) => ({ kind: 'status', status: 429, count: between(r, 3, 6) })),
  onRest('http_5xx_burst', 3, (r) => ({ kind: 'status', status: pick(r, [500, 502, 503, 504]), count: between(r, 1, 3), when: when(r) })),
  onRest('http_slow', 2, (r) => ({ kind: 'slow', ms: between(r, REST_TIMEOUT_MS + 200, REST_TIMEOUT_MS + 600), count: between(r, 1, 2), when: when(r) })),
  onRest('http_drop', 2, (r) => ({ kind: 'drop', count: between(r, 1, 2), when: when(r) })),
  {
    // REST fails every fills request for a while just as a socket drops: the fills missed meanwhile
    // must still come through the backfill, which has to retry its way past the outage.
    name: 'rest_outage_with_ws_drop',
    weight: 1,
    async inject(world, random) {
      const connection = await connectionOf(world, random);
      if (connection === undefined) return false;
      await admin(world.exchange, 'POST', '/_sim/http/faults', { kind: 'status', status: 503, count: MAX_RETRIES + 4, operation: 'GetFills' });
      await admin(world.exchange, 'POST', '/_sim/ws/drop', { connection });
      return true;
    },
  },
  {
    name: 'clock_skew',
    weight: 1,
    async inject(world, random) {
      // Past the exchange's 60 s window for old timestamps: every client's next signature is refused.
      await admin(world.exchange, 'POST', '/_sim/clock', { advance_ms: between(random, 65_000, 120_000) });
      return true;
    },
  },
];

/**
 * Injects a random fault every 100-350 ms. Kinds are dealt from a shuffled deck holding each kind
 * `weight` times, so every kind comes up within one deck of faults however the dice fall.
 */
export class FaultInjector {
  /** What was injected, by kind. */
  readonly injected: Record<string, number> = {};
  #deck: FaultKind[] = [];

  constructor(
    private readonly world: World,
    private readonly random: Random,
  ) {}

  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, between(this.random, 100, 350)));
      const kind = this.#deal();
      if (await kind.inject(this.world, this.random)) this.injected[kind.name] = (this.injected[kind.name] ?? 0) + 1;
    }
  }

  #deal(): FaultKind {
    if (this.#deck.length === 0) {
      this.#deck = FAULT_KINDS.flatMap((k) => Array<FaultKind>(k.weight).fill(k));
      for (let i = this.#deck.length - 1; i > 0; i--) {
        const j = Math.floor(this.random() * (i + 1));
        [this.#deck[i], this.#deck[j]] = [this.#deck[j]!, this.#deck[i]!];
      }
    }
    return this.#deck.pop()!;
  }
}

/** Ends every lasting fault: pending REST faults, socket delays and silenced heartbeats. */
export async function clearFaults(world: World): Promise<void> {
  await admin(world.exchange, 'DELETE', '/_sim/http/faults');
  await admin(world.exchange, 'POST', '/_sim/ws/delay', { connection: 'all', ms: 0 });
  await admin(world.exchange, 'POST', '/_sim/ws/heartbeat', { connection: 'all', enabled: true });
}
