// Seeded randomness for hidden tests: the same submission always meets the same "random" inputs, so a failure
// can be reproduced and a grade never flips between runs.

/**
 * mulberry32: a tiny 32-bit generator, plenty for test inputs (not for cryptography).
 * `const rand = seededRandom(42); rand()` -> a number in [0, 1), the same sequence for the same seed.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
