/**
 * A small seeded pseudo-random generator (mulberry32): the simulator's disorder must be reproducible from a seed, which
 * Math.random is not. Each call and message draws from its own stream (seed and its number), so what happens to the
 * n-th call does not depend on how the others interleaved.
 */
export interface Prng {
  /** uniform in [0, 1) */
  next(): number
  /** true with probability `p` */
  chance(p: number): boolean
  /** an integer in [min, max] */
  between(min: number, max: number): number
}

export function createPrng(seed: number, stream = 0): Prng {
  // Mixing the stream number in with a large odd constant keeps neighbouring streams unrelated.
  let state = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(stream | 0, 0x85ebca6b)) >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let z = state
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    chance: (p) => p > 0 && next() < p,
    between: (min, max) => (max <= min ? min : min + Math.floor(next() * (max - min + 1))),
  }
}
