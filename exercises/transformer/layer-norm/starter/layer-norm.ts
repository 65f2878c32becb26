// Layer normalization (Ba et al., 2016): rescale every feature vector to zero mean and unit variance, then
// give it back a learned scale (gamma) and shift (beta). It normalizes over the LAST axis only, so each token's
// vector is normalized on its own — no statistics are shared across the batch or the sequence.
//
//   mean = average of x over the last axis
//   var  = average of (x − mean)² over the last axis      (biased: divide by d, not d − 1)
//   y    = (x − mean) / sqrt(var + eps) · gamma + beta
//
// Deliberately left out: learning gamma and beta (they are plain tensors here; the capstone trains them) and
// RMSNorm, the mean-free variant many newer models use.
import * as tf from '@tensorflow/tfjs';

/**
 * x: [..., d]; gamma, beta: [d]. Returns a tensor of x's shape.
 *
 *   layerNorm([[1, 2, 3, 4]], gamma = [1, 1, 1, 1], beta = [0, 0, 0, 0])
 *     mean = 2.5, var = (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
 *     -> [[-1.341635, -0.447212, 0.447212, 1.341635]]        ((x − 2.5) / sqrt(1.25 + 1e-5))
 */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, eps = 1e-5): tf.Tensor {
  // tf.tidy frees every tensor made inside it except the one returned.
  return tf.tidy(() => {
    // Step 1: mean = x.mean(-1, true) and the biased variance of x − mean over the last axis (keepDims, so the
    //         [..., 1] results broadcast back against [..., d]).
    // Step 2: normalized = (x − mean) / sqrt(var + eps).
    // Step 3: return normalized · gamma + beta.
    throw new Error(`TODO: step 1 — mean and variance of x [${x.shape}] over the last axis; step 2 — normalize with eps = ${eps}; step 3 — scale by gamma [${gamma.shape}] and shift by beta [${beta.shape}]`);
  });
}
