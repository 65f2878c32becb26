// Hidden tests for neural-networks/activations. Tolerance: 1e-6 relative+absolute, i.e. |actual − expected| ≤
// 1e-6 · (1 + |expected|). References use Math.exp and Math.tanh; the exact-GELU values come from erf.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/activations';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

const raw = () => learner<typeof Sol>('activations.ts', ['relu', 'sigmoid', 'tanh', 'gelu']);
type Fn = (x: number[]) => number[];
/** The contract does not say the input stays unchanged, so the tests hand the learner's functions a copy (an
 *  in-place implementation is not penalized; the last test notes it without failing). */
const load = () => {
  const m = raw();
  const wrap = (f: Fn): Fn => (x) => f(Array.isArray(x) ? [...x] : x);
  return { relu: wrap(m.relu), sigmoid: wrap(m.sigmoid), tanh: wrap(m.tanh), gelu: wrap(m.gelu) };
};

const K = Math.sqrt(2 / Math.PI);
const ref = {
  relu: (v: number) => Math.max(0, v),
  sigmoid: (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))),
  tanh: Math.tanh,
  gelu: (v: number) => 0.5 * v * (1 + Math.tanh(K * (v + 0.044715 * v ** 3))),
};

/** Exact GELU, x · Φ(x) = x · ½(1 + erf(x/√2)), at the points the GELU test uses (from a float64 erf). */
const EXACT_GELU: ReadonlyArray<[number, number]> = [
  [-3, -0.00404969409489031],
  [-1, -0.15865525393145707],
  [1, 0.8413447460685429],
  [1.5, 1.399789198096713],
  [2, 1.9544997361036416],
  [3, 2.99595030590511],
];

/** Does `got` agree with `f` at every point within 1e-6 (relative+absolute)? Used to fingerprint mistakes. */
const agreesWith = (xs: number[], got: number[], f: (v: number) => number) =>
  got.length === xs.length && xs.every((v, i) => Math.abs(got[i] - f(v)) <= 1e-6 * (1 + Math.abs(f(v))));

function checkNoNaN(name: string, xs: number[], got: number[], why: string): void {
  const i = got.findIndex((v) => Number.isNaN(v));
  if (i >= 0) throw misconception(`${name} overflow`, `${name}(${xs[i]}) came back NaN. ${why}`);
}

