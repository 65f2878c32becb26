// The four activation functions you will meet in this course, applied elementwise to a vector:
// relu (the workhorse), sigmoid and tanh (the classic squashers) and gelu (what GPT-2 uses).
// Each exported function maps an array to a new array of the same length; the work happens in a one-number
// helper next to it. Deliberately left out: derivatives (the autograd exercise does those) and Math.tanh —
// writing tanh from exponentials is how you meet overflow, the real lesson of this file.

/**
 * Step 1. relu(x) = max(0, x), elementwise.
 *
 *   relu([-2, -0.5, 0, 0.5, 3]) -> [0, 0, 0, 0.5, 3]
 */
export function relu(x: number[]): number[] {
  return x.map(reluOne);
}

function reluOne(v: number): number {
  return v > 0 ? v : 0;
}

/**
 * Step 2. sigmoid(x) = 1 / (1 + e^(-x)), elementwise, squashing every number into [0, 1].
 *
 *   sigmoid([0, 1, -1]) -> [0.5, 0.7310585786300049, 0.2689414213699951]
 *   sigmoid([-1000, 1000]) -> [0, 1]      (never NaN: e^1000 overflows to Infinity in float64)
 */
export function sigmoid(x: number[]): number[] {
  return x.map(sigmoidOne);
}

function sigmoidOne(v: number): number {
  // Only ever exponentiate a non-positive number, so e^(...) stays in (0, 1] and cannot overflow.
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * Step 3. tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)), elementwise, squashing into [−1, 1].
 *
 *   tanh([0, 1, -1]) -> [0, 0.7615941559557649, -0.7615941559557649]
 *   tanh([1000]) -> [1]      (the formula as written gives Infinity / Infinity = NaN)
 */
export function tanh(x: number[]): number[] {
  return x.map(tanhOne);
}

function tanhOne(v: number): number {
  // tanh is odd, so compute it for |v| with e^(−2|v|) ∈ (0, 1]: (1 − e^(−2|v|)) / (1 + e^(−2|v|)).
  const e = Math.exp(-2 * Math.abs(v));
  const t = (1 - e) / (1 + e);
  return v < 0 ? -t : t;
}

/**
 * Step 4. GELU with the tanh approximation used by GPT-2, elementwise:
 *   gelu(x) = 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
 *
 *   gelu([0, 1, -1]) -> [0, 0.8411919906082768, -0.15880800939172324]
 *   (the exact GELU, x · Φ(x), gives 0.8413447460685429 at 1: close, but a different function)
 */
export function gelu(x: number[]): number[] {
  return x.map(geluOne);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

function geluOne(v: number): number {
  return 0.5 * v * (1 + tanhOne(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)));
}
