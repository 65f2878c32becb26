// Multi-head self-attention, as in GPT-2 and nanoGPT: project x into queries, keys and values, cut each into
// nHead heads of size C / nHead, run your scaled dot-product attention on every head at once, glue the heads
// back together and mix them with an output projection.
//
//   q = x·Wq + bq,  k = x·Wk + bk,  v = x·Wv + bv          [B, T, C] each
//   split into heads                                       [B, nHead, T, C/nHead]
//   attention per head (softmax(q·kᵀ/√(C/nHead))·v)        [B, nHead, T, C/nHead]
//   merge the heads, then ·Wo + bo                         [B, T, C]
//
// Head h owns channels h·hs .. (h+1)·hs − 1 of q, k and v (hs = C / nHead). Deliberately left out: dropout,
// a fused C→3C projection (the capstone's Mini-GPT uses one; slicing it gives Wq, Wk, Wv) and key/value caching.
//
// Your scaled dot-product attention from the previous exercise does the per-head work. Import it with
//   import { scaledDotProductAttention } from '../attention/attention';
// (if you skipped that exercise, the grader lends you its reference solution).
import * as tf from '@tensorflow/tfjs';

/** The four projection matrices, applied as x·W (each [C, C]), and their optional biases ([C] each). */
export interface MultiHeadParams {
  wq: tf.Tensor2D;
  wk: tf.Tensor2D;
  wv: tf.Tensor2D;
  wo: tf.Tensor2D;
  bq?: tf.Tensor1D;
  bk?: tf.Tensor1D;
  bv?: tf.Tensor1D;
  bo?: tf.Tensor1D;
}

/**
 * Step 1. [B, T, C] -> [B, nHead, T, C/nHead]: head h gets channels h·hs .. (h+1)·hs − 1 of every position.
 * Throws an Error when C is not divisible by nHead.
 *
 *   x = [[[0, 1, 2, 3],        splitHeads(x, 2) = [[ [[0, 1], [4, 5]],      head 0: channels 0–1
 *         [4, 5, 6, 7]]]                             [[2, 3], [6, 7]] ]]     head 1: channels 2–3
 *   (a reshape straight to [1, 2, 2, 2] would give [[0, 1], [2, 3]] to head 0 — both halves of position 0)
 */
export function splitHeads(x: tf.Tensor3D, nHead: number): tf.Tensor4D {
  // Check C % nHead first (throw new Error(...)); then, inside tf.tidy, reshape to [B, T, nHead, hs] and
  // transpose the middle two axes to get [B, nHead, T, hs].
  return tf.tidy(() => {
    throw new Error(`TODO: step 1 — splitHeads(x [${x.shape}], ${nHead}): reshape to [B, T, nHead, hs], then transpose to [B, nHead, T, hs]`);
  });
}

/**
 * Step 2. The inverse of splitHeads: [B, nHead, T, hs] -> [B, T, nHead·hs], so mergeHeads(splitHeads(x, h)) = x.
 *
 *   mergeHeads([[ [[0, 1], [4, 5]], [[2, 3], [6, 7]] ]]) = [[[0, 1, 2, 3], [4, 5, 6, 7]]]
 */
export function mergeHeads(x: tf.Tensor4D): tf.Tensor3D {
  return tf.tidy(() => {
    throw new Error(`TODO: step 2 — mergeHeads(x [${x.shape}]): transpose back to [B, T, nHead, hs], then reshape to [B, T, C]`);
  });
}

/**
 * Step 3. Multi-head self-attention of x [B, T, C] with nHead heads; mask (optional) broadcasts to
 * [B, nHead, T, T] — a [T, T] causal mask works for every batch and head. Returns the output [B, T, C] and
 * every head's attention weights [B, nHead, T, T] (the attention visualizer draws them).
 */
export function multiHeadAttention(
  x: tf.Tensor3D,
  params: MultiHeadParams,
  nHead: number,
  mask?: tf.Tensor,
): { output: tf.Tensor3D; weights: tf.Tensor4D } {
  // Check C % nHead first. Then, inside tf.tidy:
  //   q, k, v = x·W + b (tf.matMul(x, params.wq), plus params.bq when it is given), each split into heads;
  //   { output, weights } = scaledDotProductAttention(q, k, v, mask);
  //   return { output: mergeHeads(output)·Wo + bo, weights }.
  return tf.tidy(() => {
    throw new Error(
      `TODO: step 3 — multiHeadAttention(x [${x.shape}], ${nHead} heads${mask ? `, mask [${mask.shape}]` : ''}) with wq [${params.wq.shape}]: project, split, attend, merge, project`,
    );
  });
}
