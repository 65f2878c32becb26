// Hidden tests for embeddings/similarity. TF.js computes in float32, so scores are compared with the tensor
// tolerance 1e-4 (relative+absolute) against a float64 reference computed here in plain JavaScript. Each test
// disposes the tensors it creates, so the leak checks count only what the learner's code leaves behind.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/similarity';
import { assertClose, expectNoTensorLeak, learner, misconception, seededRandom, TENSOR_TOLERANCE } from '../../../kit';

const load = () => learner<typeof Sol>('similarity.ts', ['cosineSimilarity', 'nearestNeighbors']);
type Neighbor = { index: number; score: number };

// ---- an independent float64 reference -------------------------------------------------------------------------
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const refCos = (a: number[], b: number[]) => (norm(a) === 0 || norm(b) === 0 ? 0 : dot(a, b) / (norm(a) * norm(b)));
/** Every row's cosine with the query, sorted highest first, ties by lower index. */
const refRanking = (m: number[][], q: number[]): Neighbor[] =>
  m.map((row, index) => ({ index, score: refCos(row, q) })).sort((x, y) => y.score - x.score || x.index - y.index);

function randomMatrix(rand: () => number, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round((rand() * 2 - 1) * 1e4) / 1e4));
}

/** Runs `f` with tensors made from the arrays, and disposes them afterwards. */
function withTensors<T>(m: number[][], q: number[], f: (matrix: tf.Tensor2D, query: tf.Tensor1D) => T): T {
  const matrix = tf.tensor2d(m);
  const query = tf.tensor1d(q);
  try {
    return f(matrix, query);
  } finally {
    matrix.dispose();
    query.dispose();
  }
}
function cos(a: number[], b: number[]): number {
  const { cosineSimilarity } = load();
  const [ta, tb] = [tf.tensor1d(a), tf.tensor1d(b)];
  try {
    return cosineSimilarity(ta, tb);
  } finally {
    ta.dispose();
    tb.dispose();
  }
}
function knn(m: number[][], q: number[], k: number): Neighbor[] {
  const { nearestNeighbors } = load();
  return withTensors(m, q, (matrix, query) => nearestNeighbors(matrix, query, k));
}

const show = (xs: Neighbor[]) => `[${xs.map((x) => `{ index: ${x?.index}, score: ${typeof x?.score === 'number' ? +x.score.toFixed(4) : String(x?.score)} }`).join(', ')}]`;
const close = (x: number, y: number) => Math.abs(x - y) <= TENSOR_TOLERANCE * (1 + Math.abs(y));

/** Checks the shape of a neighbour list: an array of { index, score } with integer indices and number scores. */
function assertNeighborList(got: unknown, n: number, what: string): asserts got is Neighbor[] {
  assert.ok(Array.isArray(got), `${what}: expected an array of { index, score }, got ${typeof got}`);
  got.forEach((x: unknown, i) => {
    const e = x as Partial<Neighbor> | null;
    assert.ok(e !== null && typeof e === 'object', `${what}: entry ${i} is not an object { index, score }`);
    assert.ok(typeof e.index === 'number' && Number.isInteger(e.index) && e.index >= 0 && e.index < n, `${what}: entry ${i} has index ${String(e.index)}; expected an integer row index in 0..${n - 1}`);
    assert.ok(typeof e.score === 'number', `${what}: entry ${i} has score ${String(e.score)}; expected a number (use .dataSync() / .arraySync() to get numbers out of a tensor)`);
  });
}

/** Recognizes the classic ranking mistakes on `got`, then compares it with the reference. */
function checkRanking(got: unknown, m: number[][], q: number[], k: number, what: string): void {
  assertNeighborList(got, m.length, what);
  const ranking = refRanking(m, q);
  const want = ranking.slice(0, Math.min(k, m.length));
  if (got.some((x) => Number.isNaN(x.score))) {
    throw misconception('NaN for a zero vector', `${what} returned a NaN score: ${show(got)}. A zero vector has norm 0, and 0 / 0 is NaN. Define its similarity as 0 — e.g. tf.divNoNan(dots, norms), or tf.where on norm = 0.`);
  }
  const dots = m.map((row) => dot(row, q));
  if (got.length === want.length && got.length > 1 && got.every((x) => close(x.score, dots[x.index])) && !got.every((x) => close(x.score, refCos(m[x.index], q)))) {
    throw misconception('dot product without normalizing', `${what} scored the rows by their dot product with the query (${show(got)}), not by cosine. Long vectors then win regardless of direction: divide each dot product by ‖row‖ · ‖query‖.`);
  }
  const ascending = [...ranking].reverse().slice(0, want.length);
  if (got.length > 1 && got.every((x, i) => x.index === ascending[i].index) && !got.every((x, i) => x.index === want[i].index)) {
    throw misconception('sorted ascending', `${what} returned the LEAST similar rows first (${show(got)}). Nearest neighbours come highest score first: sort descending, or use tf.topk, which already does.`);
  }
  assert.equal(got.length, want.length, `${what}: expected ${want.length} neighbours, got ${got.length}: ${show(got)}`);
  for (let i = 1; i < got.length; i++) {
    if (got[i].score > got[i - 1].score + 1e-6) {
      throw misconception('sorted ascending', `${what}: entry ${i} scores ${got[i].score} but entry ${i - 1} only ${got[i - 1].score} (${show(got)}). Return the neighbours highest score first.`);
    }
  }
  assert.equal(new Set(got.map((x) => x.index)).size, got.length, `${what}: the same row appears twice: ${show(got)}`);
  got.forEach((x, i) =>
    assertClose(x.score, refCos(m[x.index], q), { tol: TENSOR_TOLERANCE, what: `${what}: entry ${i} (row ${x.index}) has the wrong score` }),
  );
  // Indices must match the reference except where float32 rounding can swap two nearly equal scores.
  got.forEach((x, i) => {
    if (x.index !== want[i].index && !close(x.score, want[i].score)) {
      assert.fail(`${what}: expected ${show(want)}, got ${show(got)} — entry ${i} should be row ${want[i].index} (score ${want[i].score.toFixed(4)})`);
    }
  });
}

