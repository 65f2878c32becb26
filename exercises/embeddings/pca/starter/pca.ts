// Principal component analysis with TensorFlow.js: the linear way to look at 100-dimensional word vectors in
// 2-D or 3-D. Centre the data, find the directions along which it varies most (the top eigenvectors of its
// covariance matrix), and express every point in those directions. Deliberately left out: whitening (dividing by
// the standard deviations), the SVD route, and randomized PCA for huge matrices — power iteration on a small
// d × d covariance is all that word vectors need.
//
// TF.js has no eigensolver, so step 3 finds the eigenvectors one at a time by power iteration: multiplying any
// vector by the covariance again and again turns it towards the direction of largest variance.

import * as tf from '@tensorflow/tfjs';

/**
 * Step 1. Subtract every column's mean, so the cloud of points is centred on the origin.
 *
 *   centre([[1, 10],      [[-1, -5],
 *           [3, 20]])  ->  [ 1,  5]]       column means [2, 15]
 */
export function centre(x: tf.Tensor2D): tf.Tensor2D {
  throw new Error(`TODO: step 1 — subtract each column's mean (tf.mean(x, 0), shape [${x.shape[1]}]) from the [${x.shape}] data`);
}

/**
 * Step 2. The covariance matrix of centred data: C = xcᵀ · xc / (n − 1), shape [d, d]. C[i][j] is how much
 * columns i and j vary together; C[i][i] is column i's variance. (Dividing by n instead would scale every
 * eigenvalue but change no direction — PCA does not care.)
 */
export function covariance(xc: tf.Tensor2D): tf.Tensor2D {
  const [n, d] = xc.shape;
  throw new Error(`TODO: step 2 — return the [${d}, ${d}] matrix xcᵀ · xc / (${n} − 1); tf.matMul(xc, xc, true, false) transposes the first operand`);
}

/**
 * Step 3. The top k eigenvectors of a symmetric [d, d] matrix, as the columns of a [d, k] matrix, the direction of
 * largest variance first. Power iteration with deflation by orthogonalization: for component i, start from a
 * fixed vector and repeat v ← C·v, remove from v its parts along the components already found, v ← v / ‖v‖, until
 * v stops moving. Its sign is arbitrary (−v is as good an eigenvector as v).
 *
 *   start:      v = tf.randomNormal([d, 1], 0, 1, 'float32', seed) / its norm       (a seed: same result every run)
 *   repeat:     w = C · v;   for each u already found: w = w − u · (u·w);   v' = w / ‖w‖
 *   stop when   ‖v' − v‖ < tolerance, or after maxIterations
 *
 * Each iteration makes new tensors: wrap it in tf.tidy and dispose the old v, or thousands of tensors pile up.
 */
export function topEigenvectors(c: tf.Tensor2D, k: number, maxIterations = 500, tolerance = 1e-6): tf.Tensor2D {
  throw new Error(`TODO: step 3 — find the top ${k} eigenvectors of this [${c.shape}] matrix by power iteration (at most ${maxIterations} steps each, until a step moves v by less than ${tolerance}); return them as the columns of a [${c.shape[0]}, ${k}] tensor`);
}

/**
 * Step 4. PCA: centre x [n, d], find the top k principal directions V [d, k] of its covariance, and return the
 * projected data xc · V, shape [n, k]. Column 0 has the largest variance, column 1 the next, and so on; each
 * column's sign is free.
 *
 *   x = mean + tᵢ·u₁ + sᵢ·u₂ with u₁ = (0.6, 0.8), u₂ = (−0.8, 0.6), t = [−5, −3, −1, 1, 3, 5], s = [1, −1, 0, 0, −1, 1]
 *   pca(x, 1) -> ±[[−5], [−3], [−1], [1], [3], [5]]         (t: the coordinates along u₁)
 *   pca(x, 2) -> ±t and ±s as the two columns
 */
export function pca(x: tf.Tensor2D, k: number): tf.Tensor2D {
  return tf.tidy(() => {
    const xc = centre(x); // [n, d]
    const v = topEigenvectors(covariance(xc), k); // [d, k]
    throw new Error(`TODO: step 4 — return the projected data xc · V, shape [${xc.shape[0]}, ${k}] (V is [${v.shape}])`);
  });
}
