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
  const freq = new Map<string, number>();
  for (const t of tokens) freq.set(t, (freq.get(t) ?? 0) + 1);
  const kept = [...freq]
    .filter(([, n]) => n >= minCount)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, maxVocab);
  return { words: kept.map(([w]) => w), counts: kept.map(([, n]) => n) };
}

/**
 * Step 2. The skip-gram training pairs: for every position whose token is in the vocabulary (id ≥ 0), one pair
 * (centre, context) for every in-vocabulary token within `window` positions before or after it — the same
 * window as the co-occurrence counts of the PPMI exercise. Unknown tokens (id −1) keep their positions.
 *
 *   skipGramPairs([0, 1, -1, 2], 1)  -> centres [0, 1], contexts [1, 0]      (1 and 2 are two apart)
 */
export function skipGramPairs(ids: number[], window: number): { centres: Int32Array; contexts: Int32Array } {
  const centres: number[] = [];
  const contexts: number[] = [];
  ids.forEach((c, p) => {
    if (c < 0) return;
    for (let q = Math.max(0, p - window); q <= Math.min(ids.length - 1, p + window); q++) {
      if (q !== p && ids[q] >= 0) {
        centres.push(c);
        contexts.push(ids[q]);
      }
    }
  });
  return { centres: Int32Array.from(centres), contexts: Int32Array.from(contexts) };
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
    const ci = tf.tensor1d(centres, 'int32'); // [B]
    const oi = tf.tensor1d(contexts, 'int32'); // [B]
    const ni = tf.tensor2d(negatives, [B, K], 'int32'); // [B, K]
    const c = tf.gather(wIn, ci); // [B, D]
    const o = tf.gather(wOut, oi); // [B, D]
    const n = tf.gather(wOut, ni); // [B, K, D]
    const pos = tf.sum(tf.mul(c, o), 1); // [B]      c·o
    const neg = tf.squeeze(tf.matMul(n, tf.expandDims(c, 2)), [2]); // [B, K]   c·n_k
    // −log σ(x) = softplus(−x) and −log σ(−x) = softplus(x), without overflow.
    const loss = tf.mean(tf.add(tf.softplus(tf.neg(pos)), tf.sum(tf.softplus(neg), 1))); // []

    const g = tf.sub(tf.sigmoid(pos), 1); // [B]
    const gk = tf.sigmoid(neg); // [B, K]
    const gradC = tf.add(tf.mul(tf.expandDims(g, 1), o), tf.squeeze(tf.matMul(tf.expandDims(gk, 1), n), [1])); // [B, D]
    const gradO = tf.mul(tf.expandDims(g, 1), c); // [B, D]
    const gradN = tf.matMul(tf.expandDims(gk, 2), tf.expandDims(c, 1)); // [B, K, 1]·[B, 1, D] = [B, K, D]   g_k·c

    const D = wIn.shape[1];
    const inRows = tf.expandDims(ci, 1); // [B, 1]
    const outRows = tf.expandDims(tf.concat([oi, tf.reshape(ni, [-1])]), 1); // [B + B·K, 1]
    const outGrads = tf.concat([gradO, tf.reshape(gradN, [-1, D])]); // [B + B·K, D]
    wIn.assign(tf.sub(wIn, tf.mul(learningRate, tf.scatterND(inRows, gradC, wIn.shape))));
    wOut.assign(tf.sub(wOut, tf.mul(learningRate, tf.scatterND(outRows, outGrads, wOut.shape))));
    return loss.dataSync()[0];
  });
}

/**
 * Step 4. Train: vocabulary, pairs, then `epochs` passes over the pairs in a seeded random order, one trainStep
 * per batch. Input vectors start uniform in ±0.5/dim, output vectors at 0 (so the very first loss is
 * (1 + K)·ln 2). Returns the vocabulary, a copy of the input vectors, and the mean loss of each epoch; every other
 * tensor is disposed.
 */
export function trainWord2Vec(tokens: string[], opts: Word2VecOptions): Word2VecResult {
  const { dim, window, negatives: K, epochs, learningRate, seed, minCount } = opts;
  const batchSize = opts.batchSize ?? 256;
  const { words, counts } = buildVocab(tokens, minCount, opts.maxVocab);
  if (words.length === 0) throw new Error(`trainWord2Vec: no word occurs ${minCount} times or more`);
  const index = new Map(words.map((w, i) => [w, i]));
  const { centres, contexts } = skipGramPairs(tokens.map((t) => index.get(t) ?? -1), window);
  const rand = seededRandom(seed);
  const drawNegatives = negativeSampler(counts, rand);

  const V = words.length;
  const init: tf.Tensor2D = tf.randomUniform([V, dim], -0.5 / dim, 0.5 / dim, 'float32', seed);
  const zeros: tf.Tensor2D = tf.zeros([V, dim]);
  const wIn = tf.variable(init); // [V, D]   tf.variable copies its initial value: dispose the original
  const wOut = tf.variable(zeros); // [V, D]
  init.dispose();
  zeros.dispose();
  const losses: number[] = [];
  const order = Int32Array.from(centres, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let sum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      const batch = order.subarray(start, start + batchSize);
      sum += trainStep(wIn, wOut, batch.map((p) => centres[p]), batch.map((p) => contexts[p]), drawNegatives(batch.length * K), learningRate);
      batches++;
    }
    losses.push(sum / Math.max(1, batches));
  }
  const vectors = tf.clone(wIn) as tf.Tensor2D;
  wIn.dispose();
  wOut.dispose();
  return { words, vectors, losses };
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
  if (n !== words.length) throw new Error(`toWord2VecText: ${words.length} words but ${n} vectors`);
  const rows = vectors.arraySync();
  const lines = rows.map((row, i) => `${words[i]} ${row.map((x) => +x.toPrecision(7)).join(' ')}`);
  return `${n} ${d}\n${lines.join('\n')}${n > 0 ? '\n' : ''}`;
}
