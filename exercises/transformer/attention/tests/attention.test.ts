// Hidden tests for transformer/attention. Tolerance: 1e-4 relative+absolute (tf float32) against an independent
// float64 reference written below; blocked weights must be exactly 0. Rows whose every key is blocked are
// outside the contract and never generated. Every tensor a test creates is disposed.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/attention';
import { assertTensorClose, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('attention.ts', ['scaledDotProductAttention']);
type Attention = typeof Sol.scaledDotProductAttention;

/** A row-major array with its shape: the reference works on these in float64. */
interface Arr {
  data: number[];
  shape: number[];
}
type MaskDtype = 'float32' | 'int32' | 'bool';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
/** Float32-rounded random numbers in [-scale, scale], so the reference sees exactly what the tensor holds. */
const randArr = (rand: () => number, shape: number[], scale = 1): Arr => ({ shape, data: Array.from({ length: size(shape) }, () => Math.fround((rand() * 2 - 1) * scale)) });
const nest = (data: readonly number[], shape: readonly number[]): unknown => {
  if (shape.length <= 1) return [...data];
  const inner = size(shape.slice(1));
  return Array.from({ length: shape[0] }, (_, i) => nest(data.slice(i * inner, (i + 1) * inner), shape.slice(1)));
};
type Nested = number | Nested[];
/** Flat index into `shape` (right-aligned, size-1 axes broadcast) of a multi-index over a larger shape. */
function broadcastOffset(index: readonly number[], shape: readonly number[]): number {
  let off = 0;
  const lead = index.length - shape.length;
  for (let a = 0; a < shape.length; a++) off = off * shape[a] + (shape[a] === 1 ? 0 : index[lead + a]);
  return off;
}
function unravel(flat: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    out[a] = flat % shape[a];
    flat = Math.floor(flat / shape[a]);
  }
  return out;
}

type Variant = 'correct' | 'no scale' | 'd_k scale' | 'wrong axis' | 'mask after softmax' | 'mask inverted';

/** The float64 reference — and, with `variant`, the classic mistakes, to recognize them by their numbers. */
function refAttention(q: Arr, k: Arr, v: Arr, mask: Arr | undefined, variant: Variant = 'correct'): { output: Arr; weights: Arr } {
  const lead = q.shape.slice(0, -2);
  const [Tq, dk] = q.shape.slice(-2);
  const [Tk, dv] = [k.shape[k.shape.length - 2], v.shape[v.shape.length - 1]];
  const scale = variant === 'no scale' ? 1 : variant === 'd_k scale' ? 1 / dk : 1 / Math.sqrt(dk);
  const nb = size(lead);
  const weights = new Array<number>(nb * Tq * Tk).fill(0);
  const output = new Array<number>(nb * Tq * dv).fill(0);
  for (let b = 0; b < nb; b++) {
    const bi = unravel(b, lead);
    const allowed = (i: number, j: number) => {
      if (!mask) return true;
      const on = mask.data[broadcastOffset([...bi, i, j], mask.shape)] !== 0;
      return variant === 'mask inverted' ? !on : on;
    };
    const s: number[][] = [];
    for (let i = 0; i < Tq; i++) {
      s.push([]);
      for (let j = 0; j < Tk; j++) {
        let dot = 0;
        for (let c = 0; c < dk; c++) dot += q.data[(b * Tq + i) * dk + c] * k.data[(b * Tk + j) * dk + c];
        const blockFirst = variant !== 'mask after softmax' && !allowed(i, j);
        s[i].push(blockFirst ? -Infinity : dot * scale);
      }
    }
    const w = s.map((row) => row.map(() => 0));
    if (variant === 'wrong axis') {
      for (let j = 0; j < Tk; j++) {
        const m = Math.max(...s.map((row) => row[j]));
        const e = s.map((row) => Math.exp(row[j] - m));
        const z = e.reduce((a, x) => a + x, 0);
        e.forEach((x, i) => (w[i][j] = x / z));
      }
    } else {
      for (let i = 0; i < Tq; i++) {
        const m = Math.max(...s[i]);
        const e = s[i].map((x) => Math.exp(x - m));
        const z = e.reduce((a, x) => a + x, 0);
        e.forEach((x, j) => (w[i][j] = variant === 'mask after softmax' && !allowed(i, j) ? 0 : x / z));
      }
    }
    for (let i = 0; i < Tq; i++) {
      for (let j = 0; j < Tk; j++) {
        weights[(b * Tq + i) * Tk + j] = w[i][j];
        for (let c = 0; c < dv; c++) output[(b * Tq + i) * dv + c] += w[i][j] * v.data[(b * Tk + j) * dv + c];
      }
    }
  }
  return { output: { data: output, shape: [...lead, Tq, dv] }, weights: { data: weights, shape: [...lead, Tq, Tk] } };
}

