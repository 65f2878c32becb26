// Hidden tests for embeddings/word2vec, the chapter project. The main training run (the first 120,000 characters
// of Pride and Prejudice, 400 words, 32 dimensions, 3 epochs) happens once, in a before hook, and the tests
// then inspect it. Its vectors are written to vectors.vec in the learner's exercise folder, where the embedding
// visualizer finds them — except in the repository's own starter/ and solution/ folders.
//
// The semantic check compares mean cosines of related word pairs (he/she, could/would, mr/mrs, …) with unrelated
// ones. Measured with the reference over 5 seeds (1, 2, 3, 7, 42): related 0.84–0.86, unrelated 0.29–0.36, every
// related pair above its unrelated partner; the test asks for a gap of 0.25 and 10 of 13 pairs.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/word2vec';
import { assertClose, courseText, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom, TENSOR_TOLERANCE } from '../../../kit';

const load = () => learner<typeof Sol>('word2vec.ts', ['trainWord2Vec', 'toWord2VecText']);
type Options = Parameters<typeof Sol.trainWord2Vec>[1];
type M = number[][];

const tokenize = (text: string) => text.toLowerCase().match(/[a-z]+(?:'[a-z]+)*/g) ?? [];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0) / (norm(a) * norm(b) || 1);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The vocabulary rule, independently: count ≥ minCount, most frequent first, ties alphabetical, at most maxVocab. */
function refVocab(tokens: string[], minCount: number, maxVocab = Infinity): string[] {
  const freq = new Map<string, number>();
  for (const t of tokens) freq.set(t, (freq.get(t) ?? 0) + 1);
  return [...freq]
    .filter(([, n]) => n >= minCount)
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, maxVocab)
    .map(([w]) => w);
}

/** Parses the word2vec text format strictly, saying what is wrong. */
function parseWord2Vec(text: unknown, what: string): { n: number; d: number; words: string[]; rows: M } {
  assert.equal(typeof text, 'string', `${what}: expected a string, got ${typeof text}`);
  const s = text as string;
  assert.ok(s.endsWith('\n'), `${what}: every line, the last one too, must end in "\\n"`);
  const lines = s.slice(0, -1).split('\n');
  const header = /^(\d+) (\d+)$/.exec(lines[0]);
  assert.ok(header, `${what}: the first line must be "N D" (two integers and one space), got ${JSON.stringify(lines[0])}`);
  const [n, d] = [Number(header[1]), Number(header[2])];
  assert.equal(lines.length - 1, n, `${what}: the header says ${n} words, but ${lines.length - 1} lines follow`);
  const words: string[] = [];
  const rows: M = [];
  lines.slice(1).forEach((line, i) => {
    const parts = line.split(' ');
    assert.equal(parts.length, d + 1, `${what}: line ${i + 2} should be a word and ${d} numbers separated by single spaces; it has ${parts.length} fields: ${JSON.stringify(line.slice(0, 80))}`);
    const nums = parts.slice(1).map(Number);
    assert.ok(nums.every(Number.isFinite), `${what}: line ${i + 2} has a field that is not a finite number: ${JSON.stringify(line.slice(0, 80))}`);
    words.push(parts[0]);
    rows.push(nums);
  });
  return { n, d, words, rows };
}

const TEXT_CHARS = 120_000;
const MAIN: Options = { dim: 32, window: 2, negatives: 5, epochs: 3, learningRate: 0.05, seed: 42, minCount: 5, maxVocab: 400, batchSize: 256 };
const RELATED = [['he', 'she'], ['his', 'her'], ['could', 'would'], ['should', 'might'], ['must', 'should'], ['mr', 'mrs'], ['mr', 'miss'], ['sister', 'mother'], ['father', 'mother'], ['two', 'three'], ['said', 'cried'], ['is', 'was'], ['him', 'them']];
const UNRELATED = [['he', 'three'], ['his', 'could'], ['could', 'sister'], ['should', 'mr'], ['must', 'two'], ['mr', 'would'], ['miss', 'is'], ['sister', 'said'], ['father', 'might'], ['two', 'she'], ['said', 'her'], ['was', 'mother'], ['him', 'three']];

describe('embeddings/word2vec: pieces', () => {
  it('buildVocab: count ≥ minCount, most frequent first, ties alphabetical, at most maxVocab', () => {
    const { buildVocab } = learner<typeof Sol>('word2vec.ts', ['buildVocab']);
    const tokens = 'b a b c a b d d c e'.split(' ');
    const got = buildVocab(tokens, 2);
    assert.deepEqual(got, { words: ['b', 'a', 'c', 'd'], counts: [3, 2, 2, 2] }, `buildVocab("b a b c a b d d c e", 2): expected words [b, a, c, d] with counts [3, 2, 2, 2], got ${JSON.stringify(got)}`);
    const cut = buildVocab(tokens, 1, 3);
    assert.deepEqual(cut, { words: ['b', 'a', 'c'], counts: [3, 2, 2] }, `buildVocab(…, minCount 1, maxVocab 3): expected [b, a, c] with [3, 2, 2], got ${JSON.stringify(cut)}`);
  });

  it('skipGramPairs: a symmetric window, never the centre itself, unknown tokens (−1) keep their positions', () => {
    const { skipGramPairs } = learner<typeof Sol>('word2vec.ts', ['skipGramPairs']);
    const ids = [0, 1, -1, 2, 0];
    const got = skipGramPairs(ids, 2);
    const pairs = Array.from(got.centres, (c, i) => `${c}>${got.contexts[i]}`).sort();
    const want = ['0>1', '1>0', '1>2', '2>1', '2>0', '0>2'].sort();
    if (pairs.some((p) => p.split('>')[0] === p.split('>')[1]) && pairs.length === want.length + 4) {
      throw misconception('window counts the word with itself', 'skipGramPairs paired every token with itself (offset 0). A word is never its own context: skip offset 0.');
    }
    assert.deepEqual(pairs, want, `skipGramPairs([0, 1, -1, 2, 0], window 2): expected the pairs ${want.join(', ')} (centre>context, any order), got ${pairs.join(', ')}`);
  });

  it('trainStep: returns the batch loss and takes one SGD step along the exact gradient', () => {
    const { trainStep } = learner<typeof Sol>('word2vec.ts', ['trainStep']);
    const rand = seededRandom(4501);
    const [V, D, K] = [6, 4, 2];
    const wIn0 = Array.from({ length: V }, () => Array.from({ length: D }, () => rand() - 0.5));
    const wOut0 = Array.from({ length: V }, () => Array.from({ length: D }, () => rand() - 0.5));
    // Two pairs; row 1 is a centre twice and row 3 an output row three times, so updates must add up.
    const centres = Int32Array.from([1, 1]);
    const contexts = Int32Array.from([3, 2]);
    const negatives = Int32Array.from([3, 5, 0, 3]);
    const lr = 0.1;
    // The float64 reference: per pair, g = σ(c·o) − 1, g_k = σ(c·n_k); sum the per-pair gradients.
    const gIn = wIn0.map((r) => r.map(() => 0));
    const gOut = wOut0.map((r) => r.map(() => 0));
    let loss = 0;
    for (let b = 0; b < centres.length; b++) {
      const c = wIn0[centres[b]];
      const dot = (u: number[]) => u.reduce((s, x, i) => s + x * c[i], 0);
      const o = wOut0[contexts[b]];
      const g = sigmoid(dot(o)) - 1;
      loss += -Math.log(sigmoid(dot(o)));
      c.forEach((_, i) => {
        gIn[centres[b]][i] += g * o[i];
        gOut[contexts[b]][i] += g * c[i];
      });
      for (let k = 0; k < K; k++) {
        const nk = negatives[b * K + k];
        const gk = sigmoid(dot(wOut0[nk]));
        loss += -Math.log(sigmoid(-dot(wOut0[nk])));
        c.forEach((_, i) => {
          gIn[centres[b]][i] += gk * wOut0[nk][i];
          gOut[nk][i] += gk * c[i];
        });
      }
    }
    const wantIn = wIn0.map((r, v) => r.map((x, i) => x - lr * gIn[v][i]));
    const wantOut = wOut0.map((r, v) => r.map((x, i) => x - lr * gOut[v][i]));
    const wIn = tf.variable(tf.tensor2d(wIn0));
    const wOut = tf.variable(tf.tensor2d(wOut0));
    try {
      const got = trainStep(wIn, wOut, centres, contexts, negatives, lr);
      assertClose(got, loss / centres.length, { tol: TENSOR_TOLERANCE, what: 'the loss trainStep returned (the mean over the batch of each pair\'s loss)' });
      const [gotIn, gotOut] = [wIn.arraySync(), wOut.arraySync()];
      const flipped = (w0: M, g: M) => w0.map((r, v) => r.map((x, i) => x + lr * g[v][i]));
      const averaged = (w0: M, g: M) => w0.map((r, v) => r.map((x, i) => x - (lr / centres.length) * g[v][i]));
      const near = (a: M, b: M) => a.every((r, v) => r.every((x, i) => Math.abs(x - b[v][i]) < 1e-5));
      if (near(gotIn, flipped(wIn0, gIn)) && near(gotOut, flipped(wOut0, gOut))) {
        throw misconception('gradient sign flipped', 'trainStep moved the vectors UP the gradient (w + lr·grad), so the loss grows. A descent step is w − lr·grad, with g = σ(c·o) − 1 for the real context and g_k = σ(c·n_k) for a negative.');
      }
      if (near(gotIn, averaged(wIn0, gIn)) && near(gotOut, averaged(wOut0, gOut))) {
        throw misconception('gradient averaged over the batch', `trainStep divided the gradient by the batch size (${centres.length}). word2vec steps pair by pair: the update is lr times the SUM of each pair's gradient — averaging makes training ${MAIN.batchSize} times slower with the usual learning rates.`);
      }
      assertClose(gotIn, wantIn, { tol: TENSOR_TOLERANCE, what: 'the input vectors after one trainStep (rows 1 gets two pairs\' gradients added up)' });
      assertClose(gotOut, wantOut, { tol: TENSOR_TOLERANCE, what: 'the output vectors after one trainStep (row 3 is a context once and a negative twice: three gradients added up)' });
    } finally {
      wIn.dispose();
      wOut.dispose();
    }
  });
});

describe('embeddings/word2vec: training on Austen', () => {
  let tokens: string[];
  let trained: { words: string[]; vectors: M; losses: number[] } | undefined;
  let trainError: unknown;
  let elapsedMs = 0;
  let leaked = 0;

  before(async function () {
    this.timeout(120_000);
    tokens = tokenize(courseText('austen/prideprejudice.txt', { maxChars: TEXT_CHARS }));
    const { trainWord2Vec } = load();
    const started = performance.now();
    const before = tf.memory().numTensors;
    try {
      const r = trainWord2Vec(tokens, MAIN);
      elapsedMs = performance.now() - started;
      leaked = tf.memory().numTensors - before - (isTensorLike(r?.vectors) ? 1 : 0);
      const vectors = isTensorLike(r?.vectors) ? (r.vectors.arraySync() as M) : [];
      if (r?.vectors instanceof tf.Tensor) r.vectors.dispose();
      trained = { words: r.words, vectors, losses: r.losses };
    } catch (err) {
      trainError = err;
    }
  });
  /** The main run's result, or the error it ended with. */
  const result = () => {
    if (trainError) throw trainError;
    return trained as NonNullable<typeof trained>;
  };

  it('leaks no tensors: only the returned vectors stay allocated', () => {
    result();
    console.log(`trainWord2Vec took ${(elapsedMs / 1000).toFixed(1)} s on ${tokens.length} tokens`);
    if (leaked > 0) {
      throw misconception(
        'tensor leak',
        `trainWord2Vec left ${leaked} tensor${leaked === 1 ? '' : 's'} allocated besides the returned vectors. TF.js does not free tensors by itself: wrap each step in tf.tidy(() => …), dispose the initial values you passed to tf.variable, and dispose both variables after copying the input vectors with tf.clone.`,
      );
    }
  });

  it('returns the vocabulary (400 most frequent words with count ≥ 5) and vectors of shape [400, 32]', () => {
    const { words, vectors } = result();
    const want = refVocab(tokens, MAIN.minCount, MAIN.maxVocab);
    assert.ok(Array.isArray(words), `words should be an array of strings, got ${typeof words}`);
    assert.equal(words.length, want.length, `expected ${want.length} words, got ${words.length}`);
    const first = words.findIndex((w, i) => w !== want[i]);
    assert.equal(first, -1, `words[${first}] should be "${want[first]}" (most frequent first, ties alphabetical), got "${words[first]}"`);
    assert.equal(vectors.length, want.length, `vectors should have one row per word (${want.length}), got ${vectors.length} rows`);
    assert.ok(vectors.every((r) => r.length === MAIN.dim), `every vector should have ${MAIN.dim} numbers`);
    assert.ok(vectors.every((r) => r.every(Number.isFinite)), 'the vectors contain NaN or Infinity: training diverged (learning rate, or a log of 0?)');
  });

  it(`the mean loss falls from epoch to epoch (one entry per epoch, below (1 + K)·ln 2 = ${(6 * Math.LN2).toFixed(3)} at once)`, () => {
    const { losses } = result();
    assert.ok(Array.isArray(losses) && losses.length === MAIN.epochs, `losses should hold one mean loss per epoch (${MAIN.epochs}), got ${JSON.stringify(losses)}`);
    assert.ok(losses.every(Number.isFinite), `the losses contain NaN or Infinity: ${JSON.stringify(losses)}`);
    const start = (1 + MAIN.negatives) * Math.LN2;
    const shown = losses.map((l) => +l.toFixed(4)).join(', ');
    if (losses[losses.length - 1] > start * 0.95) {
      throw misconception('barely learning', `the epoch losses [${shown}] hardly move from ${start.toFixed(3)}, the loss of untrained vectors. Likely causes: the gradient averaged over the batch instead of summed, a learning rate not used, or updates that never reach the variables (assign the new values).`);
    }
    assert.ok(losses[0] < start, `the first epoch's mean loss ${losses[0]} should already be below ${start.toFixed(3)}, the loss of untrained vectors`);
    for (let e = 1; e < losses.length; e++) {
      assert.ok(losses[e] < losses[e - 1], `the loss should fall every epoch, but epoch ${e} (${losses[e]}) is not below epoch ${e - 1} (${losses[e - 1]}): [${shown}]`);
    }
    assert.ok(losses[losses.length - 1] < losses[0] - 0.2, `the loss should fall by more than 0.2 over ${MAIN.epochs} epochs; it went ${shown}`);
  });

  it('puts related words closer than unrelated ones (he/she, could/would, mr/mrs, sister/mother, two/three, …)', () => {
    const { words, vectors } = result();
    const row = (w: string) => {
      const i = words.indexOf(w);
      assert.ok(i >= 0, `"${w}" should be in the vocabulary`);
      return vectors[i];
    };
    const related = RELATED.map(([a, b]) => cosine(row(a), row(b)));
    const unrelated = UNRELATED.map(([a, b]) => cosine(row(a), row(b)));
    const wins = related.filter((r, i) => r > unrelated[i]).length;
    const detail = RELATED.map(([a, b], i) => `${a}/${b} ${related[i].toFixed(2)} vs ${UNRELATED[i].join('/')} ${unrelated[i].toFixed(2)}`).join('; ');
    assert.ok(mean(related) - mean(unrelated) > 0.25 && wins >= 10, `related pairs should be clearly more similar than unrelated ones: mean cosine ${mean(related).toFixed(3)} vs ${mean(unrelated).toFixed(3)} (need a gap above 0.25), ${wins} of ${RELATED.length} related pairs above their unrelated partner (need 10). ${detail}`);
  });

  it('writes the trained vectors to vectors.vec, where the embedding visualizer opens them', () => {
    const { words, vectors } = result();
    const text = `${words.length} ${MAIN.dim}\n${words.map((w, i) => `${w} ${vectors[i].map((x) => +x.toPrecision(7)).join(' ')}`).join('\n')}\n`;
    const dir = process.env.LLMF_LEARNER_DIR ?? '';
    const parsed = parseWord2Vec(text, 'vectors.vec');
    assert.equal(parsed.n, words.length);
    if (!dir || ['starter', 'solution'].includes(path.basename(dir))) return; // the repository's own folders stay clean
    const file = path.join(dir, 'vectors.vec');
    fs.writeFileSync(file, text);
    console.log(`Wrote ${words.length} vectors to ${file}: open the embedding visualizer and pick "Your word2vec vectors".`);
  });
});

describe('embeddings/word2vec: determinism and output', () => {
  const SMALL: Options = { dim: 8, window: 2, negatives: 3, epochs: 1, learningRate: 0.05, seed: 7, minCount: 3, maxVocab: 60, batchSize: 128 };
  let small: string[];
  before(() => {
    // 15,000 characters the main run never sees.
    small = tokenize(courseText('austen/prideprejudice.txt', { maxChars: TEXT_CHARS + 15_000 }).slice(TEXT_CHARS));
  });

  it('gives the same vectors and losses for the same seed, and different ones for another seed', () => {
    const { trainWord2Vec } = load();
    const runOnce = (seed: number) => {
      const r = trainWord2Vec(small, { ...SMALL, seed });
      try {
        return { vectors: r.vectors.arraySync(), losses: r.losses };
      } finally {
        r.vectors.dispose();
      }
    };
    const [a, b, c] = [runOnce(7), runOnce(7), runOnce(8)];
    assert.deepEqual(b.losses, a.losses, 'two runs with seed 7 gave different losses: seed every random choice (initial vectors, pair order, negatives) from opts.seed — no Math.random');
    assert.deepEqual(b.vectors, a.vectors, 'two runs with seed 7 gave different vectors: seed every random choice from opts.seed — no Math.random');
    assert.notDeepEqual(c.vectors, a.vectors, 'seeds 7 and 8 gave identical vectors: the seed should change the initial vectors and the negatives');
  });

  it('toWord2VecText: a header "N D", then one "word v1 … vD" line per word, each ending in "\\n"', () => {
    const { toWord2VecText } = load();
    const words = ['king', 'queen', "darcy's"];
    const values = [[0.5, -1, 0.125], [0.25, 2, -3.5], [1e-3, 0, 7]];
    const t = tf.tensor2d(values);
    try {
      const text = toWord2VecText(words, t);
      const parsed = parseWord2Vec(text, 'toWord2VecText([king, queen, darcy\'s], 3 × 3)');
      assert.deepEqual([parsed.n, parsed.d], [3, 3], 'the header should be "3 3"');
      assert.deepEqual(parsed.words, words, `the words should come in order, got ${JSON.stringify(parsed.words)}`);
      assertClose(parsed.rows, values, { tol: 1e-6, what: 'the numbers read back from toWord2VecText' });
      assert.ok(!t.isDisposed, 'toWord2VecText disposed the vectors it was given');
    } finally {
      t.dispose();
    }
  });

  it('toWord2VecText round-trips trained vectors within 1e-5 and leaks no tensors', async () => {
    const { trainWord2Vec, toWord2VecText } = load();
    const r = trainWord2Vec(small, SMALL);
    try {
      const text = await expectNoTensorLeak(tf, () => toWord2VecText(r.words, r.vectors), 'toWord2VecText');
      const parsed = parseWord2Vec(text, `toWord2VecText of ${r.words.length} trained ${SMALL.dim}-d vectors`);
      assert.deepEqual(parsed.words, r.words, 'the words in the text should be the vocabulary, in order');
      assertClose(parsed.rows, r.vectors.arraySync(), { tol: 1e-5, what: 'the numbers read back from the text (write enough digits: 7 significant are plenty)' });
    } finally {
      r.vectors.dispose();
    }
  });
});
