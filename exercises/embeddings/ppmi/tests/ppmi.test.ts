// Hidden tests for embeddings/ppmi. Counts are integers, so cooccurrence must match a reference counted here
// exactly (within 1e-4); PPMI values are compared with the TF.js tolerance 1e-4 relative+absolute against a
// float64 reference. Every test disposes the tensors it creates, so the leak checks count only the learner's.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/ppmi';
import { assertClose, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom, TENSOR_TOLERANCE } from '../../../kit';

const load = () => learner<typeof Sol>('ppmi.ts', ['cooccurrence', 'ppmi']);
type M = number[][];

// ---- independent references ----------------------------------------------------------------------------------------
function refCounts(tokens: string[], vocab: string[], window: number, opts: { self?: boolean; oneSided?: boolean } = {}): M {
  const V = vocab.length;
  const c: M = Array.from({ length: V }, () => Array(V).fill(0));
  for (let p = 0; p < tokens.length; p++) {
    const i = vocab.indexOf(tokens[p]);
    if (i < 0) continue;
    for (let q = Math.max(0, p - window); q <= Math.min(tokens.length - 1, p + window); q++) {
      if (q === p && !opts.self) continue;
      if (opts.oneSided && q < p) continue;
      const j = vocab.indexOf(tokens[q]);
      if (j >= 0) c[i][j] += 1;
    }
  }
  return c;
}
/** PMI in float64 with the given log; `clip` = max(0, ·), unseen pairs and empty rows/columns 0. */
function refPmi(c: M, opts: { clip?: boolean; log?: (x: number) => number } = {}): M {
  const { clip = true, log = Math.log } = opts;
  const N = c.flat().reduce((s, x) => s + x, 0);
  const rows = c.map((r) => r.reduce((s, x) => s + x, 0));
  const cols = c[0].map((_, j) => c.reduce((s, r) => s + r[j], 0));
  return c.map((r, i) =>
    r.map((x, j) => {
      if (x === 0 || rows[i] === 0 || cols[j] === 0) return 0;
      const v = log((x * N) / (rows[i] * cols[j]));
      return clip ? Math.max(0, v) : v;
    }),
  );
}
const same = (a: M, b: M, tol = 1e-4) => a.length === b.length && a.every((r, i) => r.length === b[i].length && r.every((x, j) => Math.abs(x - b[i][j]) <= tol * (1 + Math.abs(b[i][j]))));
const show = (a: unknown) => JSON.stringify(a, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v === 'number' ? +v.toFixed(4) : v));

/** Runs cooccurrence and returns its result as arrays; disposes the tensor. */
function counts(tokens: string[], vocab: string[], window: number): M {
  const { cooccurrence } = load();
  const out: unknown = cooccurrence(tokens, vocab, window);
  assert.ok(isTensorLike(out), `cooccurrence should return a tf.Tensor2D, got ${typeof out}`);
  try {
    assert.deepEqual(out.shape, [vocab.length, vocab.length], `cooccurrence with ${vocab.length} vocabulary words should return shape [${vocab.length}, ${vocab.length}], got [${out.shape}]`);
    return out.arraySync() as M;
  } finally {
    (out as tf.Tensor).dispose();
  }
}
/** Runs ppmi on a tensor made from `c` and returns the result as arrays; disposes both tensors. */
function runPpmi(c: M): M {
  const { ppmi } = load();
  const input = tf.tensor2d(c);
  try {
    const out: unknown = ppmi(input);
    assert.ok(isTensorLike(out), `ppmi should return a tf.Tensor2D, got ${typeof out}`);
    try {
      assert.deepEqual(out.shape, [c.length, c[0].length], `ppmi of a [${c.length}, ${c[0].length}] matrix should keep its shape, got [${out.shape}]`);
      return out.arraySync() as M;
    } finally {
      (out as tf.Tensor).dispose();
    }
  } finally {
    input.dispose();
  }
}

