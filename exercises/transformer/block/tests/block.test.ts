// Hidden tests for transformer/block. Tolerance: 1e-4 relative+absolute (tf float32) against an independent
// float64 reference below (LayerNorm, per-head attention, GELU MLP, residuals). Every tensor a test creates is
// disposed.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/block';
import { assertClose, assertTensorClose, expectNoTensorLeak, isTensorLike, learner, misconception, noteReferenceFallbacks, seededRandom } from '../../../kit';

const load = () => {
  const m = learner<typeof Sol>('block.ts', ['gelu', 'feedForward', 'transformerBlock']);
  noteReferenceFallbacks();
  return m;
};

type M = number[][];
type X = number[][][];
const f32 = (x: number) => Math.fround(x);
const randM = (rand: () => number, r: number, c: number, scale: number, offset = 0): M => Array.from({ length: r }, () => Array.from({ length: c }, () => f32(offset + (rand() * 2 - 1) * scale)));
const randV = (rand: () => number, n: number, scale: number, offset = 0) => randM(rand, 1, n, scale, offset)[0];

interface P {
  ln1: { gamma: number[]; beta: number[] };
  attn: { wq: M; wk: M; wv: M; wo: M; bq: number[]; bk: number[]; bv: number[]; bo: number[] };
  ln2: { gamma: number[]; beta: number[] };
  mlp: { w1: M; b1: number[]; w2: M; b2: number[] };
}
type Variant = 'correct' | 'post-LN' | 'no residual' | 'relu' | 'erf gelu' | 'attention residual only';

const K = Math.sqrt(2 / Math.PI);
const geluTanh = (v: number) => 0.5 * v * (1 + Math.tanh(K * (v + 0.044715 * v ** 3)));
/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), for the exact-GELU fingerprint only. */
const erf = (v: number) => {
  const s = Math.sign(v);
  const a = Math.abs(v);
  const t = 1 / (1 + 0.3275911 * a);
  return s * (1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a));
};
const geluErf = (v: number) => 0.5 * v * (1 + erf(v / Math.SQRT2));
const act = (variant: Variant) => (variant === 'relu' ? (v: number) => Math.max(0, v) : variant === 'erf gelu' ? geluErf : geluTanh);

const lin = (x: M, w: M, b?: number[]): M => x.map((row) => w[0].map((_, j) => row.reduce((s, v, c) => s + v * w[c][j], 0) + (b ? b[j] : 0)));
const addM = (a: M, b: M): M => a.map((row, i) => row.map((v, j) => v + b[i][j]));
const ln = (x: M, g: number[], b: number[]): M =>
  x.map((row) => {
    const mean = row.reduce((s, v) => s + v, 0) / row.length;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / row.length;
    return row.map((v, j) => ((v - mean) / Math.sqrt(variance + 1e-5)) * g[j] + b[j]);
  });
function mha(x: M, p: P['attn'], nHead: number, mask: M | undefined): M {
  const [T, C] = [x.length, x[0].length];
  const hs = C / nHead;
  const [q, k, v] = [lin(x, p.wq, p.bq), lin(x, p.wk, p.bk), lin(x, p.wv, p.bv)];
  const merged: M = Array.from({ length: T }, () => new Array<number>(C).fill(0));
  for (let h = 0; h < nHead; h++) {
    const cols = Array.from({ length: hs }, (_, j) => h * hs + j);
    for (let i = 0; i < T; i++) {
      const s = Array.from({ length: T }, (_, j) => (mask && mask[i][j] === 0 ? -Infinity : cols.reduce((a, c) => a + q[i][c] * k[j][c], 0) / Math.sqrt(hs)));
      const m = Math.max(...s);
      const e = s.map((z) => Math.exp(z - m));
      const zsum = e.reduce((a, z) => a + z, 0);
      for (const c of cols) merged[i][c] = e.reduce((a, w, j) => a + (w / zsum) * v[j][c], 0);
    }
  }
  return lin(merged, p.wo, p.bo);
}
const ffn = (x: M, p: P['mlp'], variant: Variant = 'correct'): M => lin(lin(x, p.w1, p.b1).map((row) => row.map(act(variant))), p.w2, p.b2);

