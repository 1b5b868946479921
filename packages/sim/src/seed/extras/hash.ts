import { createHash } from 'node:crypto';

/*
 * Seeded extras are drawn per entity (a series, an event, a collection) from a hash of the seed and
 * the entity's ticker, not from one shared stream: adding an entity elsewhere in the catalog then
 * leaves every other entity's draws unchanged.
 */

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** A 32-bit seed for mulberry32 derived from `parts`. */
export function hash32(...parts: (string | number)[]): number {
  return digest(parts.join('\u0000')).readUInt32BE(0);
}

/** A stable id shaped like a v4 UUID (Kalshi's ids are UUIDs). */
export function stableUuid(...parts: (string | number)[]): string {
  const h = digest(parts.join('\u0000')).toString('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Upper-case hex of the digest, `length` characters: ticker suffixes of generated combos. */
export function hexTag(length: number, ...parts: (string | number)[]): string {
  return digest(parts.join('\u0000')).toString('hex').slice(0, length).toUpperCase();
}
