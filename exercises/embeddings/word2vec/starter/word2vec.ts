// word2vec, the skip-gram model with negative sampling (Mikolov et al., 2013), trained with TensorFlow.js.
// Every word gets two vectors: an input vector (the embedding we keep) and an output vector (used only during
// training). For each (centre, context) pair seen in the text, training pushes σ(input[centre] · output[context])
// towards 1, and for a few randomly drawn "negative" words towards 0. Words that appear in similar contexts end
// up with similar input vectors. Deliberately left out: subsampling of frequent words, a learning rate that
// decays, hierarchical softmax and CBOW — and speed: this trains a few hundred words on a few pages in seconds,
// not a billion-word corpus.
//
// Everything random is seeded (the initial vectors, the order of the pairs, the negatives), so the same options
// give the same vectors on every run.

import * as tf from '@tensorflow/tfjs';

export interface Word2VecOptions {
  /** Length of every word vector, e.g. 32. */
  dim: number;
  /** Context words on each side of the centre, e.g. 2. */
  window: number;
  /** Negative samples per (centre, context) pair, e.g. 5. */
  negatives: number;
  /** Passes over all pairs. */
  epochs: number;
  /** The SGD step size, e.g. 0.05. */
  learningRate: number;
  /** Seeds every random choice. */
  seed: number;
  /** Words seen fewer times are left out of the vocabulary. */
  minCount: number;
  /** Keep at most this many of the most frequent words (default: all that reach minCount). */
  maxVocab?: number;
  /** Pairs per training step (default 256). */
  batchSize?: number;
}

export interface Word2VecResult {
  /** The vocabulary, most frequent first; words[i] is the word of row i. */
  words: string[];
  /** The trained input vectors, [words.length, dim]. The caller owns (and disposes) this tensor. */
  vectors: tf.Tensor2D;
  /** The mean training loss of each epoch, losses.length === epochs. */
  losses: number[];
}

/** Lower-case words of a text (letters, with inner apostrophes): "Mr. Darcy's" -> ['mr', "darcy's"]. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? [];
}

/** mulberry32: a small seeded generator, rand() in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Step 1. The vocabulary: every word seen at least minCount times, most frequent first (ties alphabetical), cut
 * to maxVocab words, with its count.
 *
 *   buildVocab(['b', 'a', 'b', 'c', 'a', 'b'], 2)  -> { words: ['b', 'a'], counts: [3, 2] }
 */
export function buildVocab(tokens: string[], minCount: number, maxVocab = Infinity): { words: string[]; counts: number[] } {
  throw new Error(`TODO: step 1 — count the ${tokens.length} tokens, keep the words seen at least ${minCount} times, most frequent first (ties alphabetical), at most ${maxVocab}; return { words, counts }`);
}

/**
 * Step 2. The skip-gram training pairs: for every position whose token is in the vocabulary (id ≥ 0), one pair
 * (centre, context) for every in-vocabulary token within `window` positions before or after it — the same
 * window as the co-occurrence counts of the PPMI exercise. Unknown tokens (id −1) keep their positions.
 *
 *   skipGramPairs([0, 1, -1, 2], 1)  -> centres [0, 1], contexts [1, 0]      (1 and 2 are two apart)
 */
export function skipGramPairs(ids: number[], window: number): { centres: Int32Array; contexts: Int32Array } {
  throw new Error(`TODO: step 2 — for each of the ${ids.length} positions with an id ≥ 0, one (centre, context) pair per id ≥ 0 within ${window} positions before or after it (not itself)`);
}

/**
 * Given. A sampler of negative words: word i is drawn with probability proportional to counts[i]^0.75 (rare
 * words a little more often than their frequency — the word2vec choice). Returns `draw(n)`: n word ids.
 */