describe('embeddings/similarity: cosineSimilarity', () => {
  it('gives the worked examples: 8/9, 0 for orthogonal, -1 for opposite, 1 for a scaled copy', () => {
    const got = cos([1, 2, 2], [2, 1, 2]);
    if (close(got, 8)) {
      throw misconception('dot product without normalizing', 'cosineSimilarity([1, 2, 2], [2, 1, 2]) returned 8, the dot product. Divide by the two lengths: 8 / (‖a‖ ‖b‖) = 8 / (3 · 3) = 0.8889.');
    }
    assertClose(got, 8 / 9, { tol: TENSOR_TOLERANCE, what: 'cosineSimilarity([1, 2, 2], [2, 1, 2])' });
    assertClose(cos([1, 0], [0, 5]), 0, { tol: TENSOR_TOLERANCE, what: 'cosineSimilarity([1, 0], [0, 5])' });
    assertClose(cos([1, 1], [-2, -2]), -1, { tol: TENSOR_TOLERANCE, what: 'cosineSimilarity([1, 1], [-2, -2])' });
    assertClose(cos([3, -4, 12], [30, -40, 120]), 1, { tol: TENSOR_TOLERANCE, what: 'cosineSimilarity([3, -4, 12], [30, -40, 120])' });
  });

  it('matches a float64 reference on 40 seeded random pairs (dimensions 1 to 64, mixed lengths)', () => {
    const rand = seededRandom(4001);
    for (let trial = 0; trial < 40; trial++) {
      const d = 1 + Math.floor(rand() * 64);
      const scale = 10 ** Math.floor(rand() * 4 - 1); // 0.1 to 100: length must not matter
      const [a] = randomMatrix(rand, 1, d);
      const b = randomMatrix(rand, 1, d)[0].map((x) => x * scale);
      const got = cos(a, b);
      if (d > 1 && close(got, dot(a, b)) && !close(got, refCos(a, b))) {
        throw misconception('dot product without normalizing', `trial ${trial}: cosineSimilarity returned ${got}, the dot product a·b. Divide by ‖a‖ ‖b‖.`);
      }
      assertClose(got, refCos(a, b), { tol: TENSOR_TOLERANCE, what: `trial ${trial}: cosineSimilarity of two random ${d}-d vectors` });
    }
  });

  it('returns 0, not NaN, when either vector is zero', () => {
    for (const [a, b] of [[[0, 0, 0], [1, 2, 3]], [[1, 2, 3], [0, 0, 0]], [[0, 0], [0, 0]]]) {
      const got = cos(a, b);
      if (typeof got === 'number' && Number.isNaN(got)) {
        throw misconception('NaN for a zero vector', `cosineSimilarity(${JSON.stringify(a)}, ${JSON.stringify(b)}) returned NaN. A zero vector has norm 0 and 0 / 0 is NaN; the contract defines its similarity as 0 (tf.divNoNan does exactly that).`);
      }
      assertClose(got, 0, { tol: TENSOR_TOLERANCE, what: `cosineSimilarity(${JSON.stringify(a)}, ${JSON.stringify(b)})` });
    }
  });

  it('leaks no tensors, returns a plain number and leaves its inputs usable', async () => {
    const { cosineSimilarity } = load();
    const [a, b] = [tf.tensor1d([1, 2, 2]), tf.tensor1d([2, 1, 2])];
    try {
      const got = await expectNoTensorLeak(tf, () => cosineSimilarity(a, b), 'cosineSimilarity');
      assert.equal(typeof got, 'number', `cosineSimilarity should return a number, got ${typeof got} (read the value out with .dataSync()[0] or .arraySync())`);
      assert.ok(!a.isDisposed && !b.isDisposed, 'cosineSimilarity disposed a tensor it was given; the caller still owns its inputs');
    } finally {
      a.dispose();
      b.dispose();
    }
  });
});