function checkCounts(got: M, tokens: string[], vocab: string[], window: number, what: string): void {
  const want = refCounts(tokens, vocab, window);
  if (!same(got, want)) {
    if (same(got, refCounts(tokens, vocab, window, { self: true }))) {
      throw misconception('window counts the word with itself', `${what}: every word's diagonal entry is too high by the number of times it occurs — the loop over the window included offset 0, so each token counted itself as its own context. Skip offset 0 (the same word at ANOTHER position still counts). Expected ${show(want)}, got ${show(got)}.`);
    }
    const oneSided = refCounts(tokens, vocab, window, { oneSided: true });
    if (same(got, oneSided) || same(got, oneSided.map((r, i) => r.map((_, j) => oneSided[j][i])))) {
      throw misconception('one-sided window', `${what}: only the words on one side of each token were counted, so the matrix is not symmetric. The window is symmetric: look \`window\` positions before AND after.`);
    }
    const known = tokens.filter((t) => vocab.includes(t));
    if (known.length < tokens.length && same(got, refCounts(known, vocab, window))) {
      throw misconception('dropped unknown tokens', `${what}: the result equals counting over the tokens with the unknown ones removed first. Distances are measured in the original text: an unknown token is not counted, but it still takes up its position in the window.`);
    }
  }
  assertClose(got, want, { tol: TENSOR_TOLERANCE, what });
}

function checkPpmi(got: M, c: M, what: string): void {
  const want = refPmi(c);
  if (got.some((r) => r.some((x) => Number.isNaN(x) || x === -Infinity))) {
    throw misconception('log(0) → -Infinity/NaN kept', `${what} contains ${got.flat().some((x) => Number.isNaN(x)) ? 'NaN' : '-Infinity'}: ln(0) is −Infinity for a pair never seen, and 0 / 0 is NaN for a word with no counts at all. Both must become 0 — tf.divNoNan for the ratio, then max(0, ·) (tf.relu) after the log.`);
  }
  if (got.some((r) => r.some((x) => x < -1e-6))) {
    throw misconception('negative PMI not clipped', `${what} has negative entries (smallest ${Math.min(...got.flat()).toFixed(4)}): that is PMI, not PPMI. Pairs seen less often than chance get negative PMI, which is unreliable for rare words: clip with max(0, PMI).`);
  }
  for (const [base, log] of [['2', Math.log2], ['10', Math.log10]] as const) {
    if (!same(got, want) && same(got, refPmi(c, { log }))) {
      throw misconception(`log base ${base}`, `${what} used log${base === '2' ? '₂' : '₁₀'}. This course's PPMI uses the natural log (Math.log, tf.log). The ranking of words would not change, but the values do.`);
    }
  }
  assertClose(got, want, { tol: TENSOR_TOLERANCE, what });
}

/** A seeded random corpus over a small vocabulary, a few tokens unknown. Zipf-like: low ids are frequent. */
function randomCorpus(rand: () => number, length: number, V: number): { tokens: string[]; vocab: string[] } {
  const vocab = Array.from({ length: V }, (_, i) => `w${i}`);
  const tokens = Array.from({ length }, () => {
    if (rand() < 0.05) return 'UNK';
    return vocab[Math.floor(V * rand() ** 2)];
  });
  return { tokens, vocab };
}

const SENTENCE = 'the cat sat on the mat'.split(' ');
const VOCAB = ['the', 'cat', 'sat', 'on', 'mat'];