/** The float64 reference block, one sequence at a time — and, with `variant`, the classic mistakes. */
function refBlock(x: X, p: P, nHead: number, mask: M | undefined, variant: Variant = 'correct'): X {
  return x.map((xb) => {
    if (variant === 'post-LN') {
      const a = ln(addM(xb, mha(xb, p.attn, nHead, mask)), p.ln1.gamma, p.ln1.beta);
      return ln(addM(a, ffn(a, p.mlp)), p.ln2.gamma, p.ln2.beta);
    }
    if (variant === 'no residual') {
      const a = mha(ln(xb, p.ln1.gamma, p.ln1.beta), p.attn, nHead, mask);
      return ffn(ln(a, p.ln2.gamma, p.ln2.beta), p.mlp);
    }
    const a = addM(xb, mha(ln(xb, p.ln1.gamma, p.ln1.beta), p.attn, nHead, mask));
    const f = ffn(ln(a, p.ln2.gamma, p.ln2.beta), p.mlp, variant);
    return variant === 'attention residual only' ? f : addM(a, f);
  });
}

const MISTAKES: ReadonlyArray<[Variant, string, string]> = [
  ['post-LN', 'post-LN instead of pre-LN', 'your block computes LN(x + MHA(x)) and LN(x + FFN(x)) — the original 2017 "post-LN" layout. GPT-2 normalizes BEFORE each sub-layer and leaves the residual path alone: x + MHA(LN1(x)), then x + FFN(LN2(x)).'],
  ['no residual', 'residual missing', 'your block returns FFN(LN2(MHA(LN1(x)))) without adding the input back. Each sub-layer\'s output is ADDED to its input: a = x + MHA(LN1(x)); return a + FFN(LN2(a)).'],
  ['attention residual only', 'residual missing', 'your block returns FFN(LN2(a)) where a = x + MHA(LN1(x)) — the second residual is missing. Return a + FFN(LN2(a)).'],
  ['relu', 'ReLU instead of GELU', 'your MLP uses ReLU. GPT-2 (and this exercise) uses GELU with the tanh approximation: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).'],
  ['erf gelu', 'GELU in its erf form', 'your MLP uses the exact GELU x · Φ(x). Use the tanh approximation, as GPT-2 does: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).'],
];

const closeFlat = (got: readonly number[], want: readonly number[]) => got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= 1e-4 * (1 + Math.abs(want[i])));

function randomParams(rand: () => number, C: number, H: number): P {
  const s = 1 / Math.sqrt(C);
  return {
    ln1: { gamma: randV(rand, C, 0.3, 1), beta: randV(rand, C, 0.2) },
    attn: { wq: randM(rand, C, C, 2 * s), wk: randM(rand, C, C, 2 * s), wv: randM(rand, C, C, s), wo: randM(rand, C, C, s), bq: randV(rand, C, 0.2), bk: randV(rand, C, 0.2), bv: randV(rand, C, 0.2), bo: randV(rand, C, 0.2) },
    ln2: { gamma: randV(rand, C, 0.3, 1), beta: randV(rand, C, 0.2) },
    mlp: { w1: randM(rand, C, H, 2 * s), b1: randV(rand, H, 0.5), w2: randM(rand, H, C, 1 / Math.sqrt(H)), b2: randV(rand, C, 0.2) },
  };
}
const zeroParams = (C: number, H: number): P => {
  const z = (r: number, c: number) => randM(() => 0.5, r, c, 0);
  const zv = (n: number) => new Array<number>(n).fill(0);
  return {
    ln1: { gamma: zv(C).map(() => 1), beta: zv(C) },
    attn: { wq: z(C, C), wk: z(C, C), wv: z(C, C), wo: z(C, C), bq: zv(C), bk: zv(C), bv: zv(C), bo: zv(C) },
    ln2: { gamma: zv(C).map(() => 1), beta: zv(C) },
    mlp: { w1: z(C, H), b1: zv(H), w2: z(H, C), b2: zv(C) },
  };
};

function tensorParams(p: P): Sol.BlockParams {
  return {
    ln1: { gamma: tf.tensor1d(p.ln1.gamma), beta: tf.tensor1d(p.ln1.beta) },
    attn: { wq: tf.tensor2d(p.attn.wq), wk: tf.tensor2d(p.attn.wk), wv: tf.tensor2d(p.attn.wv), wo: tf.tensor2d(p.attn.wo), bq: tf.tensor1d(p.attn.bq), bk: tf.tensor1d(p.attn.bk), bv: tf.tensor1d(p.attn.bv), bo: tf.tensor1d(p.attn.bo) },
    ln2: { gamma: tf.tensor1d(p.ln2.gamma), beta: tf.tensor1d(p.ln2.beta) },
    mlp: { w1: tf.tensor2d(p.mlp.w1), b1: tf.tensor1d(p.mlp.b1), w2: tf.tensor2d(p.mlp.w2), b2: tf.tensor1d(p.mlp.b2) },
  };
}
const disposeParams = (p: Sol.BlockParams) => tf.dispose([...Object.values(p.ln1), ...(Object.values(p.attn) as tf.Tensor[]), ...Object.values(p.ln2), ...Object.values(p.mlp)]);
const causal = (t: number): M => Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => (j <= i ? 1 : 0)));