describe('embeddings/similarity: nearestNeighbors', () => {
  const HAND = [[1, 0], [0, 1], [-1, 0], [1, 1]];

  it('ranks the worked example highest first and includes the query’s own row', () => {
    checkRanking(knn(HAND, [1, 0], 3), HAND, [1, 0], 3, 'nearestNeighbors(worked example, [1, 0], 3)');
    const lengths = [[10, 10], [0.1, 0], [0, 3]];
    // Row 0 is long but 45° away; row 1 is tiny but points exactly along the query: cosine must pick row 1.
    checkRanking(knn(lengths, [1, 0], 2), lengths, [1, 0], 2, 'nearestNeighbors([[10, 10], [0.1, 0], [0, 3]], [1, 0], 2)');
    const own = knn(HAND, HAND[3], 1);
    assertNeighborList(own, HAND.length, 'nearestNeighbors(m, row 3 of m, 1)');
    assert.equal(own[0]?.index, 3, `when the query is row 3 of the matrix, row 3 itself is its nearest neighbour (score 1); got ${show(own)}`);
  });

  it('matches a float64 reference on 25 seeded random matrices (up to 40 × 24)', () => {
    const rand = seededRandom(4002);
    for (let trial = 0; trial < 25; trial++) {
      const n = 1 + Math.floor(rand() * 40);
      const d = 1 + Math.floor(rand() * 24);
      const k = 1 + Math.floor(rand() * n);
      const m = randomMatrix(rand, n, d).map((row) => row.map((x) => x * (1 + 9 * rand()))); // rows of varied length
      const q = randomMatrix(rand, 1, d)[0];
      checkRanking(knn(m, q, k), m, q, k, `trial ${trial}: nearestNeighbors of a [${n}, ${d}] matrix, k = ${k}`);
    }
  });

  it('returns highest first, not ascending', () => {
    const m = [[1, 0], [0.8, 0.6], [0, 1], [-0.6, 0.8], [-1, 0]];
    checkRanking(knn(m, [1, 0], 5), m, [1, 0], 5, 'nearestNeighbors(5 unit vectors fanning from [1, 0] to [-1, 0], [1, 0], 5)');
  });

  it('returns every row when k is the number of rows, tied rows in either order', () => {
    // k larger than the number of rows, and the order among tied rows, are left open by the contract.
    const m = [[0, 1], [2, 0], [0, 1], [2, 0], [-1, 0]];
    const got = knn(m, [1, 0], 5);
    assertNeighborList(got, m.length, 'nearestNeighbors(5 rows, [1, 0], k = 5)');
    assert.equal(got.length, 5, `k = 5 with 5 rows should return all 5 rows, got ${got.length}: ${show(got)}`);
    checkRanking(got, m, [1, 0], 5, 'nearestNeighbors(5 rows, [1, 0], k = 5)');
    const groups = [got.slice(0, 2), got.slice(2, 4), got.slice(4)].map((g) => g.map((x) => x.index).sort((a, b) => a - b));
    assert.deepEqual(groups, [[1, 3], [0, 2], [4]], `expected rows 1 and 3 (score 1, either order), then rows 0 and 2 (score 0, either order), then row 4 (score −1); got ${show(got)}`);
  });

  it('scores a zero row and a zero query as 0, never NaN', () => {
    const m = [[-1, 0], [0, 0], [1, 0]];
    checkRanking(knn(m, [1, 0], 3), m, [1, 0], 3, 'nearestNeighbors([[-1, 0], [0, 0], [1, 0]], [1, 0], 3)');
    const zeroQuery = knn(HAND, [0, 0], 4);
    assertNeighborList(zeroQuery, HAND.length, 'nearestNeighbors(m, [0, 0], 4)');
    if (zeroQuery.some((x) => Number.isNaN(x.score))) {
      throw misconception('NaN for a zero vector', `nearestNeighbors with a zero query returned ${show(zeroQuery)}. Its norm is 0 and 0 / 0 is NaN; the contract scores it 0 against every row.`);
    }
    assert.deepEqual(zeroQuery.map((x) => x.index).sort((a, b) => a - b), [0, 1, 2, 3], `a zero query scores 0 against every row, so all four rows tie and come back (in any order); got ${show(zeroQuery)}`);
    zeroQuery.forEach((x, i) => assertClose(x.score, 0, { tol: TENSOR_TOLERANCE, what: `nearestNeighbors(m, [0, 0], 4): entry ${i}` }));
  });

  it('leaks no tensors and leaves the matrix and query usable', async () => {
    const { nearestNeighbors } = load();
    const rand = seededRandom(4003);
    const m = randomMatrix(rand, 30, 16);
    const q = randomMatrix(rand, 1, 16)[0];
    const [matrix, query] = [tf.tensor2d(m), tf.tensor1d(q)];
    try {
      const got = await expectNoTensorLeak(tf, () => nearestNeighbors(matrix, query, 5), 'nearestNeighbors');
      assert.ok(!matrix.isDisposed && !query.isDisposed, 'nearestNeighbors disposed a tensor it was given; the caller still owns its inputs');
      checkRanking(got, m, q, 5, 'nearestNeighbors of a [30, 16] matrix, k = 5');
    } finally {
      matrix.dispose();
      query.dispose();
    }
  });
});