const close = (got: readonly number[], want: readonly number[]) => got.length === want.length && got.every((g, i) => Math.abs(g - want[i]) <= 1e-4 * (1 + Math.abs(want[i])));

const MISTAKES: ReadonlyArray<[Variant, string, string]> = [
  ['no scale', 'missing 1/√d_k', 'your weights are softmax(q·kᵀ) — the scores were never divided by √d_k. Without it the scores grow with the dimension and the softmax saturates into a near one-hot. Divide q·kᵀ by Math.sqrt(d_k), where d_k is the last entry of q.shape.'],
  ['d_k scale', 'scaling by d_k instead of √d_k', 'your weights are softmax(q·kᵀ / d_k). A dot product of d_k random unit-variance terms has variance d_k, so its standard deviation — what you divide by — is √d_k.'],
  ['wrong axis', 'softmax over the wrong axis', 'each COLUMN of your weights sums to 1 (a softmax over the queries, axis −2). Each query spreads its attention over the keys: the softmax runs over the last axis, so every ROW of the weights sums to 1.'],
  ['mask after softmax', 'masking after the softmax', 'your weights are softmax(scores) with the blocked entries zeroed afterwards, so the rows no longer sum to 1. Set the blocked scores to a huge negative number (-1e9) BEFORE the softmax; then exp() makes their weights exactly 0 and the rest still sum to 1.'],
  ['mask inverted', 'mask inverted', 'your weights are nonzero exactly where the mask is 0. In this course the mask says where to ATTEND: nonzero = attend, 0 = blocked.'],
];

interface Case {
  q: Arr;
  k: Arr;
  v: Arr;
  mask?: Arr;
  maskDtype?: MaskDtype;
  what: string;
}

/** Runs the learner's attention on a case, names a classic mistake if it shows, and compares to the reference. */
function check(attention: Attention, c: Case): void {
  const q = tf.tensor(c.q.data, c.q.shape);
  const k = tf.tensor(c.k.data, c.k.shape);
  const v = tf.tensor(c.v.data, c.v.shape);
  const mask = c.mask ? (c.maskDtype === 'bool' ? tf.tensor(c.mask.data.map((x) => x !== 0), c.mask.shape, 'bool') : tf.tensor(c.mask.data, c.mask.shape, c.maskDtype ?? 'float32')) : undefined;
  let result: ReturnType<Attention> | undefined;
  try {
    result = mask ? attention(q, k, v, mask) : attention(q, k, v);
    const { output, weights } = result;
    assert.ok(isTensorLike(weights) && isTensorLike(output), `${c.what} should return { output, weights }, two tensors`);
    const ref = refAttention(c.q, c.k, c.v, c.mask);
    assert.deepEqual(weights.shape, ref.weights.shape, `${c.what}: weights should have shape [${ref.weights.shape}] ([..., Tq, Tk]), got [${weights.shape}]`);
    const got = Array.from(weights.dataSync());
    if (got.some((x) => Number.isNaN(x))) {
      throw misconception('softmax overflow', `${c.what}: the weights contain NaN. exp() of a large score overflows float32 (e^89 is already Infinity); a stable softmax subtracts each row's maximum first — tf.softmax does this for you.`);
    }
    if (!close(got, ref.weights.data)) {
      for (const [variant, name, why] of MISTAKES) {
        const wrong = refAttention(c.q, c.k, c.v, c.mask, variant).weights.data;
        if (!close(wrong, ref.weights.data) && close(got, wrong)) throw misconception(name, `${c.what}: ${why}`, { expected: nest(ref.weights.data, ref.weights.shape), actual: nest(got, weights.shape as number[]) });
      }
    }
    if (c.mask) {
      const leaks = ref.weights.data.map((w, i) => (w === 0 && got[i] !== 0 ? i : -1)).filter((i) => i >= 0);
      if (leaks.length) {
        const i = leaks[0];
        throw misconception(
          'blocked weights not exactly 0',
          `${c.what}: ${leaks.length} blocked weight${leaks.length === 1 ? ' is' : 's are'} not exactly 0 (e.g. ${got[i]} at flat index ${i}). A blocked key must get no weight at all: give its score -1e9 (or -Infinity) before the softmax — a small penalty or adding log(mask + ε) lets some attention through.`,
        );
      }
    }
    const rowSums = tf.tidy(() => weights.sum(-1).dataSync());
    const badRow = Array.from(rowSums).findIndex((s) => Math.abs(s - 1) > 1e-4);
    assert.equal(badRow, -1, `${c.what}: every row of the weights should sum to 1, row ${badRow} (flattened) sums to ${rowSums[badRow]}`);
    assertTensorClose(weights, { shape: ref.weights.shape, values: nest(ref.weights.data, ref.weights.shape) as Nested }, { what: `${c.what}.weights` });
    assertTensorClose(output, { shape: ref.output.shape, values: nest(ref.output.data, ref.output.shape) as Nested }, { what: `${c.what}.output` });
  } finally {
    tf.dispose([q, k, v, ...(mask ? [mask] : [])]);
    if (result) tf.dispose([result.output, result.weights].filter(isTensorLike) as tf.Tensor[]);
  }
}

