// Hidden tests for neural-networks/matrix-ops. Tolerance: 1e-6 relative+absolute (integer examples are exact
// in float64 anyway). Empty matrices (no rows, or rows of length 0) are outside the contract and never passed.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/matrix';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

type M = number[][];
const raw = () => learner<typeof Sol>('matrix.ts', ['matmul', 'transpose']);
/** The contract does not say the inputs stay unchanged, so the tests hand the learner's functions copies (an
 *  in-place implementation is not penalized; the test 'notes' below point it out without failing). */
const load = () => {
  const m = raw();
  const copy = (a: M): M => (Array.isArray(a) ? a.map((row) => (Array.isArray(row) ? [...row] : row)) : a);
  return { matmul: (a: M, b: M) => m.matmul(copy(a), copy(b)), transpose: (a: M) => m.transpose(copy(a)) };
};

// Independent reference implementations, so the tests never run the solution file.
const refMatmul = (a: M, b: M): M => a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));
const refTranspose = (a: M): M => a[0].map((_, j) => a.map((row) => row[j]));
const elementwise = (a: M, b: M): M => a.map((row, i) => row.map((x, j) => x * b[i][j]));
const deepCopy = (a: M): M => a.map((row) => [...row]);
const sameNumbers = (x: unknown, y: M) => JSON.stringify(x) === JSON.stringify(y);
/** JSON, but NaN and undefined stay visible instead of turning into null. */
const show = (x: unknown) => JSON.stringify(x, (_, v: unknown) => (v === undefined || Number.isNaN(v) ? String(v) : v)).replace(/"(NaN|undefined)"/g, '$1');

function randomMatrix(rand: () => number, rows: number, cols: number): M {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round((rand() * 2 - 1) * 1e6) / 1e6));
}

/** The starter's placeholders throw `Error('TODO: ...')`; that must not count as a shape check. */
const isTodo = (err: Error) => err.message.startsWith('TODO');

/** Runs `f` and returns the Error it throws; fails with `problem` if it returns instead. */
function expectThrow(f: () => unknown, problem: string): Error {
  let result: unknown;
  try {
    result = f();
  } catch (err) {
    assert.ok(err instanceof Error, `${problem}: expected an Error to be thrown, but a ${typeof err} was thrown instead (throw new Error(...))`);
    assert.ok(!isTodo(err), `${problem}: threw "${err.message}" — the right kind of error only once the TODO is done`);
    return err;
  }
  assert.fail(`${problem}: expected an Error, but it returned ${show(result)}`);
}

describe('neural-networks/matrix-ops: matmul', () => {
  it('multiplies the 2×2 worked example [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]', () => {
    const { matmul } = load();
    const a = [[1, 2], [3, 4]];
    const b = [[5, 6], [7, 8]];
    const c = matmul(a, b);
    if (sameNumbers(c, elementwise(a, b))) {
      throw misconception('elementwise product', 'matmul returned a[i][j] · b[i][j] ([[5,12],[21,32]]). The matrix product sums over the inner index: c[i][j] = Σ_k a[i][k] · b[k][j], row i of a against column j of b.', { expected: [[19, 22], [43, 50]], actual: c });
    }
    if (sameNumbers(c, refMatmul(a, refTranspose(b)))) {
      throw misconception('a times b-transposed', 'matmul paired row i of a with ROW j of b (that is a·bᵀ = [[17,23],[39,53]]). Pair row i of a with COLUMN j of b: c[i][j] = Σ_k a[i][k] · b[k][j].', { expected: [[19, 22], [43, 50]], actual: c });
    }
    if (sameNumbers(c, refMatmul(b, a))) {
      throw misconception('operands swapped', 'matmul computed b·a ([[23,34],[31,46]]). The matrix product is not commutative: matmul(a, b) is a·b.', { expected: [[19, 22], [43, 50]], actual: c });
    }
    assertClose(c, [[19, 22], [43, 50]], { what: 'matmul([[1,2],[3,4]], [[5,6],[7,8]])' });
  });

  it('gives a [m, p] result for a [m, n]·[n, p] product of rectangular matrices', () => {
    const { matmul } = load();
    const a = [[1, 0, -1], [2, 1, 0]]; // [2, 3]
    const b = [[1, 2, 3, 4], [0, 1, 0, 1], [2, 0, -1, 1]]; // [3, 4]
    assertClose(matmul(a, b), [[-1, 2, 4, 3], [2, 5, 6, 9]], { what: 'matmul of a [2, 3] by a [3, 4] matrix' });
  });

  it('handles 1×1 matrices, a row times a column (a dot product) and a column times a row (an outer product)', () => {
    const { matmul } = load();
    assertClose(matmul([[3]], [[-2]]), [[-6]], { what: 'matmul([[3]], [[-2]])' });
    assertClose(matmul([[1, 2, 3]], [[1], [0], [-1]]), [[-2]], { what: 'matmul of a [1, 3] row by a [3, 1] column' });
    assertClose(matmul([[1], [2], [3]], [[4, 5]]), [[4, 5], [8, 10], [12, 15]], { what: 'matmul of a [3, 1] column by a [1, 2] row' });
  });

  it('matches a reference product on 40 seeded random shapes from 1×1×1 to 7×7×7', () => {
    const { matmul } = load();
    const rand = seededRandom(20260101);
    for (let trial = 0; trial < 40; trial++) {
      const [m, n, p] = [1, 2, 3].map(() => 1 + Math.floor(rand() * 7));
      const a = randomMatrix(rand, m, n);
      const b = randomMatrix(rand, n, p);
      assertClose(matmul(a, b), refMatmul(a, b), { what: `trial ${trial}: matmul of a [${m}, ${n}] by a [${n}, ${p}] matrix` });
    }
  });

  it('multiplies the inputs as they were passed in (changing them is noted, not failed)', () => {
    const { matmul } = raw();
    const rand = seededRandom(7);
    const a = randomMatrix(rand, 3, 4);
    const b = randomMatrix(rand, 4, 2);
    const [a0, b0] = [deepCopy(a), deepCopy(b)];
    const want = refMatmul(a0, b0);
    assertClose(matmul(a, b), want, { what: 'matmul of a [3, 4] by a [4, 2] matrix' });
    if (!sameNumbers(a, a0) || !sameNumbers(b, b0)) console.log('Note: matmul changed its arguments. The contract allows it, but code that still holds a or b will be surprised — prefer building fresh arrays.');
  });

  it('throws an Error when the inner sizes differ', () => {
    const { matmul } = load();
    const noCheck = (result: string) =>
      misconception('no shape check', `matmul of a [2, 3] by a [2, 3] matrix returned ${result} instead of throwing. JavaScript happily reads past the end of an array (undefined · x is NaN) or skips what it never visits, so without a check a shape bug turns into silent garbage: compare the columns of a with the rows of b first.`);
    let returned: unknown;
    try {
      returned = matmul([[1, 2, 3], [4, 5, 6]], [[1, 2, 3], [4, 5, 6]]);
    } catch (err) {
      assert.ok(err instanceof Error, 'matmul threw something that is not an Error');
      assert.ok(!isTodo(err), `matmul threw "${err.message}" — finish the TODO first`);
    }
    if (returned !== undefined) throw noCheck(show(returned));
    expectThrow(() => matmul([[1, 2]], [[1, 2]]), 'matmul of a [1, 2] by a [1, 2] matrix');
    expectThrow(() => matmul([[1], [2]], [[1], [2]]), 'matmul of a [2, 1] by a [2, 1] matrix');
  });

  it('throws an Error when either matrix has ragged rows', () => {
    const { matmul } = load();
    expectThrow(() => matmul([[1, 2], [3]], [[1], [1]]), 'matmul with ragged a = [[1, 2], [3]]');
    expectThrow(() => matmul([[1, 2]], [[1, 2], [3]]), 'matmul with ragged b = [[1, 2], [3]]');
    expectThrow(() => matmul([[1, 2]], [[1], [2, 3]]), 'matmul with ragged b = [[1], [2, 3]]');
  });
});

