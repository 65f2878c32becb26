// Hidden tests for transformer/multi-head. Tolerance: 1e-4 relative+absolute (tf float32) against an
// independent float64 reference below that loops over heads one at a time. Every tensor a test creates is
// disposed.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/multi-head';
import { assertTensorClose, expectNoTensorLeak, isTensorLike, learner, misconception, noteReferenceFallbacks, seededRandom } from '../../../kit';

const load = () => {
  const m = learner<typeof Sol>('multi-head.ts', ['splitHeads', 'mergeHeads', 'multiHeadAttention']);
  noteReferenceFallbacks();
  return m;
};

type M = number[][];
type X = number[][][]; // [B][T][C]
const f32 = (x: number) => Math.fround(x);
const randM = (rand: () => number, r: number, c: number, scale: number): M => Array.from({ length: r }, () => Array.from({ length: c }, () => f32((rand() * 2 - 1) * scale)));
const randX = (rand: () => number, B: number, T: number, C: number, scale = 1): X => Array.from({ length: B }, () => randM(rand, T, C, scale));
const randV = (rand: () => number, n: number, scale: number) => randM(rand, 1, n, scale)[0];

interface Params {
  wq: M;
  wk: M;
  wv: M;
  wo: M;
  bq?: number[];
  bk?: number[];
  bv?: number[];
  bo?: number[];
}
type Variant = 'correct' | 'reshape only' | 'reshape split' | 'width scale' | 'no wo' | 'transposed weights';

/** y = x·W + b for one [T, C] matrix. */
const lin = (x: M, w: M, b?: number[]): M => x.map((row) => w[0].map((_, j) => row.reduce((s, v, c) => s + v * w[c][j], 0) + (b ? b[j] : 0)));
const transpose = (a: M): M => a[0].map((_, j) => a.map((row) => row[j]));
/** Cuts [T, C] into nHead matrices [T, hs]: by channel blocks (correct), or by reading the memory in order. */
function split(x: M, nHead: number, reshapeOnly: boolean): M[] {
  const T = x.length;
  const C = x[0].length;
  const hs = C / nHead;
  const flat = x.flat();
  return Array.from({ length: nHead }, (_, h) => Array.from({ length: T }, (_, t) => Array.from({ length: hs }, (_, j) => (reshapeOnly ? flat[h * T * hs + t * hs + j] : x[t][h * hs + j]))));
}
function merge(heads: M[], reshapeOnly: boolean): M {
  const nHead = heads.length;
  const T = heads[0].length;
  const hs = heads[0][0].length;
  const C = nHead * hs;
  const flat = heads.flat(2);
  return Array.from({ length: T }, (_, t) => Array.from({ length: C }, (_, c) => (reshapeOnly ? flat[t * C + c] : heads[Math.floor(c / hs)][t][c % hs])));
}

/** The float64 reference — one head at a time — and, with `variant`, the classic mistakes. */
function refMHA(x: X, p: Params, nHead: number, mask: M | undefined, variant: Variant = 'correct'): { output: X; weights: number[][][][] } {
  const w = (m: M) => (variant === 'transposed weights' ? transpose(m) : m);
  const outputs: X = [];
  const weights: number[][][][] = [];
  for (const xb of x) {
    const C = xb[0].length;
    const hs = C / nHead;
    const scale = 1 / Math.sqrt(variant === 'width scale' ? C : hs);
    const splitReshape = variant === 'reshape only' || variant === 'reshape split';
    const [qh, kh, vh] = [lin(xb, w(p.wq), p.bq), lin(xb, w(p.wk), p.bk), lin(xb, w(p.wv), p.bv)].map((m) => split(m, nHead, splitReshape));
    const heads: M[] = [];
    const wb: number[][][] = [];
    for (let h = 0; h < nHead; h++) {
      const wts = qh[h].map((qi, i) => {
        const s = kh[h].map((kj, j) => (mask && mask[i][j] === 0 ? -Infinity : qi.reduce((a, v, c) => a + v * kj[c], 0) * scale));
        const m = Math.max(...s);
        const e = s.map((v) => Math.exp(v - m));
        const z = e.reduce((a, v) => a + v, 0);
        return e.map((v) => v / z);
      });
      wb.push(wts);
      heads.push(wts.map((row) => vh[h][0].map((_, c) => row.reduce((a, wt, j) => a + wt * vh[h][j][c], 0))));
    }
    const merged = merge(heads, variant === 'reshape only');
    outputs.push(variant === 'no wo' ? merged : lin(merged, w(p.wo), p.bo));
    weights.push(wb);
  }
  return { output: outputs, weights };
}

