// Scaled dot-product attention, the heart of the transformer: every query scores every key, a softmax turns
// the scores into weights, and the output is the weighted average of the values.
//
//   weights = softmax(q · kᵀ / √d_k)      over the last axis (the keys)
//   output  = weights · v
//
// It works on any leading dimensions — [T, d], [B, T, d], [B, h, T, d] — because tf.matMul batches over them.
// An optional mask says which keys each query may see (nonzero = attend, 0 = blocked); blocked keys get a
// weight of exactly 0. Deliberately left out: the q/k/v projections and the heads (multi-head.ts does those)
// and dropout.
import * as tf from '@tensorflow/tfjs';

/**
 * q: [..., Tq, d_k], k: [..., Tk, d_k], v: [..., Tk, d_v]; mask (any dtype) broadcasts to [..., Tq, Tk].
 * Returns output [..., Tq, d_v] and weights [..., Tq, Tk], whose rows sum to 1.
 *
 *   q = [[0, 2·ln 2, 2·ln 3, 0]]                 d_k = 4, so √d_k = 2
 *   k = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]]
 *   scores  = q·kᵀ / 2 = [[0, ln 2, ln 3]]
 *   weights = softmax  = [[1/6, 2/6, 3/6]]       (e^0 : e^ln2 : e^ln3 = 1 : 2 : 3)
 *   v = [[6, 0], [0, 6], [0, 0]]  ->  output = [[1, 2]]
 */
export function scaledDotProductAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  mask?: tf.Tensor,
): { output: tf.Tensor; weights: tf.Tensor } {
  // tf.tidy frees every tensor made inside it except the ones returned: end with `return { output, weights };`.
  return tf.tidy(() => {
    // Step 1: scores = q · kᵀ / √d_k, shape [..., Tq, Tk] (tf.matMul(q, k, false, true) transposes k for you;
    //         d_k is the last entry of q.shape).
    // Step 2: if there is a mask, give every blocked key (mask == 0) a score of -1e9 BEFORE the softmax
    //         (tf.cast(mask, 'bool') and tf.where broadcast for you).
    // Step 3: weights = softmax over the last axis; output = weights · v.
    throw new Error(
      `TODO: step 1 — scores for q [${q.shape}] and k [${k.shape}]; step 2 — the mask (${mask ? `[${mask.shape}]` : 'none'}); step 3 — softmax and weights · v [${v.shape}]`,
    );
  });
}