describe('embeddings/ppmi: cooccurrence', () => {
  it('counts the worked example "the cat sat on the mat" with window 1 and window 2', () => {
    checkCounts(counts(SENTENCE, VOCAB, 1), SENTENCE, VOCAB, 1, 'cooccurrence("the cat sat on the mat", window 1)');
    checkCounts(counts(SENTENCE, VOCAB, 2), SENTENCE, VOCAB, 2, 'cooccurrence("the cat sat on the mat", window 2)');
    // A repeated word is the context of its neighbour copy, but never of itself.
    const rep = 'a a b a'.split(' ');
    checkCounts(counts(rep, ['a', 'b'], 1), rep, ['a', 'b'], 1, 'cooccurrence("a a b a", window 1)');
    assertClose(counts(rep, ['a', 'b'], 1), [[2, 2], [2, 0]], { what: 'cooccurrence("a a b a", [a, b], window 1)' });
  });

  it('handles the edges: unknown tokens keep their positions, words missing from the text, a window longer than the text', () => {
    const tokens = 'a x b'.split(' ');
    checkCounts(counts(tokens, ['a', 'b'], 1), tokens, ['a', 'b'], 1, 'cooccurrence("a x b", [a, b], window 1)');
    assertClose(counts(tokens, ['a', 'b'], 1), [[0, 0], [0, 0]], { what: 'cooccurrence("a x b", [a, b], window 1): a and b are 2 apart' });
    checkCounts(counts(tokens, ['a', 'b'], 2), tokens, ['a', 'b'], 2, 'cooccurrence("a x b", [a, b], window 2)');
    checkCounts(counts(SENTENCE, ['mat', 'dog', 'the'], 10), SENTENCE, ['mat', 'dog', 'the'], 10, 'cooccurrence("the cat sat on the mat", [mat, dog, the], window 10)');
  });

  it('matches a reference on 12 seeded random corpora (up to 400 tokens, 12 words, windows 1 to 4) and is symmetric', () => {
    const rand = seededRandom(4401);
    for (let trial = 0; trial < 12; trial++) {
      const { tokens, vocab } = randomCorpus(rand, 20 + Math.floor(rand() * 380), 3 + Math.floor(rand() * 10));
      const window = 1 + Math.floor(rand() * 4);
      const what = `trial ${trial}: cooccurrence of ${tokens.length} random tokens over ${vocab.length} words, window ${window}`;
      const got = counts(tokens, vocab, window);
      checkCounts(got, tokens, vocab, window, what);
      got.forEach((r, i) => r.forEach((x, j) => assert.equal(x, got[j][i], `${what}: not symmetric at [${i}][${j}] (${x}) vs [${j}][${i}] (${got[j][i]})`)));
    }
  });

  it('leaks no tensors (only the returned matrix stays)', async () => {
    const { cooccurrence } = load();
    const out = await expectNoTensorLeak(tf, () => cooccurrence(SENTENCE, VOCAB, 2), 'cooccurrence');
    (out as tf.Tensor).dispose();
  });
});

describe('embeddings/ppmi: ppmi', () => {
  it('computes the worked example with the natural log', () => {
    const c = [[0, 2, 1], [2, 0, 1], [1, 1, 0]];
    const got = runPpmi(c);
    checkPpmi(got, c, 'ppmi([[0, 2, 1], [2, 0, 1], [1, 1, 0]])');
    assertClose(got[0], [0, Math.log(16 / 9), Math.log(4 / 3)], { tol: TENSOR_TOLERANCE, what: 'row 0 of the worked example: [0, ln(16/9), ln(4/3)]' });
  });

  it('clips negative PMI to 0 and turns unseen pairs into 0, not -Infinity', () => {
    // Word 0 meets word 1 far less often than chance (PMI < 0), and never meets word 2.
    const c = [[10, 1, 0], [1, 10, 6], [0, 6, 2]];
    checkPpmi(runPpmi(c), c, 'ppmi([[10, 1, 0], [1, 10, 6], [0, 6, 2]])');
  });

  it('gives 0, not NaN, for a word with no counts, and for an all-zero matrix', () => {
    const c = [[1, 0, 2], [0, 0, 0], [2, 0, 0]];
    checkPpmi(runPpmi(c), c, 'ppmi([[1, 0, 2], [0, 0, 0], [2, 0, 0]]) (word 1 never seen)');
    checkPpmi(runPpmi([[0, 0], [0, 0]]), [[0, 0], [0, 0]], 'ppmi([[0, 0], [0, 0]])');
  });

  it('matches a float64 reference on 15 seeded random count matrices (sparse, up to 12 × 12, not all symmetric)', () => {
    const rand = seededRandom(4402);
    for (let trial = 0; trial < 15; trial++) {
      const V = 2 + Math.floor(rand() * 11);
      const c = Array.from({ length: V }, () => Array.from({ length: V }, () => (rand() < 0.4 ? 0 : Math.floor(rand() * 50))));
      checkPpmi(runPpmi(c), c, `trial ${trial}: ppmi of a random ${V} × ${V} count matrix`);
    }
  });

  it('turns the counts of a seeded random corpus into PPMI without leaking tensors', async () => {
    const { ppmi } = load();
    const { tokens, vocab } = randomCorpus(seededRandom(4403), 300, 10);
    const c = tf.tensor2d(refCounts(tokens, vocab, 2));
    try {
      const out = await expectNoTensorLeak(tf, () => ppmi(c), 'ppmi');
      try {
        assert.ok(!c.isDisposed, 'ppmi disposed the counts it was given; the caller still owns them');
        checkPpmi(out.arraySync(), refCounts(tokens, vocab, 2), 'ppmi of the counts of 300 random tokens over 10 words, window 2');
      } finally {
        out.dispose();
      }
    } finally {
      c.dispose();
    }
  });
});
