// The four activation functions you will meet in this course, applied elementwise to a vector:
// relu (the workhorse), sigmoid and tanh (the classic squashers) and gelu (what GPT-2 uses).
// Each exported function maps an array to a new array of the same length; the work happens in a one-number
// helper next to it. Deliberately left out: derivatives (the autograd exercise does those) and Math.tanh —
// writing tanh from exponentials is how you meet overflow, the real lesson of this file.
//
// The exported functions are wired up for you; fill in the one-number helpers, step by step.

/**
 * Step 1. relu(x) = max(0, x), elementwise.
 *
 *   relu([-2, -0.5, 0, 0.5, 3]) -> [0, 0, 0, 0.5, 3]
 */
export function relu(x: number[]): number[] {
  return x.map(reluOne);
}

function reluOne(v: number): number {
  throw new Error(`TODO: step 1 — relu(${v}): return v when it is positive, else 0`);
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
  throw new Error(`TODO: step 2 — sigmoid(${v}) with Math.exp; make sure no input can turn it into NaN`);
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
  throw new Error(`TODO: step 3 — tanh(${v}) from Math.exp, without overflowing for large |v|`);
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

function geluOne(v: number): number {
  throw new Error(`TODO: step 4 — gelu(${v}) with the tanh approximation (reuse tanhOne from step 3)`);
}
