/*
 * Deterministic randomness keyed by name. Live data is computed on demand for any instant, so
 * instead of one sequential stream (whose values would depend on what was asked before) every
 * value is a pure function of (exchange seed, name, index).
 */
import { mulberry32, type Random } from '../prng.js';

/** FNV-1a over the UTF-16 code units: a stable 32-bit key for a name. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A key for `noise`: one per (seed, name), computed once per series of values. */
export const keyOf = (seed: number, name: string): number => hashString(`${seed}:${name}`);

/** A number in [0, 1) for (key, n); n may be any safe integer (e.g. a minute since the epoch). */
export function noise(key: number, n: number): number {
  const lo = n % 4294967296;
  const hi = Math.floor(n / 4294967296);
  let h = (key ^ Math.imul(lo | 0, 0x9e3779b1) ^ Math.imul(hi | 0, 0x85ebca77)) >>> 0;
  // murmur3's finaliser: every input bit affects every output bit.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A sequential stream for building one named thing (a game's plays, a roster). */
export const streamOf = (seed: number, name: string): Random => mulberry32(keyOf(seed, name));

/** A version-4-shaped UUID that is the same for the same seed and name. */
export function seededUuid(seed: number, name: string): string {
  const rand = streamOf(seed, `uuid:${name}`);
  const bytes = Array.from({ length: 16 }, () => Math.floor(rand() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A digit string of `length` digits (external source ids), not starting with 0. */
export function digits(seed: number, name: string, length: number): string {
  const rand = streamOf(seed, `digits:${name}`);
  let out = String(1 + Math.floor(rand() * 9));
  while (out.length < length) out += String(Math.floor(rand() * 10));
  return out;
}
