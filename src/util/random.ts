// Seeded randomness for everything the extension computes (samples, projections, batches): the same seed always
// gives the same numbers. Pure: no vscode, no Node — also bundled into the webview apps.

/** mulberry32: a small 32-bit generator (not for cryptography). `seededRandom(42)()` -> a number in [0, 1). */
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
