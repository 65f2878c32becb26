// Cosine similarity and nearest neighbours with TensorFlow.js: the two questions every embedding space answers
// ("how alike are these two words?" and "which words are most like this one?"). Deliberately left out:
// approximate search (LSH, HNSW) and batching many queries at once — one exact query against every row is enough
// for 10,000 words.
//
// Every function returns plain numbers, so no tensor may outlive the call: intermediate work goes inside
// tf.tidy(), and the caller's tensors (a, b, matrix, query) are left alone — never dispose() what you were given.

import * as tf from '@tensorflow/tfjs';

/** One result of a nearest-neighbour search: the row's index in the matrix and its cosine similarity. */
export interface Neighbor {
  index: number;
  score: number;
}

/**
 * Step 1. The cosine of the angle between two vectors: a·b / (‖a‖ ‖b‖), from −1 (opposite) through 0
 * (orthogonal) to 1 (same direction). Length does not matter, only direction. A zero vector has no direction:
 * its similarity to anything is defined as 0 (not NaN).
 *
 *   cosineSimilarity([1, 2, 2], [2, 1, 2])  -> 8 / (3 · 3) = 0.8889
 *   cosineSimilarity([1, 0], [0, 5])        -> 0
 *   cosineSimilarity([1, 1], [-2, -2])      -> -1
 *   cosineSimilarity([0, 0], [1, 2])        -> 0           (a zero vector)
 *
 * Useful: tf.dot, tf.norm, tf.divNoNan (0 where the divisor is 0), and .dataSync()[0] to read a scalar.
 */
export function cosineSimilarity(a: tf.Tensor1D, b: tf.Tensor1D): number {
  return tf.tidy(() => {
    throw new Error(`TODO: step 1 — return a·b / (‖a‖ ‖b‖) for these two [${a.shape}] and [${b.shape}] vectors as a number (0 when either is zero)`);
  });
}

/**
 * Step 2. The k rows of `matrix` most similar to `query` by cosine, highest first, as { index, score }.
 * Every row counts — if the query is itself a row of the matrix, that row comes back (first, with score 1).
 * A zero row, or a zero query, scores 0. Ties keep the lower index first; k larger than the number of rows
 * returns every row.
 *
 *   matrix = [[1, 0],       query = [1, 0], k = 3  ->  [{ index: 0, score: 1 },
 *             [0, 1],                                  { index: 3, score: 0.7071 },
 *             [-1, 0],                                 { index: 1, score: 0 }]
 *             [1, 1]]
 *
 * Shapes: matrix [n, d], query [d]. One matrix-vector product scores all n rows at once:
 *   dots = matrix · query                      // [n]
 *   sims = dots / (‖row‖ · ‖query‖)            // [n]   tf.norm(matrix, 'euclidean', 1) gives every ‖row‖
 * then tf.topk(sims, k) returns the k largest, sorted, ties by lower index.
 */
export function nearestNeighbors(matrix: tf.Tensor2D, query: tf.Tensor1D, k: number): Neighbor[] {
  const [n, d] = matrix.shape;
  return tf.tidy(() => {
    throw new Error(`TODO: step 2 — score all ${n} rows of the [${n}, ${d}] matrix against the [${query.shape}] query by cosine and return the top ${Math.min(k, n)} as { index, score }, highest first`);
  });
}
