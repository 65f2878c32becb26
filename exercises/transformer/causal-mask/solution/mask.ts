// The causal mask: which keys each query of a language model may look at. Position i may attend to
// positions 0..i (itself and the past) and never to i+1..t−1 (the future it is asked to predict).
// The mask is a plain float32 matrix of 1s (attend) and 0s (blocked); attention.ts turns the 0s into
// weights of exactly 0. Deliberately left out: padding masks and batching — one [t, t] matrix serves
// every sequence and every head, by broadcasting.
import * as tf from '@tensorflow/tfjs';

/**
 * Step 1 and 2. A float32 [t, t] matrix with 1 on and below the diagonal (key j ≤ query i), 0 above.
 *
 *   causalMask(1) -> [[1]]
 *   causalMask(4) -> [[1, 0, 0, 0],
 *                     [1, 1, 0, 0],
 *                     [1, 1, 1, 0],
 *                     [1, 1, 1, 1]]     row = query position i, column = key position j
 */
export function causalMask(t: number): tf.Tensor2D {
  return tf.tidy(() => {
    // Step 1: the query index of every row and the key index of every column, shaped to broadcast.
    const rows = tf.range(0, t).reshape([t, 1]); // [t, 1]: i
    const cols = tf.range(0, t).reshape([1, t]); // [1, t]: j
    // Step 2: key j is visible from query i when j ≤ i; the comparison is bool, the mask is float32.
    return tf.lessEqual(cols, rows).cast('float32') as tf.Tensor2D; // [t, t]
  });
}
