/**
 * Which channels number their frames, and how a frame's `seq` compares with the last one delivered.
 * The channel list is read from the generated schemas (payloads that require `seq`), so it follows
 * the spec instead of a hand-kept list.
 */
import { wsChannels } from '../generated/catalog.js';
import { wsSchemas } from '../generated/schemas.js';
import type { Channel } from './types.js';

function requiresSeq(payload: string | null): boolean {
  const required = payload ? wsSchemas[payload]?.required : undefined;
  return Array.isArray(required) && required.includes('seq');
}

export const SEQUENCED_CHANNELS: ReadonlySet<Channel> = new Set(
  wsChannels.filter((spec) => spec.messages.some((m) => requiresSeq(m.payload))).map((spec) => spec.channel),
);

/** Message `type` → the channels whose subscriptions deliver it (event_lifecycle belongs to two). */
export const DATA_TYPES: ReadonlyMap<string, readonly Channel[]> = (() => {
  const map = new Map<string, Channel[]>();
  for (const spec of wsChannels) {
    for (const m of spec.messages) {
      if (m.type === null) continue;
      const list = map.get(m.type) ?? [];
      if (!list.includes(spec.channel)) list.push(spec.channel);
      map.set(m.type, list);
    }
  }
  return map;
})();

export type SeqVerdict = 'ok' | 'gap' | 'duplicate' | 'out_of_order';

/** `last` undefined means no base yet: the first frame after a (re)subscribe sets it. */
export function checkSeq(last: number | undefined, seq: number): SeqVerdict {
  if (last === undefined || seq === last + 1) return 'ok';
  if (seq === last) return 'duplicate';
  return seq > last ? 'gap' : 'out_of_order';
}
