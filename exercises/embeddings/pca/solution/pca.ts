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
  return tf.tidy(() => tf.sub(x, tf.mean(x, 0))); // [n, d] − [d], broadcast over rows
}

/**
 * Step 2. The covariance matrix of centred data: C = xcᵀ · xc / (n − 1), shape [d, d]. C[i][j] is how much
 * columns i and j vary together; C[i][i] is column i's variance. (Dividing by n instead would scale every
 * eigenvalue but change no direction — PCA does not care.)
 */
export function covariance(xc: tf.Tensor2D): tf.Tensor2D {
  const n = xc.shape[0];
  return tf.tidy(() => tf.div(tf.matMul(xc, xc, true, false), Math.max(1, n - 1))); // [d, d]
}

/**
 * Step 3. The top k eigenvectors of a symmetric [d, d] matrix, as the columns of a [d, k] matrix, the direction of
 * largest variance first. Power iteration with deflation by orthogonalization: for component i, start from a
 * fixed vector and repeat v ← C·v, remove from v its parts along the components already found, v ← v / ‖v‖, until
 * v stops moving. Its sign is arbitrary (−v is as good an eigenvector as v).
 */
export function topEigenvectors(c: tf.Tensor2D, k: number, maxIterations = 500, tolerance = 1e-6): tf.Tensor2D {
  const d = c.shape[0];
  const found: tf.Tensor2D[] = []; // each [d, 1]
  for (let i = 0; i < k; i++) {
    let v = tf.tidy(() => unit(tf.randomNormal([d, 1], 0, 1, 'float32', 1234 + i))); // [d, 1]
    for (let it = 0; it < maxIterations; it++) {
      const next = tf.tidy(() => {
        let w: tf.Tensor2D = tf.matMul(c, v); // [d, 1]
        for (const u of found) w = tf.sub(w, tf.mul(u, tf.sum(tf.mul(u, w)))); // remove the parts along u
        return unit(w);
      });
      const moved = tf.tidy(() => tf.norm(tf.sub(next, v)).dataSync()[0]);
      v.dispose();
      v = next;
      if (moved < tolerance) break;
    }
    found.push(v);
  }
  const result = tf.concat(found, 1) as tf.Tensor2D; // [d, k]
  found.forEach((u) => u.dispose());
  return result;
}

/** v / ‖v‖ (v unchanged when it is zero). */
function unit(v: tf.Tensor2D): tf.Tensor2D {
  return tf.divNoNan(v, tf.norm(v));
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
    return tf.matMul(xc, v); // [n, k]
  });
}