describe('neural-networks/matrix-ops: transpose', () => {
  it('turns the [2, 3] worked example into a [3, 2] matrix', () => {
    const { transpose } = load();
    assertClose(transpose([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]], { what: 'transpose([[1,2,3],[4,5,6]])' });
  });

  it('handles 1×1, a row and a column', () => {
    const { transpose } = load();
    assertClose(transpose([[7]]), [[7]], { what: 'transpose([[7]])' });
    assertClose(transpose([[1, 2, 3]]), [[1], [2], [3]], { what: 'transpose of the row [[1, 2, 3]]' });
    assertClose(transpose([[1], [2], [3]]), [[1, 2, 3]], { what: 'transpose of the column [[1], [2], [3]]' });
  });

  it('transposes the input as it was passed in (changing or reusing it is noted, not failed)', () => {
    const { transpose } = raw();
    const a = [[1, 2], [3, 4]];
    const t = transpose(a);
    if (t === a && sameNumbers(t, [[1, 2], [3, 4]])) {
      throw misconception('transpose in place', 'transpose returned its own input, unchanged: an in-place swap over every (i, j) swaps each pair twice. Build a fresh array of fresh rows: out[j][i] = a[i][j].');
    }
    assertClose(t, [[1, 3], [2, 4]], { what: 'transpose([[1,2],[3,4]])' });
    if (t === a || !sameNumbers(a, [[1, 2], [3, 4]]) || t.some((row) => a.includes(row))) {
      console.log('Note: transpose changed or returned (part of) its input. The contract allows it, but code that holds on to a — a layer\'s weights, for example — would see them silently flipped; prefer a fresh array of fresh rows.');
    }
  });

  it('throws an Error on ragged rows', () => {
    const { transpose } = load();
    expectThrow(() => transpose([[1, 2], [3]]), 'transpose([[1, 2], [3]])');
    expectThrow(() => transpose([[1], [2, 3]]), 'transpose([[1], [2, 3]])');
  });

  it('on 30 seeded random matrices: matches a reference, (aᵀ)ᵀ = a and (ab)ᵀ = bᵀaᵀ', () => {
    const { matmul, transpose } = load();
    const rand = seededRandom(424242);
    for (let trial = 0; trial < 30; trial++) {
      const [m, n, p] = [1, 2, 3].map(() => 1 + Math.floor(rand() * 6));
      const a = randomMatrix(rand, m, n);
      const b = randomMatrix(rand, n, p);
      const what = `trial ${trial}, a [${m}, ${n}], b [${n}, ${p}]`;
      assertClose(transpose(a), refTranspose(a), { what: `${what}: transpose(a)` });
      assertClose(transpose(transpose(a)), a, { what: `${what}: transpose(transpose(a))` });
      const abT = refTranspose(refMatmul(a, b));
      assertClose(transpose(matmul(a, b)), abT, { what: `${what}: transpose(matmul(a, b))` });
      assertClose(matmul(transpose(b), transpose(a)), abT, { what: `${what}: matmul(transpose(b), transpose(a)), which should equal (ab)ᵀ` });
    }
  });
});