export function negativeSampler(counts: number[], rand: () => number): (n: number) => Int32Array {
  const cumulative: number[] = [];
  let total = 0;
  for (const c of counts) cumulative.push((total += c ** 0.75));
  return (n) => {
    const out = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const r = rand() * total;
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      out[s] = lo;
    }
    return out;
  };
}

/**
 * Step 3. One training step on a batch of B (centre, context) pairs with K negatives each: returns the batch's
 * mean loss and moves the vectors one step of plain SGD down its gradient, pair by pair as word2vec does (the
 * step is the sum of every pair's own gradient, times the learning rate).
 *
 * For one pair, with c = in[centre], o = out[context] and n_k = out[negative k], the loss is
 *
 *   L = −log σ(c·o) − Σ_k log σ(−c·n_k)
 *
 * and its gradient is the logistic-regression one — prediction minus label, 1 for the real context, 0 for a
 * negative:
 *
 *   g = σ(c·o) − 1,   g_k = σ(c·n_k)
 *   ∂L/∂c = g·o + Σ_k g_k·n_k,   ∂L/∂o = g·c,   ∂L/∂n_k = g_k·c
 *
 * Only the rows in the batch change, so the update is a scatter: tf.scatterND(rows, grads, [V, D]) builds a
 * [V, D] matrix holding each gradient in its row, adding up rows that appear more than once. (tf.gather +
 * optimizer.minimize would work too, but in Node the gradient of gather loops over all V rows — far too slow.)
 *
 * centres, contexts: [B]; negatives: [B·K], row b's negatives at b·K … b·K + K − 1.
 */
export function trainStep(wIn: tf.Variable<tf.Rank.R2>, wOut: tf.Variable<tf.Rank.R2>, centres: Int32Array, contexts: Int32Array, negatives: Int32Array, learningRate: number): number {
  const B = centres.length;
  const K = negatives.length / B;
  return tf.tidy(() => {
    // gather c = in[centres] [B, D], o = out[contexts] [B, D], n = out[negatives] [B, K, D]; scores c·o [B] and
    // c·n_k [B, K]; the loss; g = σ(c·o) − 1 and g_k = σ(c·n_k); the three gradients; two scatterND updates.
    throw new Error(`TODO: step 3 — loss and one SGD step (learning rate ${learningRate}) for ${B} pairs (${contexts.length} contexts) with ${K} negatives each, on [${wIn.shape}] input and [${wOut.shape}] output vectors`);
  });
}

/**
 * Step 4. Train: vocabulary, pairs, then `epochs` passes over the pairs in a seeded random order, one trainStep
 * per batch. Input vectors start uniform in ±0.5/dim, output vectors at 0 (so the very first loss is
 * (1 + K)·ln 2). Returns the vocabulary, a copy of the input vectors, and the mean loss of each epoch; every other
 * tensor is disposed.
 */
export function trainWord2Vec(tokens: string[], opts: Word2VecOptions): Word2VecResult {
  const { words, counts } = buildVocab(tokens, opts.minCount, opts.maxVocab);
  throw new Error(`TODO: step 4 — pairs, seeded initial vectors (${words.length} words × ${opts.dim}), ${opts.epochs} epochs of shuffled batches through trainStep with negatives from negativeSampler(counts, rand) (${counts.length} counts); return { words, vectors, losses } and dispose everything else`);
}

/**
 * Step 5. The word2vec text format that the embedding visualizer (and gensim's load_word2vec_format) reads:
 * a header line "N D", then one line per word: the word and its D numbers, separated by single spaces, each line
 * ending in "\n".
 *
 *   toWord2VecText(['king', 'queen'], [[0.5, -1], [0.25, 2]])  ->  "2 2\nking 0.5 -1\nqueen 0.25 2\n"
 */
export function toWord2VecText(words: string[], vectors: tf.Tensor2D): string {
  const [n, d] = vectors.shape;
  throw new Error(`TODO: step 5 — the header "${n} ${d}", then one line "word v1 … v${d}" for each of the ${words.length} words, every line ending in "\\n"`);
}
