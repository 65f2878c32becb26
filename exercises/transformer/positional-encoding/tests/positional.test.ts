// Hidden tests for transformer/positional-encoding. Tolerance: 1e-4 relative+absolute (tf float32) against a
// float64 reference; positions stay ≤ 1024, where float32 angles are still that accurate. Every tensor a test
// creates is disposed.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/positional';
import { assertTensorClose, expectNoTensorLeak, isTensorLike, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('positional.ts', ['sinusoidalEncoding']);
type Encoding = typeof Sol.sinusoidalEncoding;

type Table = number[][];
const table = (t: number, d: number, f: (p: number, c: number) => number): Table => Array.from({ length: t }, (_, p) => Array.from({ length: d }, (_, c) => f(p, c)));
/** The float64 reference: PE[p, 2i] = sin(p / 10000^(2i/d)), PE[p, 2i+1] = cos(same). */
const angle = (p: number, exponent: number) => p / Math.pow(10000, exponent);
const ref = (t: number, d: number) => table(t, d, (p, c) => (c % 2 === 0 ? Math.sin : Math.cos)(angle(p, (c - (c % 2)) / d)));

const MISTAKES: ReadonlyArray<[string, (t: number, d: number) => Table, string]> = [
  ['sin/cos swapped', (t, d) => table(t, d, (p, c) => (c % 2 === 0 ? Math.cos : Math.sin)(angle(p, (c - (c % 2)) / d))), 'your even columns hold cosines and your odd columns sines. PE[p, 2i] = sin(...) and PE[p, 2i+1] = cos(...): row 0 must be [0, 1, 0, 1, ...].'],
  ['`i` instead of `2i` in the exponent', (t, d) => table(t, d, (p, c) => (c % 2 === 0 ? Math.sin : Math.cos)(angle(p, Math.floor(c / 2) / d))), 'your exponent is i/d, with i the index of the column pair. It is 2i/d: columns 2i and 2i+1 use 10000^(2i/d), so the frequencies run from 1 down to about 1/10000 across the whole width.'],
  ['column index in the exponent', (t, d) => table(t, d, (p, c) => (c % 2 === 0 ? Math.sin : Math.cos)(angle(p, c / d))), 'your odd column 2i+1 uses 10000^((2i+1)/d). Both columns of a pair share one frequency, 10000^(2i/d): round the column down to even (2i = c − c % 2) before dividing by d.'],
  ['exponent over d−1', (t, d) => table(t, d, (p, c) => (c % 2 === 0 ? Math.sin : Math.cos)(angle(p, (c - (c % 2)) / (d - 1)))), 'your exponent is 2i/(d−1). The formula divides by d itself: 10000^(2i/d).'],
  ['sin and cos in halves instead of interleaved', (t, d) => table(t, d, (p, c) => { const h = Math.ceil(d / 2); return c < h ? Math.sin(angle(p, (2 * c) / d)) : Math.cos(angle(p, (2 * (c - h)) / d)); }), 'your table puts all the sines in the first half of the columns and the cosines in the second half. This contract interleaves them: column 2i is a sine, column 2i+1 the cosine at the same frequency.'],
];

const close = (got: Table, want: Table) => got.length === want.length && got.every((row, p) => row.length === want[p].length && row.every((x, c) => Math.abs(x - want[p][c]) <= 1e-4 * (1 + Math.abs(want[p][c]))));

/** Calls sinusoidalEncoding(t, d) and checks shape, dtype and values, naming a classic mistake when one shows. */
function check(encode: Encoding, t: number, d: number): void {
  const pe = encode(t, d);
  try {
    assert.ok(isTensorLike(pe), `sinusoidalEncoding(${t}, ${d}) should return a tf.Tensor2D, got ${typeof pe}`);
    if (t !== d && pe.shape.length === 2 && pe.shape[0] === d && pe.shape[1] === t) {
      throw misconception('wrong shape', `sinusoidalEncoding(${t}, ${d}) has shape [${d}, ${t}]: positions must be the rows and the d features the columns, [t, d] = [${t}, ${d}] — one row is added to the embedding of one token.`);
    }
    assert.deepEqual(pe.shape, [t, d], `sinusoidalEncoding(${t}, ${d}) should have shape [${t}, ${d}], got [${pe.shape.join(', ')}]`);
    const got = pe.arraySync() as Table;
    const want = ref(t, d);
    if (!close(got, want)) {
      for (const [name, wrong, why] of MISTAKES) {
        const w = wrong(t, d);
        if (!close(w, want) && close(got, w)) throw misconception(name, `sinusoidalEncoding(${t}, ${d}): ${why}`, t * d <= 16 ? { expected: want, actual: got } : undefined);
      }
    }
    if (pe.dtype !== 'float32') throw misconception('wrong dtype', `sinusoidalEncoding(${t}, ${d}) has dtype ${pe.dtype}; the table is float32.`);
    assertTensorClose(pe, { shape: [t, d], dtype: 'float32', values: want }, { what: `sinusoidalEncoding(${t}, ${d})` });
  } finally {
    if (isTensorLike(pe)) pe.dispose();
  }
}

describe('transformer/positional-encoding: values', () => {
  it('the worked example sinusoidalEncoding(2, 4) = [[0, 1, 0, 1], [sin 1, cos 1, sin 0.01, cos 0.01]]', () => {
    const { sinusoidalEncoding } = load();
    const want = [[0, 1, 0, 1], [Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)]];
    assert.ok(close(ref(2, 4), want), 'the reference disagrees with the hand computation');
    check(sinusoidalEncoding, 2, 4);
  });

  it('t = 1 gives the single row [0, 1, 0, 1, ...]; d = 1 gives the column sin(p)', () => {
    const { sinusoidalEncoding } = load();
    check(sinusoidalEncoding, 1, 8);
    check(sinusoidalEncoding, 1, 1);
    check(sinusoidalEncoding, 5, 1);
  });

  it('odd d (5 and 9): the last column d−1 is a sine, with exponent (d−1)/d', () => {
    const { sinusoidalEncoding } = load();
    check(sinusoidalEncoding, 6, 5);
    check(sinusoidalEncoding, 4, 9);
  });

  it('matches the float64 reference on 8 seeded random sizes (t ≤ 200, d ≤ 64) (seed 7)', () => {
    const { sinusoidalEncoding } = load();
    const rand = seededRandom(7);
    for (let n = 0; n < 8; n++) check(sinusoidalEncoding, 1 + Math.floor(rand() * 200), 2 + Math.floor(rand() * 63));
  });

  it('stays within 1e-4 up to position 1023 (t = 1024, d = 64)', () => {
    check(load().sinusoidalEncoding, 1024, 64);
  });
});

describe('transformer/positional-encoding: memory', () => {
  it('leaves no intermediate tensors behind (tensor leak)', async () => {
    const { sinusoidalEncoding } = load();
    const pe = await expectNoTensorLeak(tf, () => sinusoidalEncoding(8, 6), 'sinusoidalEncoding(8, 6)');
    pe.dispose();
  });
});