function checkBlock(block: typeof Sol.transformerBlock, x: X, p: P, nHead: number, mask: M | undefined, what: string): void {
  const xt = tf.tensor3d(x);
  const pt = tensorParams(p);
  const mt = mask ? tf.tensor2d(mask) : undefined;
  let y: tf.Tensor3D | undefined;
  try {
    y = mt ? block(xt, pt, nHead, mt) : block(xt, pt, nHead);
    assert.ok(isTensorLike(y), `${what} should return a tf.Tensor3D, got ${typeof y}`);
    const shape = [x.length, x[0].length, x[0][0].length];
    assert.deepEqual(y.shape, shape, `${what} should keep the shape [${shape}], got [${y.shape}]`);
    const want = refBlock(x, p, nHead, mask);
    const got = Array.from(y.dataSync());
    if (!closeFlat(got, want.flat(2))) {
      for (const [variant, name, why] of MISTAKES) {
        const wrong = refBlock(x, p, nHead, mask, variant).flat(2);
        if (!closeFlat(wrong, want.flat(2)) && closeFlat(got, wrong)) throw misconception(name, `${what}: ${why}`);
      }
    }
    assertTensorClose(y, { shape, values: want }, { what });
  } finally {
    tf.dispose([xt, ...(mt ? [mt] : [])]);
    disposeParams(pt);
    if (isTensorLike(y)) y.dispose();
  }
}

describe('transformer/block: GELU and the MLP', () => {
  it('gelu is the tanh approximation: gelu([0, 1, -1, 2, -3, 0.5]) (and not ReLU or the erf form)', () => {
    const { gelu } = load();
    const xs = [0, 1, -1, 2, -3, 0.5];
    const x = tf.tensor1d(xs);
    let y: tf.Tensor | undefined;
    try {
      y = gelu(x);
      assert.ok(isTensorLike(y), `gelu should return a tensor, got ${typeof y}`);
      const got = Array.from(y.dataSync());
      if (closeFlat(got, xs.map((v) => Math.max(0, v)))) throw misconception('ReLU instead of GELU', 'gelu returned max(0, x). GELU is smooth and slightly negative for negative inputs: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), gelu(-1) = -0.158808.');
      if (closeFlat(got, xs.map(geluErf)) && !closeFlat(got, xs.map(geluTanh))) throw misconception('GELU in its erf form', 'gelu matches the exact x · Φ(x) (gelu(1) = 0.841345). Use the tanh approximation, as GPT-2 does (gelu(1) = 0.841192).');
      assertClose(got, xs.map(geluTanh), { tol: 1e-4, what: `gelu(${JSON.stringify(xs)})` });
    } finally {
      tf.dispose([x, ...(isTensorLike(y) ? [y] : [])]);
    }
  });

  it('feedForward matches GELU(x·W1 + b1)·W2 + b2 on seeded random [2, 3, 4] with H = 16 (seed 61)', () => {
    const { feedForward } = load();
    const rand = seededRandom(61);
    const x = [randM(rand, 3, 4, 1.5), randM(rand, 3, 4, 1.5)];
    const p = randomParams(rand, 4, 16).mlp;
    const xt = tf.tensor3d(x);
    const pt = { w1: tf.tensor2d(p.w1), b1: tf.tensor1d(p.b1), w2: tf.tensor2d(p.w2), b2: tf.tensor1d(p.b2) };
    let y: tf.Tensor3D | undefined;
    try {
      y = feedForward(xt, pt);
      assert.ok(isTensorLike(y), `feedForward should return a tensor, got ${typeof y}`);
      const want = x.map((xb) => ffn(xb, p));
      const got = Array.from(y.dataSync());
      if (closeFlat(got, x.map((xb) => ffn(xb, p, 'relu')).flat(2)) && !closeFlat(got, want.flat(2))) throw misconception('ReLU instead of GELU', 'feedForward used ReLU between its two layers; GPT-2 uses GELU (tanh approximation).');
      assertTensorClose(y, { shape: [2, 3, 4], values: want }, { what: 'feedForward(random [2, 3, 4], H = 16)' });
    } finally {
      tf.dispose([xt, ...Object.values(pt), ...(isTensorLike(y) ? [y] : [])]);
    }
  });
});

