// Hidden tests for embeddings/analogies. The GloVe suite parses the shipped 100-d vectors of the 10,000 most
// frequent words once (before hook) into one tf.Tensor2D and disposes it afterwards. Rankings are compared with a
// float64 reference computed here: two words may swap only where their cosines agree within 1e-4.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/analogies';
import { courseText, expectNoTensorLeak, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('analogies.ts', ['analogy']);

// ---- an independent float64 reference -------------------------------------------------------------------------
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const norm = (a: ArrayLike<number>) => Math.sqrt(dot(a, a));

interface Space {
  words: string[];
  rows: Float64Array[];
}
const rowNorms = new WeakMap<Space, number[]>();
const normsOf = (s: Space) => rowNorms.get(s) ?? (rowNorms.set(s, s.rows.map(norm)).get(s) as number[]);
/** Every candidate word with its cosine to v_b − v_a + v_c, highest first (ties by lower row), a/b/c optionally kept. */
function refScores(s: Space, a: string, b: string, c: string, opts: { exclude?: boolean; normalize?: boolean } = {}) {
  const { exclude = true, normalize = false } = opts;
  const v = (w: string) => {
    const r = s.rows[s.words.indexOf(w)];
    return normalize ? r.map((x) => x / norm(r)) : r;
  };
  const [va, vb, vc] = [v(a), v(b), v(c)];
  const target = vb.map((x, j) => x - va[j] + vc[j]);
  const tn = norm(target);
  const norms = normsOf(s);
  return s.words
    .map((word, i) => {
      const rn = norms[i];
      return { word, i, score: rn === 0 || tn === 0 ? 0 : dot(s.rows[i], target) / (rn * tn) };
    })
    .filter((x) => !exclude || (x.word !== a && x.word !== b && x.word !== c))
    .sort((x, y) => y.score - x.score || x.i - y.i);
}
const refAnalogy = (s: Space, a: string, b: string, c: string, k: number, opts?: { exclude?: boolean; normalize?: boolean }) =>
  refScores(s, a, b, c, opts).slice(0, k).map((x) => x.word);

/** Calls the learner's analogy on a tensor made from `s` (or the given tensor), disposing what it created. */
function run(s: Space, a: string, b: string, c: string, k: number, tensor?: tf.Tensor2D): string[] {
  const { analogy } = load();
  const t = tensor ?? tf.tensor2d(s.rows.map((r) => Array.from(r)));
  try {
    return analogy(s.words, t, a, b, c, k);
  } finally {
    if (!tensor) t.dispose();
  }
}

const q = (a: string, b: string, c: string) => `${a} : ${b} :: ${c} : ?`;
const show = (ws: unknown) => (Array.isArray(ws) ? `[${ws.map((w) => JSON.stringify(w)).join(', ')}]` : String(ws));

/** Recognizes the classic mistakes, then compares `got` with the reference up to float32 near-ties. */
function checkAnalogy(got: unknown, s: Space, a: string, b: string, c: string, k: number, what = `analogy(${q(a, b, c)}, k = ${k})`): asserts got is string[] {
  assert.ok(Array.isArray(got) && got.every((w) => typeof w === 'string'), `${what}: expected an array of words (strings), got ${show(got)}`);
  const ranking = refScores(s, a, b, c);
  const want = ranking.slice(0, k).map((x) => x.word);
  const inputs = got.filter((w) => w === a || w === b || w === c);
  if (inputs.length) {
    throw misconception('returned an input word', `${what} returned ${show(got)}, which contains ${show(inputs)} from the question itself. v_b − v_a + v_c stays close to b and c, so they are usually the nearest rows: leave a, b and c out of the ranking. Expected ${show(want)}.`);
  }
  const differs = got.some((w, i) => w !== want[i]);
  const normalized = differs ? refAnalogy(s, a, b, c, k, { normalize: true }) : [];
  if (differs && normalized.join(' ') !== want.join(' ') && (got.join(' ') === normalized.join(' ') || (got[0] !== want[0] && got[0] === normalized[0]))) {
    throw misconception('normalized the vectors first', `${what} returned ${show(got)}, the answer for unit-length vectors. The contract computes v_b − v_a + v_c from the vectors as given (no prior normalization): the cosine normalizes only at the end, when each row is compared with the target. Expected ${show(want)}.`);
  }
  assert.equal(got.length, want.length, `${what}: expected ${want.length} words ${show(want)}, got ${got.length}: ${show(got)}`);
  const scores = new Map(ranking.map((x) => [x.word, x.score]));
  got.forEach((w, i) => {
    if (w === want[i]) return;
    const [sg, sw] = [scores.get(w), scores.get(want[i]) as number];
    if (sg === undefined || Math.abs(sg - sw) > 1e-4) {
      assert.fail(`${what}: expected ${show(want)}, got ${show(got)} — position ${i} should be "${want[i]}" (cosine ${sw.toFixed(4)}), not "${w}"${sg === undefined ? '' : ` (${sg.toFixed(4)})`}`);
    }
  });
  assert.equal(new Set(got).size, got.length, `${what}: a word appears twice in ${show(got)}`);
}

// ---- a small hand-built space ------------------------------------------------------------------------------------
// Axes: [royal, female, person, fruit]. queen = king − man + woman exactly.
const HAND: Space = {
  words: ['man', 'woman', 'king', 'queen', 'apple', 'prince', 'princess'],
  rows: [
    [0, 0, 1, 0],
    [0, 1, 1, 0],
    [1, 0, 1, 0],
    [1, 1, 1, 0],
    [0, 0, 0, 1],
    [0.8, 0, 1, 0.1],
    [0.8, 1, 1, 0.1],
  ].map((r) => Float64Array.from(r)),
};

describe('embeddings/analogies: hand-built vectors', () => {
  it('man : king :: woman : queen in a 4-d space where queen = king − man + woman exactly', () => {
    const got = run(HAND, 'man', 'king', 'woman', 3);
    checkAnalogy(got, HAND, 'man', 'king', 'woman', 3);
    assert.equal(got[0], 'queen', `queen's vector is exactly v_king − v_man + v_woman, so it must come first; got ${show(got)}`);
  });

  it('never returns a, b or c, even when they are the nearest rows (k up to every candidate)', () => {
    // b − a is tiny, so the target is almost c itself: without the exclusion "warm" and "colder" win.
    const s: Space = {
      words: ['cold', 'colder', 'warm', 'hot', 'warmer', 'ice', 'fire'],
      rows: [
        [1, 0.1, 0],
        [1, 0.3, 0],
        [0, 0.1, 1],
        [0, 0, 1.2],
        [0.1, 0.4, 1],
        [1.5, 0, -0.2],
        [-0.2, 0, 1.5],
      ].map((r) => Float64Array.from(r)),
    };
    checkAnalogy(run(s, 'cold', 'colder', 'warm', 2), s, 'cold', 'colder', 'warm', 2);
    const all = run(s, 'cold', 'colder', 'warm', 4);
    checkAnalogy(all, s, 'cold', 'colder', 'warm', 4, 'analogy(cold : colder :: warm : ?, k = 4 = every candidate)');
    // k beyond the n − 3 candidates is outside the contract (tf.topk would throw), so it is not tested.
  });

  it('computes v_b − v_a + v_c from the vectors as given, without normalizing them first', () => {
    // "big" is ten times longer than the others. Raw: target = (−10, 1, 1) points at "raw"; with unit vectors it
    // would be (−1, 1, 1), which points at "unit".
    const s: Space = {
      words: ['big', 'b', 'c', 'raw', 'unit', 'other'],
      rows: [
        [10, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
        [-10, 1, 1],
        [-1, 1, 1],
        [1, 1, 1],
      ].map((r) => Float64Array.from(r)),
    };
    const got = run(s, 'big', 'b', 'c', 2);
    checkAnalogy(got, s, 'big', 'b', 'c', 2);
    assert.deepEqual(got, ['raw', 'unit'], `expected ["raw", "unit"], got ${show(got)}`);
  });

  it('matches a float64 reference on 20 seeded random vocabularies (up to 40 words, 2 to 12 dimensions)', () => {
    const rand = seededRandom(4101);
    for (let trial = 0; trial < 20; trial++) {
      const n = 6 + Math.floor(rand() * 35);
      const d = 2 + Math.floor(rand() * 11);
      const s: Space = {
        words: Array.from({ length: n }, (_, i) => `w${i}`),
        rows: Array.from({ length: n }, () => Float64Array.from({ length: d }, () => Math.round((rand() * 2 - 1) * 1e4) / 1e4 * (1 + 4 * rand()))),
      };
      const pick = new Set<number>();
      while (pick.size < 3) pick.add(Math.floor(rand() * n));
      const [a, b, c] = [...pick].map((i) => s.words[i]);
      const k = 1 + Math.floor(rand() * (n - 3));
      checkAnalogy(run(s, a, b, c, k), s, a, b, c, k, `trial ${trial}: analogy(${q(a, b, c)}, k = ${k}) over ${n} random ${d}-d vectors`);
    }
  });
});

describe('embeddings/analogies: GloVe 100-d', () => {
  let glove: Space;
  let vectors: tf.Tensor2D;

  before(function () {
    this.timeout(30_000);
    const lines = courseText('glove/glove100d-top10k.txt.gz').split('\n').filter((l) => l.trim() !== '');
    const words: string[] = [];
    const rows: Float64Array[] = [];
    for (const line of lines) {
      const parts = line.trim().split(' ');
      words.push(parts[0]);
      rows.push(Float64Array.from(parts.slice(1), Number));
    }
    glove = { words, rows };
    const flat = new Float32Array(rows.length * rows[0].length);
    rows.forEach((r, i) => flat.set(r, i * r.length));
    vectors = tf.tensor2d(flat, [rows.length, rows[0].length]);
  });
  after(() => vectors?.dispose());

  it('king − man + woman: "queen" comes first', () => {
    const got = run(glove, 'man', 'king', 'woman', 5, vectors);
    checkAnalogy(got, glove, 'man', 'king', 'woman', 5);
    assert.equal(got[0], 'queen', `man : king :: woman : ? should answer "queen" (cosine 0.78); got ${show(got)}`);
  });

  const CLASSICS: Array<[string, string, string, string]> = [
    ['france', 'paris', 'italy', 'rome'],
    ['france', 'paris', 'germany', 'berlin'],
    ['go', 'went', 'take', 'took'],
    ['brother', 'sister', 'father', 'mother'],
    ['man', 'actor', 'woman', 'actress'],
    ['cat', 'cats', 'dog', 'dogs'],
    ['france', 'french', 'spain', 'spanish'],
    ['good', 'better', 'bad', 'worse'],
  ];

  it(`solves ${CLASSICS.length} classic analogies (capitals, tense, family, gender, plural, nationality, comparative)`, () => {
    for (const [a, b, c, answer] of CLASSICS) {
      const got = run(glove, a, b, c, 3, vectors);
      checkAnalogy(got, glove, a, b, c, 3);
      assert.equal(got[0], answer, `${q(a, b, c)} should answer "${answer}"; got ${show(got)}`);
    }
  });

  it('leaks no tensors on the 10,000 × 100 matrix and leaves it usable', async () => {
    const { analogy } = load();
    const got = await expectNoTensorLeak(tf, () => analogy(glove.words, vectors, 'man', 'king', 'woman', 10), 'analogy');
    assert.ok(!vectors.isDisposed, 'analogy disposed the vectors it was given; the caller still owns them');
    checkAnalogy(got, glove, 'man', 'king', 'woman', 10);
  });
});