const closeFlat = (got: readonly number[], want: readonly number[]) => got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= 1e-4 * (1 + Math.abs(want[i])));

const MISTAKES: ReadonlyArray<[Variant, string, string]> = [
  ['reshape only', 'reshape without transpose (heads mix positions)', 'your heads were made by reshaping [B, T, C] straight to [B, nHead, T, hs], so a "head" holds consecutive chunks of memory — pieces of several positions — instead of channels h·hs..(h+1)·hs−1 of every position. Reshape to [B, T, nHead, hs] and then transpose([0, 2, 1, 3]); mergeHeads transposes back before its reshape.'],
  ['reshape split', 'reshape without transpose (heads mix positions)', 'splitHeads reshaped [B, T, C] straight to [B, nHead, T, hs], so each head holds pieces of several positions. Reshape to [B, T, nHead, hs] first, then transpose([0, 2, 1, 3]).'],
  ['width scale', 'scaling by the model width instead of the head size', 'your scores were divided by √C. Each head is an attention of size hs = C / nHead, so the scale is 1/√hs — exactly what your scaledDotProductAttention does when you hand it the split q, k, v.'],
  ['no wo', 'output projection missing', 'your output is the merged heads without the final ·Wo + bo. The output projection is what lets the heads\' results mix.'],
  ['transposed weights', 'weights applied as W·x (transposed)', 'your projections compute x·Wᵀ. In this exercise every matrix is [C_in, C_out] and applied as x·W: tf.matMul(x, params.wq).'],
];

interface Case {
  x: X;
  p: Params;
  nHead: number;
  mask?: M;
  what: string;
}

const tensorParams = (p: Params): Sol.MultiHeadParams => {
  const out: Sol.MultiHeadParams = { wq: tf.tensor2d(p.wq), wk: tf.tensor2d(p.wk), wv: tf.tensor2d(p.wv), wo: tf.tensor2d(p.wo) };
  for (const b of ['bq', 'bk', 'bv', 'bo'] as const) {
    const v = p[b];
    if (v) out[b] = tf.tensor1d(v);
  }
  return out;
};
const disposeParams = (p: Sol.MultiHeadParams) => tf.dispose(Object.values(p) as tf.Tensor[]);

function check(mha: typeof Sol.multiHeadAttention, c: Case): void {
  const x = tf.tensor3d(c.x);
  const p = tensorParams(c.p);
  const mask = c.mask ? tf.tensor2d(c.mask) : undefined;
  let r: ReturnType<typeof Sol.multiHeadAttention> | undefined;
  try {
    r = mask ? mha(x, p, c.nHead, mask) : mha(x, p, c.nHead);
    assert.ok(isTensorLike(r?.output) && isTensorLike(r?.weights), `${c.what} should return { output, weights }, two tensors`);
    const ref = refMHA(c.x, c.p, c.nHead, c.mask);
    const [B, T, C] = [c.x.length, c.x[0].length, c.x[0][0].length];
    assert.deepEqual(r.output.shape, [B, T, C], `${c.what}: output should have shape [${B}, ${T}, ${C}], got [${r.output.shape}]`);
    assert.deepEqual(r.weights.shape, [B, c.nHead, T, T], `${c.what}: weights should have shape [${B}, ${c.nHead}, ${T}, ${T}], got [${r.weights.shape}]`);
    const got = Array.from(r.output.dataSync());
    if (!closeFlat(got, ref.output.flat(2))) {
      for (const [variant, name, why] of MISTAKES) {
        const wrong = refMHA(c.x, c.p, c.nHead, c.mask, variant).output.flat(2);
        if (!closeFlat(wrong, ref.output.flat(2)) && closeFlat(got, wrong)) throw misconception(name, `${c.what}: ${why}`);
      }
    }
    assertTensorClose(r.output, { shape: [B, T, C], values: ref.output }, { what: `${c.what}.output` });
    assertTensorClose(r.weights, { shape: [B, c.nHead, T, T], values: ref.weights }, { what: `${c.what}.weights` });
  } finally {
    tf.dispose([x, ...(mask ? [mask] : [])]);
    disposeParams(p);
    if (r) tf.dispose([r.output, r.weights].filter(isTensorLike) as tf.Tensor[]);
  }
}