describe('transformer/block: the block', () => {
  it('matches an independent float64 reference: B = 2, T = 4, C = 8, 2 heads, H = 32, causal mask (seed 62)', () => {
    const { transformerBlock } = load();
    const rand = seededRandom(62);
    checkBlock(transformerBlock, [randM(rand, 4, 8, 1.5, 0.3), randM(rand, 4, 8, 1.5, -0.2)], randomParams(rand, 8, 32), 2, causal(4), 'transformerBlock(random [2, 4, 8], 2 heads, causal)');
  });

  it('keeps the shape for T = 1 without a mask and for [1, 5, 12] with 3 heads (seed 63)', () => {
    const { transformerBlock } = load();
    const rand = seededRandom(63);
    checkBlock(transformerBlock, [randM(rand, 1, 4, 1)], randomParams(rand, 4, 16), 2, undefined, 'transformerBlock(random [1, 1, 4], 2 heads)');
    checkBlock(transformerBlock, [randM(rand, 5, 12, 1)], randomParams(rand, 12, 24), 3, causal(5), 'transformerBlock(random [1, 5, 12], 3 heads, causal)');
  });

  it('is the identity when every weight and bias is zero (the residual path)', () => {
    const { transformerBlock } = load();
    const rand = seededRandom(64);
    const x = [randM(rand, 3, 4, 2)];
    const xt = tf.tensor3d(x);
    const pt = tensorParams(zeroParams(4, 8));
    let y: tf.Tensor3D | undefined;
    try {
      y = transformerBlock(xt, pt, 2);
      assert.ok(isTensorLike(y), `transformerBlock should return a tensor, got ${typeof y}`);
      if (Array.from(y.dataSync()).every((v) => Math.abs(v) < 1e-6)) {
        throw misconception('residual missing', 'with every weight zero your block returned all zeros. The sub-layers\' outputs are ADDED to the input — x + MHA(LN1(x)), then + FFN(LN2(·)) — so a block whose sub-layers output 0 passes x through unchanged.');
      }
      assertTensorClose(y, { shape: [1, 3, 4], values: x }, { what: 'transformerBlock(x, all-zero params) — should return x' });
    } finally {
      tf.dispose([xt, ...(isTensorLike(y) ? [y] : [])]);
      disposeParams(pt);
    }
  });

  it('with the causal mask, changing the last token changes no earlier output (seed 65)', () => {
    const { transformerBlock } = load();
    const rand = seededRandom(65);
    const x = [randM(rand, 5, 8, 1)];
    // A varied change: shifting every channel by one constant would vanish in LayerNorm and prove nothing.
    const x2 = [x[0].map((row, t) => (t === 4 ? row.map((v, c) => v + (c % 2 === 0 ? 2 : -1.5) * (1 + c / 8)) : row))];
    const pt = tensorParams(randomParams(rand, 8, 16));
    const mask = tf.tensor2d(causal(5));
    const [a, b] = [tf.tensor3d(x), tf.tensor3d(x2)];
    const outs: tf.Tensor[] = [];
    try {
      const ya = transformerBlock(a, pt, 2, mask);
      const yb = transformerBlock(b, pt, 2, mask);
      outs.push(ya, yb);
      const [ra, rb] = [ya.arraySync()[0], yb.arraySync()[0]];
      for (let t = 0; t < 4; t++) {
        const diff = Math.max(...ra[t].map((v, c) => Math.abs(v - rb[t][c])));
        if (diff > 1e-5) throw misconception('future leaks into the past', `changing token 4 changed the block's output at position ${t} (by up to ${diff.toExponential(2)}). Pass the mask on to multiHeadAttention; LayerNorm and the MLP work on each position alone.`);
      }
      assert.ok(Math.max(...ra[4].map((v, c) => Math.abs(v - rb[4][c]))) > 1e-3, 'changing token 4 should change the output at position 4 itself');
    } finally {
      tf.dispose([a, b, mask, ...outs]);
      disposeParams(pt);
    }
  });
});

describe('transformer/block: memory', () => {
  it('gelu, feedForward and transformerBlock leave no intermediate tensors behind (tensor leak)', async () => {
    const { gelu, feedForward, transformerBlock } = load();
    const rand = seededRandom(66);
    const x = tf.tensor3d([randM(rand, 3, 4, 1)]);
    const pt = tensorParams(randomParams(rand, 4, 8));
    const mask = tf.tensor2d(causal(3));
    try {
      (await expectNoTensorLeak(tf, () => gelu(x), 'gelu(x)')).dispose();
      (await expectNoTensorLeak(tf, () => feedForward(x, pt.mlp), 'feedForward(x, mlp)')).dispose();
      (await expectNoTensorLeak(tf, () => transformerBlock(x, pt, 2, mask), 'transformerBlock(x, params, 2, mask)')).dispose();
      assert.ok(!x.isDisposed && !mask.isDisposed && !pt.mlp.w1.isDisposed, 'transformerBlock disposed one of its inputs; the caller still owns them');
    } finally {
      tf.dispose([x, mask]);
      disposeParams(pt);
    }
  });
});