/** A random 0/1 mask of `shape` whose last axis always keeps at least one key. */
function randomMask(rand: () => number, shape: number[], values: () => number = () => 1): Arr {
  const data = Array.from({ length: size(shape) }, () => (rand() < 0.5 ? values() : 0));
  const tk = shape[shape.length - 1];
  for (let r = 0; r < data.length; r += tk) if (data.slice(r, r + tk).every((x) => x === 0)) data[r + Math.floor(rand() * tk)] = values();
  return { data, shape };
}
const causal = (t: number): Arr => ({ shape: [t, t], data: Array.from({ length: t * t }, (_, n) => (n % t <= Math.floor(n / t) ? 1 : 0)) });

const LN2 = Math.log(2);
const LN3 = Math.log(3);

describe('transformer/attention: values', () => {
  it('the worked example: d_k = 4, weights [[1/6, 2/6, 3/6], [1/3, 1/3, 1/3]], output [[1, 2], [2, 2]]', () => {
    const { scaledDotProductAttention } = load();
    const c: Case = {
      q: { shape: [2, 4], data: [0, 2 * LN2, 2 * LN3, 0, 0, 0, 0, 0] },
      k: { shape: [3, 4], data: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0] },
      v: { shape: [3, 2], data: [6, 0, 0, 6, 0, 0] },
      what: 'attention(worked example)',
    };
    const ref = refAttention(c.q, c.k, c.v, undefined);
    assert.ok(close(ref.weights.data, [1 / 6, 2 / 6, 3 / 6, 1 / 3, 1 / 3, 1 / 3]) && close(ref.output.data, [1, 2, 2, 2]), 'the reference disagrees with the hand computation');
    check(scaledDotProductAttention, c);
  });

  it('matches the float64 reference on seeded random [2, 2, Tq=3, d=4] queries against Tk = 5 keys (seed 11)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(11);
    check(scaledDotProductAttention, { q: randArr(rand, [2, 2, 3, 4], 2), k: randArr(rand, [2, 2, 5, 4], 2), v: randArr(rand, [2, 2, 5, 3]), what: 'attention(q [2,2,3,4], k [2,2,5,4], v [2,2,5,3])' });
  });

  it('works on plain [T, d] and [B, T, d] inputs too (seed 12)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(12);
    check(scaledDotProductAttention, { q: randArr(rand, [4, 8], 1.5), k: randArr(rand, [6, 8], 1.5), v: randArr(rand, [6, 2]), what: 'attention(q [4,8], k [6,8], v [6,2])' });
    check(scaledDotProductAttention, { q: randArr(rand, [3, 5, 6], 1.5), k: randArr(rand, [3, 5, 6], 1.5), v: randArr(rand, [3, 5, 4]), what: 'attention(q [3,5,6], k [3,5,6], v [3,5,4])' });
  });

  it('stays finite and exact when the scores are large (up to ±1600 before scaling)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(13);
    check(scaledDotProductAttention, { q: randArr(rand, [1, 3, 4], 20), k: randArr(rand, [1, 4, 4], 20), v: randArr(rand, [1, 4, 2]), what: 'attention(large scores)' });
  });
});

