/**
 * mulberry32: a tiny 32-bit PRNG. The catalog must be identical for the same seed on every
 * machine and run, so nothing here may touch Math.random.
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export const intBetween = (rand: Random, min: number, max: number): number =>
  min + Math.floor(rand() * (max - min + 1));
