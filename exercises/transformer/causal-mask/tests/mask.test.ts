// Hidden tests for transformer/causal-mask. The mask is made of 0s and 1s, so values are compared exactly
// (a tolerance of 1e-9, so a 0 can never pass for a 1). Every tensor a test creates is disposed.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/mask';
import { assertTensorClose, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('mask.ts', ['causalMask']);

/** The independent reference: 1 where key j ≤ query i, as nested arrays. */
const refMask = (t: number): number[][] => Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => (j <= i ? 1 : 0)));
const upperMask = (t: number): number[][] => refMask(t).map((row, i) => row.map((_, j) => (j >= i ? 1 : 0)));
const strictLower = (t: number): number[][] => refMask(t).map((row, i) => row.map((_, j) => (j < i ? 1 : 0)));
const inverted = (t: number): number[][] => refMask(t).map((row) => row.map((v) => 1 - v));
const same = (a: unknown, b: number[][]) => JSON.stringify(a) === JSON.stringify(b);

/** Calls causalMask(t), checks it is a [t, t] float32 tensor with the right 0/1 pattern, names classic mistakes. */
function checkMask(causalMask: (t: number) => tf.Tensor2D, t: number): void {
  const m = causalMask(t);
  try {
    assert.ok(isTensorLike(m), `causalMask(${t}) should return a tf.Tensor2D, got ${typeof m}`);
    assert.deepEqual(m.shape, [t, t], `causalMask(${t}) should have shape [${t}, ${t}], got [${m.shape.join(', ')}]`);
    const got = m.arraySync() as number[][];
    // Bool tensors come back as 0/1 numbers from arraySync, so the pattern is checked before the dtype.
    const values = got.map((row) => row.map(Number));
    if (t > 1 && same(values, upperMask(t))) {
      throw misconception('upper-triangular mask (future visible)', `causalMask(${t}) has its 1s on and ABOVE the diagonal, so query i sees keys i..t−1 — the future — and none of the past. Row i is the query, column j the key: entry [i][j] is 1 when j ≤ i (on and below the diagonal).`, { expected: refMask(t), actual: values });
    }
    if (same(values, strictLower(t))) {
      throw misconception('diagonal excluded', `causalMask(${t}) has 0s on the diagonal, so a position cannot attend to itself (and position 0 attends to nothing at all). The condition is j ≤ i, not j < i.`, { expected: refMask(t), actual: values });
    }
    if (t > 1 && same(values, inverted(t))) {
      throw misconception('1 and 0 swapped', `causalMask(${t}) marks the allowed keys with 0 and the blocked ones with 1. In this course 1 means "attend" and 0 means "blocked".`, { expected: refMask(t), actual: values });
    }
    if (m.dtype !== 'float32') {
      throw misconception('wrong dtype', `causalMask(${t}) has the right pattern but dtype ${m.dtype}. The contract is a float32 tensor: cast the comparison with .cast('float32') (the attention code and the visualizer multiply with it).`, { expected: 'float32', actual: m.dtype });
    }
    assertTensorClose(m, { shape: [t, t], dtype: 'float32', values: refMask(t) }, { what: `causalMask(${t})`, tol: 1e-9 });
  } finally {
    if (isTensorLike(m)) m.dispose();
  }
}

describe('transformer/causal-mask: values', () => {
  it('causalMask(4) is the worked example: 1 on and below the diagonal, 0 above, float32', () => {
    checkMask(load().causalMask, 4);
  });

  it('causalMask(1) is [[1]]: a single position attends to itself', () => {
    checkMask(load().causalMask, 1);
  });

  it('causalMask(2) and causalMask(3) are exact', () => {
    const { causalMask } = load();
    checkMask(causalMask, 2);
    checkMask(causalMask, 3);
  });

  it('is right for 12 seeded random sizes t in [2, 96] (seed 5)', () => {
    const { causalMask } = load();
    const rand = seededRandom(5);
    for (let n = 0; n < 12; n++) checkMask(causalMask, 2 + Math.floor(rand() * 95));
  });

  it('each row i has exactly i + 1 ones (t = 257)', () => {
    const { causalMask } = load();
    const t = 257;
    const m = causalMask(t);
    try {
      const sums = tf.tidy(() => m.cast('float32').sum(1).arraySync() as number[]);
      const bad = sums.findIndex((s, i) => s !== i + 1);
      assert.equal(bad, -1, `row ${bad} of causalMask(${t}) should hold ${bad + 1} ones (keys 0..${bad}), got ${sums[bad]}`);
    } finally {
      m.dispose();
    }
  });
});

describe('transformer/causal-mask: memory', () => {
  it('leaves no intermediate tensors behind (tensor leak)', async () => {
    const { causalMask } = load();
    const m = await expectNoTensorLeak(tf, () => causalMask(16), 'causalMask(16)');
    m.dispose();
  });

  it('returns a new tensor each call (disposing one does not break the next)', () => {
    const { causalMask } = load();
    const a = causalMask(3);
    a.dispose();
    checkMask(causalMask, 3);
  });
});