function randomParams(rand: () => number, C: number, biases: boolean): Params {
  const s = 1 / Math.sqrt(C);
  const p: Params = { wq: randM(rand, C, C, 2 * s), wk: randM(rand, C, C, 2 * s), wv: randM(rand, C, C, s), wo: randM(rand, C, C, s) };
  if (biases) Object.assign(p, { bq: randV(rand, C, 0.3), bk: randV(rand, C, 0.3), bv: randV(rand, C, 0.3), bo: randV(rand, C, 0.3) });
  return p;
}
const causal = (t: number): M => Array.from({ length: t }, (_, i) => Array.from({ length: t }, (_, j) => (j <= i ? 1 : 0)));
const isTodo = (err: unknown) => err instanceof Error && err.message.startsWith('TODO');

describe('transformer/multi-head: split and merge', () => {
  it('splitHeads: the worked example gives head 0 channels 0–1 and head 1 channels 2–3 of every position', () => {
    const { splitHeads } = load();
    const x = tf.tensor3d([[[0, 1, 2, 3], [4, 5, 6, 7]]]);
    let s: tf.Tensor4D | undefined;
    try {
      s = splitHeads(x, 2);
      assert.ok(isTensorLike(s), `splitHeads should return a tensor, got ${typeof s}`);
      const got = s.arraySync();
      if (JSON.stringify(got) === JSON.stringify([[[[0, 1], [2, 3]], [[4, 5], [6, 7]]]])) {
        throw misconception('reshape without transpose (heads mix positions)', 'splitHeads([[[0,1,2,3],[4,5,6,7]]], 2) gave head 0 the rows [0, 1] and [2, 3] — both halves of position 0 — because it reshaped straight to [B, nHead, T, hs]. Reshape to [B, T, nHead, hs] = [1, 2, 2, 2], then transpose([0, 2, 1, 3]): head 0 must be [[0, 1], [4, 5]].', { expected: [[[[0, 1], [4, 5]], [[2, 3], [6, 7]]]], actual: got });
      }
      assertTensorClose(s, { shape: [1, 2, 2, 2], values: [[[[0, 1], [4, 5]], [[2, 3], [6, 7]]]] }, { what: 'splitHeads([[[0,1,2,3],[4,5,6,7]]], 2)' });
    } finally {
      tf.dispose([x, ...(s && isTensorLike(s) ? [s] : [])]);
    }
  });

  it('mergeHeads undoes splitHeads exactly on seeded random [2, 5, 6] with 1, 2, 3 and 6 heads (seed 51)', () => {
    const { splitHeads, mergeHeads } = load();
    const rand = seededRandom(51);
    const data = randX(rand, 2, 5, 6);
    const x = tf.tensor3d(data);
    try {
      for (const h of [1, 2, 3, 6]) {
        const s = splitHeads(x, h);
        const m = mergeHeads(s);
        try {
          const want = data.map((xb) => split(xb, h, false));
          assertTensorClose(s, { shape: [2, h, 5, 6 / h], values: want }, { what: `splitHeads(random [2, 5, 6], ${h})` });
          assertTensorClose(m, { shape: [2, 5, 6], values: data }, { what: `mergeHeads(splitHeads(x, ${h}))` });
        } finally {
          tf.dispose([s, m]);
        }
      }
    } finally {
      x.dispose();
    }
  });

  it('throws an Error when C is not divisible by nHead (C = 6, nHead = 4)', () => {
    const { splitHeads, multiHeadAttention } = load();
    const x = tf.zeros([1, 2, 6]) as tf.Tensor3D;
    const p = tensorParams(randomParams(seededRandom(52), 6, false));
    try {
      for (const [name, call] of [['splitHeads(x [1, 2, 6], 4)', () => splitHeads(x, 4)], ['multiHeadAttention(x [1, 2, 6], params, 4)', () => multiHeadAttention(x, p, 4)]] as const) {
        let result: unknown;
        let threw: unknown;
        try {
          result = call();
        } catch (err) {
          threw = err;
        }
        if (result !== undefined) tf.dispose(result as tf.TensorContainer);
        assert.ok(threw !== undefined, `${name} should throw an Error (6 channels cannot be cut into 4 equal heads), but it returned`);
        assert.ok(threw instanceof Error && !isTodo(threw), `${name} threw ${threw instanceof Error ? `"${threw.message}"` : String(threw)} — expected an Error saying C is not divisible by nHead`);
      }
    } finally {
      x.dispose();
      disposeParams(p);
    }
  });
});

