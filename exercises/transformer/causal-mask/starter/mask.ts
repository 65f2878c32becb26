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
  // tf.tidy frees every tensor made inside it except the one returned.
  return tf.tidy(() => {
    // Step 1: the row index i as a [t, 1] tensor and the column index j as a [1, t] tensor
    //         (tf.range(0, t).reshape(...)).
    // Step 2: compare them so that entry [i, j] is true when j ≤ i, and cast the result to 'float32'.
    throw new Error(`TODO: step 1 — causalMask(${t}): build the [${t}, 1] row index and [1, ${t}] column index, then step 2 — compare and cast to float32`);
  });
}
