// The building blocks of a GPT as plain functions of tensors — the same contracts as the chapter 5 exercises
// (causalMask, scaledDotProductAttention, layerNorm), plus GELU and a Linear layer. No parameters live here:
// gpt.ts owns the variables and passes them in. None of these tidy up after themselves; call them inside the
// caller's tf.tidy (the model's forward does).

import * as tf from '@tensorflow/tfjs';

/**
 * The causal mask: float32 [t, t], 1 on and below the diagonal (query i may attend to key j ≤ i), 0 above.
 *
 *   causalMask(3) -> [[1, 0, 0],
 *                     [1, 1, 0],
 *                     [1, 1, 1]]
 */
export function causalMask(t: number): tf.Tensor2D {
  return tf.linalg.bandPart(tf.ones([t, t], 'float32'), -1, 0) as tf.Tensor2D;
}

/**
 * weights = softmax(q·kᵀ / √d_k) over the last axis; output = weights · v. Works on any leading dimensions:
 * q [..., Tq, d_k], k [..., Tk, d_k], v [..., Tk, d_v] -> output [..., Tq, d_v], weights [..., Tq, Tk].
 * `mask` broadcasts to [..., Tq, Tk]; nonzero = attend, 0 = blocked. Blocked scores get −1e9 added, so after
 * the softmax their weights are exactly 0 in float32 (e^(−1e9) underflows), as with nanoGPT's −inf fill, but
 * without inf − inf = NaN should a whole row ever be blocked.
 */
export function scaledDotProductAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask?: tf.Tensor): { output: tf.Tensor; weights: tf.Tensor } {
  const dk = q.shape[q.shape.length - 1];
  let scores = tf.matMul(q, k, false, true).div(Math.sqrt(dk)); // [..., Tq, Tk]
  if (mask) {
    const blocked = tf.equal(tf.cast(mask, 'float32'), 0).cast('float32'); // 1 where blocked
    scores = scores.add(blocked.mul(-1e9));
  }
  const weights = tf.softmax(scores, -1); // [..., Tq, Tk]
  const output = tf.matMul(weights, v); // [..., Tq, d_v]
  return { output, weights };
}

/**
 * LayerNorm over the last axis with the biased variance: (x − mean) / √(var + eps) · gamma + beta.
 *
 *   layerNorm([[1, 2, 3]], [1, 1, 1], [0, 0, 0]) -> [[-1.2247, 0, 1.2247]]
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor {
  const mean = x.mean(-1, true); // [..., 1]
  const centred = x.sub(mean); // [..., C]
  const variance = centred.square().mean(-1, true); // [..., 1]
  return centred.div(variance.add(eps).sqrt()).mul(gamma).add(beta);
}

const GELU_K = Math.sqrt(2 / Math.PI);

/** GELU, the tanh approximation GPT-2 uses: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = x.add(x.pow(3).mul(0.044715)).mul(GELU_K);
  return x.mul(0.5).mul(inner.tanh().add(1));
}

/**
 * A Linear layer on the last axis: x · w + b, with x [..., in], w [in, out], b [out] -> [..., out]. tf.matMul
 * wants matching ranks, so the leading axes are folded into one and unfolded again.
 */
export function linear(x: tf.Tensor, w: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor {
  const [nIn, nOut] = w.shape;
  const lead = x.shape.slice(0, -1);
  const y = tf.matMul(x.reshape([-1, nIn]), w).add(b); // [N, out]
  return y.reshape([...lead, nOut]);
}
