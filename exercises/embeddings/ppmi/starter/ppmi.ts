// Count-based word vectors: how often each word appears near each other word, reweighted by positive pointwise
// mutual information (PPMI). Each row of the PPMI matrix is already a usable word vector — "a word is
// characterized by the company it keeps". Deliberately left out: distance weighting inside the window, context
// distribution smoothing (raising p(c) to 0.75) and the SVD that would compress the rows to a few hundred
// dimensions.

import * as tf from '@tensorflow/tfjs';

/**
 * Step 1. The co-occurrence counts of a token sequence, as a [V, V] float32 matrix for V = vocab.length:
 * counts[i][j] is how many times vocab[j] appears within `window` positions before or after an occurrence of
 * vocab[i]. A token is never its own context (offset 0 is skipped), but the same word at another position is.
 * Tokens not in the vocabulary are not counted, yet they still take up their positions in the window. The
 * matrix is symmetric: every pair is seen from both ends.
 *
 *   tokens = the cat sat on the mat, vocab = [the, cat, sat, on, mat], window = 1
 *
 *           the cat sat on mat
 *     the [  0   1   0   1   1 ]      the–cat, on–the, the–mat
 *     cat [  1   0   1   0   0 ]
 *     sat [  0   1   0   1   0 ]
 *     on  [  1   0   1   0   0 ]
 *     mat [  1   0   0   0   0 ]
 *
 * Counting is a loop, not tensor math: fill a tf.buffer([V, V], 'float32') (buffer.get / buffer.set), or a
 * Float32Array, and turn it into a tensor once at the end.
 */
export function cooccurrence(tokens: string[], vocab: string[], window: number): tf.Tensor2D {
  const V = vocab.length;
  const counts = tf.buffer([V, V], 'float32');
  throw new Error(`TODO: step 1 — for each of the ${tokens.length} tokens in the vocabulary, add 1 to counts[i][j] for every vocabulary word j at offsets −${window}..${window} except 0; return the [${counts.shape}] counts.toTensor()`);
}

/**
 * Step 2. Positive pointwise mutual information of a [V, V] count matrix (natural log):
 *
 *   PPMI(w, c) = max(0, ln( p(w, c) / (p(w) p(c)) ))   with   p(w, c) = counts[w][c] / N,
 *   p(w) = (row w's sum) / N,   p(c) = (column c's sum) / N,   N = the sum of all counts.
 *
 * Equivalently ln( counts[w][c] · N / (rowSum[w] · colSum[c]) ). A pair never seen has PMI −∞: it becomes 0,
 * and so does every entry of an all-zero row or column (0 / 0 must not turn into NaN).
 *
 *   counts = [[0, 2, 1],       N = 8, row sums = column sums = [3, 3, 2]
 *             [2, 0, 1],       PPMI[0][1] = ln(2 · 8 / (3 · 3)) = ln(16/9) = 0.5754
 *             [1, 1, 0]]       PPMI[0][2] = ln(1 · 8 / (3 · 2)) = ln(4/3)  = 0.2877,  PPMI[0][0] = 0
 *
 * Useful: tf.sum(counts, axis, true) keeps the summed axis, so row sums [V, 1] times column sums [1, V] broadcast
 * to [V, V]; tf.divNoNan; tf.log; tf.relu (= max(0, x), and relu(−Infinity) = 0).
 */
export function ppmi(counts: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    throw new Error(`TODO: step 2 — return max(0, ln(counts · N / (rowSum · colSum))) for this [${counts.shape}] matrix, with 0 (not NaN or -Infinity) where a count or a whole row is zero`);
  });
}