describe('transformer/attention: masks', () => {
  it('a float32 causal mask on [T, d] inputs: blocked weights exactly 0, rows sum to 1 (seed 21)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(21);
    check(scaledDotProductAttention, { q: randArr(rand, [6, 8], 2), k: randArr(rand, [6, 8], 2), v: randArr(rand, [6, 3]), mask: causal(6), what: 'attention(T = 6, causal mask)' });
  });

  it('a [Tq, Tk] bool mask broadcasts over [B=2, h=3, Tq=4, Tk=5] scores (seed 22)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(22);
    check(scaledDotProductAttention, {
      q: randArr(rand, [2, 3, 4, 4], 2),
      k: randArr(rand, [2, 3, 5, 4], 2),
      v: randArr(rand, [2, 3, 5, 3]),
      mask: randomMask(rand, [4, 5]),
      maskDtype: 'bool',
      what: 'attention([2,3,4,·] × [2,3,5,·], bool mask [4,5])',
    });
  });

  it('an int32 padding mask [B, 1, 1, Tk] broadcasts over heads and queries (seed 23)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(23);
    check(scaledDotProductAttention, {
      q: randArr(rand, [2, 2, 3, 4], 2),
      k: randArr(rand, [2, 2, 5, 4], 2),
      v: randArr(rand, [2, 2, 5, 2]),
      mask: { shape: [2, 1, 1, 5], data: [1, 1, 1, 0, 0, 1, 1, 1, 1, 0] },
      maskDtype: 'int32',
      what: 'attention(int32 padding mask [2,1,1,5])',
    });
  });

  it('any nonzero mask value means attend (a float mask holding 0.5, -2 and 3) (seed 24)', () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(24);
    const pick = [0.5, -2, 3];
    check(scaledDotProductAttention, {
      q: randArr(rand, [1, 2, 5, 4], 2),
      k: randArr(rand, [1, 2, 5, 4], 2),
      v: randArr(rand, [1, 2, 5, 3]),
      mask: randomMask(rand, [1, 2, 5, 5], () => pick[Math.floor(rand() * 3)]),
      what: 'attention(float mask with values 0, 0.5, -2, 3)',
    });
  });
});

describe('transformer/attention: memory', () => {
  it('leaves no intermediate tensors behind, with or without a mask, and keeps its inputs alive (tensor leak)', async () => {
    const { scaledDotProductAttention } = load();
    const rand = seededRandom(31);
    const [q, k, v] = [[2, 4, 4], [2, 4, 4], [2, 4, 3]].map((s) => tf.tensor(randArr(rand, s).data, s));
    const mask = tf.tensor(causal(4).data, [4, 4]);
    try {
      const plain = await expectNoTensorLeak(tf, () => scaledDotProductAttention(q, k, v), 'scaledDotProductAttention(q, k, v)');
      tf.dispose([plain.output, plain.weights]);
      const masked = await expectNoTensorLeak(tf, () => scaledDotProductAttention(q, k, v, mask), 'scaledDotProductAttention(q, k, v, mask)');
      tf.dispose([masked.output, masked.weights]);
      for (const [name, t] of [['q', q], ['k', k], ['v', v], ['mask', mask]] as const) {
        assert.ok(!t.isDisposed, `scaledDotProductAttention disposed its input ${name}; the caller still owns it (only dispose tensors you created)`);
      }
    } finally {
      tf.dispose([q, k, v, mask]);
    }
  });
});