describe('transformer/multi-head: attention', () => {
  it('matches a per-head float64 reference: B = 2, T = 4, C = 8, 2 heads, no biases (seed 53)', () => {
    const { multiHeadAttention } = load();
    const rand = seededRandom(53);
    check(multiHeadAttention, { x: randX(rand, 2, 4, 8), p: randomParams(rand, 8, false), nHead: 2, what: 'multiHeadAttention(random [2, 4, 8], 2 heads)' });
  });

  it('with biases and a [T, T] causal mask broadcast over batch and heads: B = 2, T = 5, C = 12, 3 heads (seed 54)', () => {
    const { multiHeadAttention } = load();
    const rand = seededRandom(54);
    check(multiHeadAttention, { x: randX(rand, 2, 5, 12), p: randomParams(rand, 12, true), nHead: 3, mask: causal(5), what: 'multiHeadAttention(random [2, 5, 12], 3 heads, causal mask)' });
  });

  it('1 head and C heads of size 1 are both right (seed 55)', () => {
    const { multiHeadAttention } = load();
    const rand = seededRandom(55);
    check(multiHeadAttention, { x: randX(rand, 1, 3, 4), p: randomParams(rand, 4, true), nHead: 1, what: 'multiHeadAttention(random [1, 3, 4], 1 head)' });
    check(multiHeadAttention, { x: randX(rand, 1, 3, 4), p: randomParams(rand, 4, true), nHead: 4, mask: causal(3), what: 'multiHeadAttention(random [1, 3, 4], 4 heads of size 1, causal)' });
  });

  it('with the causal mask, changing the last token does not change any earlier output (seed 56)', () => {
    const { multiHeadAttention } = load();
    const rand = seededRandom(56);
    const data = randX(rand, 1, 6, 8);
    const changed = data.map((xb) => xb.map((row, t) => (t === 5 ? row.map((v) => v + 3) : row)));
    const p = tensorParams(randomParams(rand, 8, true));
    const mask = tf.tensor2d(causal(6));
    const [x1, x2] = [tf.tensor3d(data), tf.tensor3d(changed)];
    const outs: tf.Tensor[] = [];
    try {
      const a = multiHeadAttention(x1, p, 2, mask);
      const b = multiHeadAttention(x2, p, 2, mask);
      outs.push(a.output, a.weights, b.output, b.weights);
      const [ya, yb] = [a.output.arraySync()[0], b.output.arraySync()[0]];
      for (let t = 0; t < 5; t++) {
        const diff = Math.max(...ya[t].map((v, c) => Math.abs(v - yb[t][c])));
        if (diff > 1e-5) throw misconception('future leaks into the past', `changing token 5 changed the output at position ${t} (by up to ${diff.toExponential(2)}). Pass the mask through to scaledDotProductAttention so no position attends to a later one.`);
      }
      assert.ok(Math.max(...ya[5].map((v, c) => Math.abs(v - yb[5][c]))) > 1e-3, 'changing token 5 should change the output at position 5 itself');
    } finally {
      tf.dispose([x1, x2, mask, ...outs]);
      disposeParams(p);
    }
  });
});

describe('transformer/multi-head: memory', () => {
  it('splitHeads, mergeHeads and multiHeadAttention leave no intermediate tensors behind (tensor leak)', async () => {
    const { splitHeads, mergeHeads, multiHeadAttention } = load();
    const rand = seededRandom(57);
    const x = tf.tensor3d(randX(rand, 2, 3, 4));
    const p = tensorParams(randomParams(rand, 4, true));
    const mask = tf.tensor2d(causal(3));
    try {
      const s = await expectNoTensorLeak(tf, () => splitHeads(x, 2), 'splitHeads(x, 2)');
      const m = await expectNoTensorLeak(tf, () => mergeHeads(s), 'mergeHeads(x)');
      tf.dispose([s, m]);
      const r = await expectNoTensorLeak(tf, () => multiHeadAttention(x, p, 2, mask), 'multiHeadAttention(x, params, 2, mask)');
      tf.dispose([r.output, r.weights]);
      assert.ok(!x.isDisposed && !mask.isDisposed && !p.wq.isDisposed, 'multiHeadAttention disposed one of its inputs; the caller still owns them');
    } finally {
      tf.dispose([x, mask]);
      disposeParams(p);
    }
  });
});