describe('neural-networks/activations', () => {
  it('relu: the worked example [-2, -0.5, 0, 0.5, 3] -> [0, 0, 0, 0.5, 3]', () => {
    const { relu } = load();
    assertClose(relu([-2, -0.5, 0, 0.5, 3]), [0, 0, 0, 0.5, 3], { what: 'relu([-2, -0.5, 0, 0.5, 3])' });
    assertClose(relu([1e-300, -1e-300, 1e300]), [1e-300, 0, 1e300], { what: 'relu([1e-300, -1e-300, 1e300])' });
  });

  it('sigmoid: known values at 0, ±1, ±2 and 5', () => {
    const { sigmoid } = load();
    const xs = [0, 1, -1, 2, -2, 5];
    const got = sigmoid(xs);
    if (agreesWith(xs, got, (v) => 1 / (1 + Math.exp(v)))) {
      throw misconception('sigmoid sign flipped', 'sigmoid(1) came back 0.2689, which is 1 / (1 + e^x). The sigmoid is 1 / (1 + e^(−x)): large inputs go to 1, large negative ones to 0.');
    }
    assertClose(got, [0.5, 0.7310585786300049, 0.2689414213699951, 0.8807970779778823, 0.11920292202211755, 0.9933071490757153], {
      what: 'sigmoid([0, 1, -1, 2, -2, 5])',
    });
  });

  it('sigmoid: huge inputs (±710, ±745, ±1000, ±1e300) give 0 or 1, never NaN', () => {
    const { sigmoid } = load();
    const xs = [1000, -1000, 710, -710, 745, -745, 1e300, -1e300];
    const got = sigmoid(xs);
    checkNoNaN('sigmoid', xs, got, 'e^x overflows to Infinity in float64 once x > 709, and Infinity / Infinity is NaN. Only ever exponentiate a non-positive number: 1 / (1 + e^(−x)) for x ≥ 0 and e^x / (1 + e^x) for x < 0.');
    assertClose(got, xs.map(ref.sigmoid), { what: `sigmoid(${JSON.stringify(xs)})` });
  });

  it('tanh: known values on both sides of 0, and ±1 (not NaN) for huge inputs', () => {
    const { tanh } = load();
    const big = [1000, -1000, 400, -400, 1e300];
    checkNoNaN('tanh', big, tanh(big), '(e^x − e^(−x)) / (e^x + e^(−x)) is Infinity / Infinity once |x| > 709. tanh is odd: compute it for |x| from e^(−2|x|), which lies in (0, 1], then put the sign back.');
    assertClose(tanh(big), [1, -1, 1, -1, 1], { what: `tanh(${JSON.stringify(big)})` });
    const xs = [0, 1, -1, 0.5, -2, 20];
    assertClose(tanh(xs), [0, 0.7615941559557649, -0.7615941559557649, 0.46211715726000974, -0.9640275800758169, 1], {
      what: 'tanh([0, 1, -1, 0.5, -2, 20])',
    });
  });

  it('gelu: the tanh approximation at known points (where it differs from the exact erf form by up to 4e-4)', () => {
    const { gelu } = load();
    const xs = EXACT_GELU.map(([x]) => x);
    const got = gelu(xs);
    const exactAt = new Map(EXACT_GELU);
    const fingerprints: Array<[string, (v: number) => number, string]> = [
      ['GELU in its erf form', (v) => exactAt.get(v) ?? NaN, 'your gelu matches the exact x · Φ(x) (gelu(1) = 0.841345). This exercise — like GPT-2 — uses the tanh approximation 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))), which gives gelu(1) = 0.841192.'],
      ['GELU as x · sigmoid(1.702x)', (v) => v * ref.sigmoid(1.702 * v), 'your gelu matches the sigmoid approximation. Use the tanh approximation: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).'],
      ['missing cubic term', (v) => 0.5 * v * (1 + Math.tanh(K * v)), 'your gelu computes tanh(√(2/π) · x); the argument is √(2/π) · (x + 0.044715 · x³).'],
      ['missing factor one half', (v) => v * (1 + Math.tanh(K * (v + 0.044715 * v ** 3))), 'your gelu is twice too big: it is 0.5 · x · (1 + tanh(...)).'],
    ];
    for (const [name, f, explanation] of fingerprints) if (agreesWith(xs, got, f)) throw misconception(name, explanation);
    assertClose(got, xs.map(ref.gelu), { what: `gelu(${JSON.stringify(xs)})` });
    assertClose(gelu([0, 0.5, -0.5]), [0, 0.34571400982514394, -0.15428599017485606], { what: 'gelu([0, 0.5, -0.5])' });
  });

  it('gelu: huge inputs give x for large positive and 0 for large negative, never NaN', () => {
    const { gelu } = load();
    const xs = [10, -10, 1000, -1000, 1e5, -1e5];
    checkNoNaN('gelu', xs, gelu(xs), 'The tanh inside gelu overflowed: for x = ±1000 its argument is about ±3.6e7. Make the tanh from step 3 safe for any input and reuse it.');
    assertClose(gelu(xs), xs.map(ref.gelu), { what: `gelu(${JSON.stringify(xs)})` });
  });

  it('all four match the references on 400 seeded random inputs in [-12, 12]', () => {
    const m = load();
    const rand = seededRandom(31337);
    const xs = Array.from({ length: 400 }, () => (rand() * 2 - 1) * 12);
    for (const name of ['relu', 'sigmoid', 'tanh', 'gelu'] as const) {
      assertClose(m[name](xs), xs.map(ref[name]), { what: `${name} on 400 random inputs (seed 31337)` });
    }
  });

  it('all four map [] to [] and give one output per input, for the input as passed in (changing it is noted, not failed)', () => {
    const m = raw();
    for (const name of ['relu', 'sigmoid', 'tanh', 'gelu'] as const) {
      const f: Fn = m[name];
      assert.deepEqual(f([]), [], `${name}([]) should be []`);
      const input = [-3, -1, 0, 2, 4];
      const want = [-3, -1, 0, 2, 4].map(ref[name]);
      const out = f(input);
      assertClose(out, want, { what: `${name}([-3, -1, 0, 2, 4])` });
      if (out === input || !input.every((v, i) => v === [-3, -1, 0, 2, 4][i])) {
        console.log(`Note: ${name} wrote its results into the array it was given. The contract allows it, but backpropagation needs the pre-activation values later — prefer returning a new array (x.map(...)).`);
      }
    }
  });
});
