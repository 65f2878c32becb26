// Hidden tests for transformer/layer-norm. Tolerance: 1e-4 relative+absolute (tf float32) against an
// independent float64 reference below. Every tensor a test creates is disposed.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/layer-norm';
import { assertTensorClose, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('layer-norm.ts', ['layerNorm']);
type LayerNorm = typeof Sol.layerNorm;

interface Arr {
  data: number[];
  shape: number[];
}
type Nested = number | Nested[];
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const randArr = (rand: () => number, shape: number[], scale = 1, offset = 0): Arr => ({ shape, data: Array.from({ length: size(shape) }, () => Math.fround(offset + (rand() * 2 - 1) * scale)) });
const nest = (data: readonly number[], shape: readonly number[]): Nested => {
  if (shape.length <= 1) return [...data];
  const inner = size(shape.slice(1));
  return Array.from({ length: shape[0] }, (_, i) => nest(data.slice(i * inner, (i + 1) * inner), shape.slice(1)));
};

type Variant = 'correct' | 'unbiased' | 'eps outside' | 'first axis' | 'all elements' | 'no affine' | 'no eps';

/** Normalizes groups of elements (given by index lists) of `x.data`; the float64 reference and the mistakes. */
function refLayerNorm(x: Arr, gamma: number[], beta: number[], eps: number, variant: Variant = 'correct'): number[] {
  const d = x.shape[x.shape.length - 1];
  const n = x.data.length;
  let groups: number[][];
  if (variant === 'all elements') groups = [Array.from({ length: n }, (_, i) => i)];
  else if (variant === 'first axis') {
    const stride = n / x.shape[0];
    groups = Array.from({ length: stride }, (_, s) => Array.from({ length: x.shape[0] }, (_, a) => a * stride + s));
  } else groups = Array.from({ length: n / d }, (_, r) => Array.from({ length: d }, (_, c) => r * d + c));
  const out = new Array<number>(n).fill(0);
  for (const g of groups) {
    const mean = g.reduce((s, i) => s + x.data[i], 0) / g.length;
    const ss = g.reduce((s, i) => s + (x.data[i] - mean) ** 2, 0);
    const variance = ss / (variant === 'unbiased' ? g.length - 1 : g.length);
    const denom = variant === 'eps outside' ? Math.sqrt(variance) + eps : variant === 'no eps' ? Math.sqrt(variance) : Math.sqrt(variance + eps);
    for (const i of g) {
      const z = (x.data[i] - mean) / denom;
      out[i] = variant === 'no affine' ? z : z * gamma[i % d] + beta[i % d];
    }
  }
  return out;
}

/** Within 1e-4 (relative+absolute); NaN matches only NaN, so a mistake that divides 0 by 0 is still recognized. */
const close = (got: readonly number[], want: readonly number[]) =>
  got.length === want.length && got.every((g, i) => (Number.isNaN(want[i]) ? Number.isNaN(g) : Math.abs(g - want[i]) <= 1e-4 * (1 + Math.abs(want[i]))));

const MISTAKES: ReadonlyArray<[Variant, string, string]> = [
  ['unbiased', 'unbiased variance (n−1)', 'your variance divides the sum of squares by d − 1. LayerNorm uses the biased (population) variance: the mean of (x − mean)², dividing by d — x.sub(mean).square().mean(-1, true).'],
  ['eps outside', 'eps outside the sqrt', 'you compute (x − mean) / (sqrt(var) + eps). The epsilon goes inside: (x − mean) / sqrt(var + eps). The difference shows when a vector is nearly constant.'],
  ['no eps', 'eps ignored', 'your result is (x − mean) / sqrt(var), without the epsilon (or the eps argument was not passed through), so a constant vector (variance 0) gives 0 / 0 = NaN. Add eps inside the square root: sqrt(var + eps), with eps defaulting to 1e-5.'],
  ['first axis', 'normalized over the wrong axis', 'your statistics were taken over the first axis (down the columns). LayerNorm normalizes each vector on its own, over the LAST axis: x.mean(-1, true).'],
  ['all elements', 'normalized over the wrong axis', 'your mean and variance were taken over every element of x at once. LayerNorm normalizes each vector on its own, over the LAST axis: x.mean(-1, true), keeping the dimension so it broadcasts back.'],
  ['no affine', 'gamma/beta ignored', 'your output is the bare normalized x. Finish with · gamma + beta: the learned scale and shift let the network undo the normalization where it helps.'],
];

interface Case {
  x: Arr;
  gamma: number[];
  beta: number[];
  eps?: number;
  what: string;
}

function check(layerNorm: LayerNorm, c: Case): void {
  const x = tf.tensor(c.x.data, c.x.shape);
  const gamma = tf.tensor1d(c.gamma);
  const beta = tf.tensor1d(c.beta);
  let y: tf.Tensor | undefined;
  try {
    y = c.eps === undefined ? layerNorm(x, gamma, beta) : layerNorm(x, gamma, beta, c.eps);
    assert.ok(isTensorLike(y), `${c.what} should return a tf.Tensor, got ${typeof y}`);
    assert.deepEqual(y.shape, c.x.shape, `${c.what} should keep x's shape [${c.x.shape}], got [${y.shape}]`);
    const eps = c.eps ?? 1e-5;
    const want = refLayerNorm(c.x, c.gamma, c.beta, eps);
    const got = Array.from(y.dataSync());
    if (!close(got, want)) {
      for (const [variant, name, why] of MISTAKES) {
        const wrong = refLayerNorm(c.x, c.gamma, c.beta, eps, variant);
        if (!close(wrong, want) && close(got, wrong)) throw misconception(name, `${c.what}: ${why}`, { expected: nest(want, c.x.shape), actual: nest(got, c.x.shape) });
      }
    }
    assertTensorClose(y, { shape: c.x.shape, dtype: 'float32', values: nest(want, c.x.shape) }, { what: c.what });
  } finally {
    tf.dispose([x, gamma, beta]);
    if (isTensorLike(y)) y.dispose();
  }
}

const ones = (d: number) => new Array<number>(d).fill(1);
const zeros = (d: number) => new Array<number>(d).fill(0);

describe('transformer/layer-norm: values', () => {
  it('the worked example [[1, 2, 3, 4]] -> [[-1.341635, -0.447212, 0.447212, 1.341635]]', () => {
    const { layerNorm } = load();
    const s = Math.sqrt(1.25 + 1e-5);
    const c: Case = { x: { data: [1, 2, 3, 4], shape: [1, 4] }, gamma: ones(4), beta: zeros(4), what: 'layerNorm([[1, 2, 3, 4]], ones, zeros)' };
    assert.ok(close(refLayerNorm(c.x, c.gamma, c.beta, 1e-5), [-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s]), 'the reference disagrees with the hand computation');
    check(layerNorm, c);
  });

  it('applies gamma and beta per feature: gamma [1, 2, 1, 0.5], beta [0, 0, 1, -1]', () => {
    const { layerNorm } = load();
    check(layerNorm, { x: { data: [1, 2, 3, 4, 10, 0, -10, 4], shape: [2, 4] }, gamma: [1, 2, 1, 0.5], beta: [0, 0, 1, -1], what: 'layerNorm([[1,2,3,4],[10,0,-10,4]], gamma, beta)' });
  });

  it('matches the float64 reference on seeded random [2, 3, 8] inputs with random gamma and beta (seed 41)', () => {
    const { layerNorm } = load();
    const rand = seededRandom(41);
    const gamma = randArr(rand, [8], 1, 1).data;
    const beta = randArr(rand, [8]).data;
    check(layerNorm, { x: randArr(rand, [2, 3, 8], 3, 1), gamma, beta, what: 'layerNorm(random [2, 3, 8])' });
  });

  it('normalizes over the last axis for any leading dimensions: [6], [5, 3] and [2, 2, 3, 6] (seed 42)', () => {
    const { layerNorm } = load();
    const rand = seededRandom(42);
    for (const shape of [[6], [5, 3], [2, 2, 3, 6]]) {
      const d = shape[shape.length - 1];
      check(layerNorm, { x: randArr(rand, shape, 2, -0.5), gamma: randArr(rand, [d], 1, 1).data, beta: randArr(rand, [d]).data, what: `layerNorm(random [${shape}])` });
    }
  });

  it('uses eps = 1e-5 inside the square root by default, and the eps it is given', () => {
    const { layerNorm } = load();
    // Nearly constant vectors: var ≈ 1e-6 and 0, where eps changes the result a lot.
    const x: Arr = { data: [1, 1.001, 1.002, 0.999, 2, 2, 2, 2], shape: [2, 4] };
    check(layerNorm, { x, gamma: [1, 2, 3, 4], beta: [0.5, 0, -0.5, 1], what: 'layerNorm(nearly constant rows) with the default eps' });
    check(layerNorm, { x, gamma: [1, 2, 3, 4], beta: [0.5, 0, -0.5, 1], eps: 1e-3, what: 'layerNorm(nearly constant rows, eps = 1e-3)' });
    check(layerNorm, { x: { data: [0, 0.5, -1, 3], shape: [4] }, gamma: ones(4), beta: zeros(4), eps: 0.5, what: 'layerNorm([0, 0.5, -1, 3], eps = 0.5)' });
  });
});

describe('transformer/layer-norm: memory', () => {
  it('leaves no intermediate tensors behind and keeps its inputs alive (tensor leak)', async () => {
    const { layerNorm } = load();
    const x = tf.tensor([[1, 2, 3], [4, 5, 7]]);
    const gamma = tf.tensor1d([1, 2, 3]);
    const beta = tf.tensor1d([0, 1, 0]);
    try {
      const y = await expectNoTensorLeak(tf, () => layerNorm(x, gamma, beta), 'layerNorm(x, gamma, beta)');
      y.dispose();
      for (const [name, t] of [['x', x], ['gamma', gamma], ['beta', beta]] as const) {
        assert.ok(!t.isDisposed, `layerNorm disposed its input ${name}; the caller still owns it (only dispose tensors you created)`);
      }
    } finally {
      tf.dispose([x, gamma, beta]);
    }
  });
});
