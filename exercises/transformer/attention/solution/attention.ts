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

/** A score far below any real one: after the softmax's max-subtraction, exp() of it is exactly 0 in float32. */
const BLOCKED = -1e9;

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
  return tf.tidy(() => {
    const dk = q.shape[q.shape.length - 1];
    // Step 1: every query against every key, scaled so the scores' spread does not grow with d_k.
    let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk)); // [..., Tq, Tk]
    // Step 2: blocked keys get a hugely negative score BEFORE the softmax, so their weight comes out 0.
    if (mask) {
      const attend = tf.cast(mask, 'bool'); // nonzero -> true, whatever the dtype; broadcasts below
      scores = tf.where(attend, scores, tf.scalar(BLOCKED)); // [..., Tq, Tk]
    }
    // Step 3: a softmax over the keys (the last axis), then the weighted average of the values.
    const weights = tf.softmax(scores, -1); // [..., Tq, Tk], each row sums to 1
    const output = tf.matMul(weights, v); // [..., Tq, d_v]
    return { output, weights };
  });
}
