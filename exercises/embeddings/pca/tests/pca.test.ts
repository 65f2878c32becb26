// Hidden tests for embeddings/pca. The reference is computed here in float64: the covariance of the centred data
// and its eigenvectors by the cyclic Jacobi method, independent of any power iteration. Each principal direction
// is defined only up to sign, so every column of the result is compared with the reference after flipping it to
// agree in sign. Datasets are built with well-separated principal variances (each at most 0.75 × the one before),
// so the directions are well defined and power iteration converges. Tolerance: 1e-4 relative+absolute (float32).

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/pca';
import { assertClose, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom, TENSOR_TOLERANCE } from '../../../kit';

const load = () => learner<typeof Sol>('pca.ts', ['pca']);
type M = number[][];

// ---- float64 linear algebra for the reference --------------------------------------------------------------------
const transpose = (a: M): M => a[0].map((_, j) => a.map((r) => r[j]));
const matmul = (a: M, b: M): M => a.map((r) => b[0].map((_, j) => r.reduce((s, x, k) => s + x * b[k][j], 0)));
const colMeans = (a: M) => a[0].map((_, j) => a.reduce((s, r) => s + r[j], 0) / a.length);
const centreRef = (a: M): M => {
  const m = colMeans(a);
  return a.map((r) => r.map((x, j) => x - m[j]));
};
const column = (a: M, j: number) => a.map((r) => r[j]);
const variance = (v: number[]) => {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, v.length - 1);
};

/** Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations: values descending, vectors as columns. */
function jacobiEigen(sym: M): { values: number[]; vectors: M } {
  const d = sym.length;
  const a = sym.map((r) => [...r]);
  const v: M = a.map((_, i) => a.map((__, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const [akp, akq] = [a[k][p], a[k][q]];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const [apk, aqk] = [a[p][k], a[q][k]];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const [vkp, vkq] = [v[k][p], v[k][q]];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = a.map((r, i) => ({ i, value: r[i] })).sort((x, y) => y.value - x.value);
  return { values: order.map((o) => o.value), vectors: v.map((r) => order.map((o) => r[o.i])) };
}

/** The reference PCA: centred data times the top-k eigenvectors of its covariance, plus what else the checks need. */
function refPca(x: M, k: number) {
  const xc = centreRef(x);
  const cov = matmul(transpose(xc), xc).map((r) => r.map((v) => v / Math.max(1, x.length - 1)));
  const { values, vectors } = jacobiEigen(cov);
  const d = x[0].length;
  const pick = (cols: number[]) => vectors.map((r) => cols.map((j) => r[j]));
  const top = Array.from({ length: k }, (_, j) => j);
  return {
    projected: matmul(xc, pick(top)),
    smallest: matmul(xc, pick(top.map((j) => d - 1 - j))),
    uncentred: matmul(x, pick(top)),
    eigenvectors: pick(top),
    values,
  };
}

/** Flips each column of `got` to agree in sign with the same column of `want` (signs are free). */
const alignSigns = (got: M, want: M): M => {
  const signs = want[0].map((_, j) => (got.reduce((s, r, i) => s + r[j] * want[i][j], 0) < 0 ? -1 : 1));
  return got.map((r) => r.map((v, j) => v * signs[j]));
};
const closeUpToSign = (got: M, want: M, tol = 1e-3) =>
  got.length === want.length && got[0]?.length === want[0].length && alignSigns(got, want).every((r, i) => r.every((v, j) => Math.abs(v - want[i][j]) <= tol * (1 + Math.abs(want[i][j]))));

// ---- datasets ------------------------------------------------------------------------------------------------------
/** Orthonormalizes the columns of `a` (modified Gram–Schmidt), optionally against the all-ones direction first. */
function orthonormalColumns(a: M, againstOnes: boolean): M {
  const n = a.length;
  const cols: number[][] = againstOnes ? [Array(n).fill(1 / Math.sqrt(n))] : [];
  for (let j = 0; j < a[0].length; j++) {
    let v = column(a, j);
    for (const u of cols) {
      const p = v.reduce((s, x, i) => s + x * u[i], 0);
      v = v.map((x, i) => x - p * u[i]);
    }
    const len = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    cols.push(v.map((x) => x / len));
  }
  return transpose(againstOnes ? cols.slice(1) : cols);
}

/**
 * n points in d dimensions whose principal directions are the columns of a random rotation Q and whose principal
 * standard deviations are `sds` (descending, well separated), shifted by a random mean: x = mean + U·diag(σ)·Qᵀ,
 * with U's columns orthonormal and of zero mean.
 */
function dataset(rand: () => number, n: number, sds: number[], meanScale: number): M {
  const d = sds.length;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const u = orthonormalColumns(Array.from({ length: n }, () => Array.from({ length: d }, gauss)), true);
  const q = orthonormalColumns(Array.from({ length: d }, () => Array.from({ length: d }, gauss)), false);
  const mean = Array.from({ length: d }, () => (rand() * 2 - 1) * meanScale);
  const scale = Math.sqrt(n - 1);
  const scores = u.map((r) => r.map((x, j) => x * sds[j] * scale));
  return matmul(scores, transpose(q)).map((r) => r.map((x, j) => Math.round((x + mean[j]) * 1e6) / 1e6));
}
/** Principal standard deviations from `top` down, each variance 0.3–0.75 × the one before. */
const spectrum = (rand: () => number, d: number, top: number) => {
  const sds = [top];
  while (sds.length < d) sds.push(sds[sds.length - 1] * Math.sqrt(0.3 + 0.45 * rand()));
  return sds;
};

// ---- running the learner's pca -------------------------------------------------------------------------------------
/** Runs pca on a tensor made from `x`, returns the result as arrays, and disposes every tensor involved. */
function runPca(x: M, k: number): unknown {
  const { pca } = load();
  const input = tf.tensor2d(x);
  let out: unknown;
  try {
    out = pca(input, k);
    return isTensorLike(out) ? out.arraySync() : out;
  } finally {
    input.dispose();
    if (out instanceof tf.Tensor) out.dispose();
  }
}

const shapeOf = (a: unknown): string => (Array.isArray(a) ? `[${a.length}${Array.isArray(a[0]) ? `, ${(a[0] as unknown[]).length}` : ''}]` : typeof a);

/** Recognizes the classic mistakes, then compares column by column, up to sign, with the reference. */
function checkPca(got: unknown, x: M, k: number, what: string): void {
  const n = x.length;
  const d = x[0].length;
  const ref = refPca(x, k);
  assert.ok(Array.isArray(got), `${what}: expected a tf.Tensor2D of shape [${n}, ${k}], got ${typeof got}`);
  const g = got as M;
  if (g.length === d && d !== n && Array.isArray(g[0]) && g[0].length === k) {
    throw misconception('returned the eigenvectors', `${what} returned a [${d}, ${k}] matrix: the principal directions themselves. PCA's output is the data expressed in those directions — the centred data [${n}, ${d}] times the [${d}, ${k}] eigenvectors, one row per point, shape [${n}, ${k}].`);
  }
  assert.equal(shapeOf(g), `[${n}, ${k}]`, `${what}: expected shape [${n}, ${k}] (one row per point, one column per component), got ${shapeOf(g)}`);
  if (g.some((r) => r.some((v) => !Number.isFinite(v)))) assert.fail(`${what}: the result contains NaN or Infinity`);
  const means = g[0].map((_, j) => g.reduce((s, r) => s + r[j], 0) / n);
  const worstMean = Math.max(...means.map(Math.abs));
  const spread = Math.sqrt(Math.max(...means.map((_, j) => variance(column(g, j)))));
  if (worstMean > 1e-3 * (1 + spread)) {
    throw misconception('forgot to centre', `${what}: the columns of your result have means ${means.map((m) => +m.toFixed(4)).join(', ')} — the projection of centred data has mean 0 in every column. Subtract each column's mean from x (x − mean(x, axis 0)) before the covariance AND before projecting.`);
  }
  if (k < d && closeUpToSign(g, ref.smallest)) {
    throw misconception('smallest components', `${what} projected onto the ${k} directions of SMALLEST variance. Power iteration finds the largest eigenvalue first; an eigensolver that returns eigenvalues in ascending order needs its columns reversed.`);
  }
  const vars = g[0].map((_, j) => variance(column(g, j)));
  for (let j = 1; j < k; j++) {
    if (vars[j] > vars[j - 1] * (1 + 1e-3) + 1e-9) {
      throw misconception('wrong order', `${what}: column ${j} has variance ${+vars[j].toFixed(4)}, more than column ${j - 1} (${+vars[j - 1].toFixed(4)}). Principal components come in order of decreasing variance (eigenvalue): the first column is the direction the data spreads most along.`);
    }
  }
  const aligned = alignSigns(g, ref.projected);
  for (let j = 0; j < k; j++) {
    assertClose(column(aligned, j), column(ref.projected, j), { tol: TENSOR_TOLERANCE, what: `${what}, column ${j} (principal component ${j + 1}, compared up to sign)` });
  }
}

// The worked example: x = mean + t·u₁ + s·u₂, with u₁ = (0.6, 0.8) and u₂ = (−0.8, 0.6). t and s have mean 0 and
  // are orthogonal, and t varies more, so the first component is ±t and the second ±s.
const T = [-5, -3, -1, 1, 3, 5];
const S = [1, -1, 0, 0, -1, 1];
const WORKED = T.map((t, i) => [10 + 0.6 * t - 0.8 * S[i], -20 + 0.8 * t + 0.6 * S[i]]);

describe('embeddings/pca: known components', () => {
  it('recovers the known components of the worked example (k = 1 and k = 2)', () => {
    const one = runPca(WORKED, 1);
    checkPca(one, WORKED, 1, 'pca(worked example, 1)');
    assertClose(alignSigns(one as M, T.map((t) => [t])), T.map((t) => [t]), { tol: TENSOR_TOLERANCE, what: 'pca(worked example, 1) should be ±t = ±[-5, -3, -1, 1, 3, 5]' });
    const two = runPca(WORKED, 2);
    checkPca(two, WORKED, 2, 'pca(worked example, 2)');
    const ts = T.map((t, i) => [t, S[i]]);
    assertClose(alignSigns(two as M, ts), ts, { tol: TENSOR_TOLERANCE, what: 'pca(worked example, 2) should have columns ±t and ±s' });
  });

  it('recovers a 3-d dataset built from known directions, for k = 1, 2 and 3 (k = d)', () => {
    // Points spread 4, 2 and 0.5 along three orthonormal directions, around the mean (100, -50, 7).
    const dirs = [
      [2 / 3, 2 / 3, 1 / 3],
      [-2 / 3, 1 / 3, 2 / 3],
      [1 / 3, -2 / 3, 2 / 3],
    ];
    const rand = seededRandom(4301);
    const coords = orthonormalColumns(Array.from({ length: 12 }, () => [rand() - 0.5, rand() - 0.5, rand() - 0.5]), true).map((r) => [r[0] * 4 * Math.sqrt(11), r[1] * 2 * Math.sqrt(11), r[2] * 0.5 * Math.sqrt(11)]);
    const x = coords.map((c) => [100, -50, 7].map((m, j) => m + c[0] * dirs[0][j] + c[1] * dirs[1][j] + c[2] * dirs[2][j]));
    for (const k of [1, 2, 3]) {
      const got = runPca(x, k);
      checkPca(got, x, k, `pca(12 points in 3-d, ${k})`);
      const want = coords.map((c) => c.slice(0, k));
      assertClose(alignSigns(got as M, want), want, { tol: TENSOR_TOLERANCE, what: `pca(12 points in 3-d, ${k}) should be the known coordinates (up to sign)` });
    }
  });

  it('centres the data: a mean far from the origin changes nothing', () => {
    const rand = seededRandom(4304);
    const x = dataset(rand, 16, [2, 1, 0.4], 0);
    const shifted = x.map((r) => r.map((v, j) => v + [50, -80, 30][j]));
    const got = runPca(shifted, 2);
    checkPca(got, shifted, 2, 'pca of 16 points around (50, -80, 30), k = 2');
    assertClose(alignSigns(got as M, refPca(x, 2).projected), refPca(x, 2).projected, { tol: TENSOR_TOLERANCE, what: 'pca of the shifted data should equal pca of the data around the origin' });
  });
});

describe('embeddings/pca: random data', () => {
  it('matches a float64 Jacobi reference on 10 seeded random datasets (up to 40 points, 2 to 5 dimensions, any k)', () => {
    const rand = seededRandom(4302);
    for (let trial = 0; trial < 10; trial++) {
      const d = 2 + Math.floor(rand() * 4);
      const n = d + 2 + Math.floor(rand() * (39 - d));
      const k = 1 + Math.floor(rand() * d);
      const x = dataset(rand, n, spectrum(rand, d, 1 + 4 * rand()), 20 * rand());
      checkPca(runPca(x, k), x, k, `trial ${trial}: pca of ${n} random points in ${d}-d, k = ${k}`);
    }
  });

  it('orders the components: the first column has the largest variance, then decreasing', () => {
    const rand = seededRandom(4303);
    const x = dataset(rand, 30, [0.5, 3, 1.2, 0.2].sort((a, b) => b - a), 5);
    const got = runPca(x, 4);
    checkPca(got, x, 4, 'pca of 30 points in 4-d with principal standard deviations 3, 1.2, 0.5, 0.2, k = 4');
    const vars = (got as M)[0].map((_, j) => variance(column(got as M, j)));
    assertClose(vars, [9, 1.44, 0.25, 0.04], { tol: 1e-3, what: 'the variances of the four columns' });
  });
});

describe('embeddings/pca: output and tensors', () => {
  it('returns the projected data [n, k], not the [d, k] eigenvectors', () => {
    const rand = seededRandom(4305);
    const x = dataset(rand, 9, [3, 1.5, 0.6, 0.3, 0.1], 2);
    checkPca(runPca(x, 2), x, 2, 'pca of 9 points in 5-d, k = 2');
  });

  it('leaks no tensors, returns a tf.Tensor2D and leaves its input unchanged', async () => {
    const { pca } = load();
    const rand = seededRandom(4306);
    const x = dataset(rand, 20, [2, 1, 0.5, 0.2], 3);
    const input = tf.tensor2d(x);
    try {
      const out = await expectNoTensorLeak(tf, () => pca(input, 2), 'pca');
      try {
        assert.ok(out instanceof tf.Tensor, `pca should return a tf.Tensor2D, got ${typeof out}`);
        assert.ok(!input.isDisposed, 'pca disposed the tensor it was given; the caller still owns it');
        assertClose(input.arraySync(), x, { tol: TENSOR_TOLERANCE, what: 'the input after pca (it must not change)' });
        checkPca(out.arraySync(), x, 2, 'pca of 20 points in 4-d, k = 2');
      } finally {
        out.dispose();
      }
    } finally {
      input.dispose();
    }
  });
});
