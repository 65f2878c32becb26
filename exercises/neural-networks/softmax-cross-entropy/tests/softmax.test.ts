// Hidden tests for neural-networks/softmax-cross-entropy. Tolerance: 1e-6 relative+absolute, i.e.
// |actual − expected| ≤ 1e-6 · (1 + |expected|). The references below shift by the max and work in log space;
// the gradient is also checked against central differences of the reference loss, which needs no formula.

import type * as Sol from '../solution/softmax';
import { assertClose, learner, misconception, seededRandom } from '../../../kit';

const raw = () => learner<typeof Sol>('softmax.ts', ['softmax', 'crossEntropy', 'crossEntropyGrad']);
/** The contract does not say the logits stay unchanged, so the tests hand the learner's functions a copy (an
 *  in-place implementation is not penalized; the "leaves its input alone" tests only note it). */
const load = () => {
  const m = raw();
  const copy = (z: number[]) => (Array.isArray(z) ? [...z] : z);
  return {
    softmax: (z: number[]) => m.softmax(copy(z)),
    crossEntropy: (z: number[], t: number) => m.crossEntropy(copy(z), t),
    crossEntropyGrad: (z: number[], t: number) => m.crossEntropyGrad(copy(z), t),
  };
};
/** Logs a note (never fails) when the learner's `name` changes the array it is given. */
function noteIfChanged(name: 'softmax' | 'crossEntropyGrad', z: number[], t = 0): void {
  const probe = [...z];
  if (name === 'softmax') raw().softmax(probe);
  else raw().crossEntropyGrad(probe, t);
  if (probe.some((v, i) => !Object.is(v, z[i]))) console.log(`Note: ${name} changed the array of logits it was given. The contract allows it, but a caller that still needs the logits will be surprised — prefer returning a new array.`);
}

// Independent references.
const maxOf = (z: number[]) => z.reduce((m, v) => (v > m ? v : m), -Infinity);
function refSoftmax(z: number[]): number[] {
  const m = maxOf(z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
const refLogSumExp = (z: number[]) => maxOf(z) + Math.log(z.reduce((s, v) => s + Math.exp(v - maxOf(z)), 0));
const refCE = (z: number[], t: number) => refLogSumExp(z) - z[t];
const refGrad = (z: number[], t: number) => refSoftmax(z).map((p, i) => p - (i === t ? 1 : 0));

const close = (a: number, b: number, tol = 1e-6) => Math.abs(a - b) <= tol * (1 + Math.abs(b));
const allClose = (a: unknown, b: number[], tol = 1e-6) => Array.isArray(a) && a.length === b.length && b.every((v, i) => close(a[i] as number, v, tol));
const show = (x: unknown) => JSON.stringify(x, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)).replace(/"(NaN|-?Infinity)"/g, '$1');
const notFinite = (x: unknown) => (Array.isArray(x) ? x.some((v) => typeof v === 'number' && !Number.isFinite(v)) : typeof x === 'number' && !Number.isFinite(x));

function randomLogits(rand: () => number, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => (rand() * 2 - 1) * scale);
}

const NO_MAX_SHIFT =
  'e^z overflows to Infinity once z > 709 (and underflows to 0 below about −745), so the naive e^z_i / Σ e^z_j becomes Infinity / Infinity or 0 / 0 = NaN. Subtract the largest logit from every logit first: softmax does not change, and the largest exponent becomes e^0 = 1.';

describe('neural-networks/softmax-cross-entropy: softmax', () => {
  it('turns [2, 1, 0] into [0.6652, 0.2447, 0.0900], and a single logit into [1]', () => {
    const { softmax } = load();
    const p = softmax([2, 1, 0]);
    assertClose(p, [0.6652409557748218, 0.24472847105479764, 0.09003057317038046], { what: 'softmax([2, 1, 0])' });
    assertClose(softmax([5]), [1], { what: 'softmax([5])' });
    assertClose(softmax([0, 0, 0, 0]), [0.25, 0.25, 0.25, 0.25], { what: 'softmax([0, 0, 0, 0])' });
  });

  it('stays exact for logits up to ±1e4: no NaN, no Infinity', () => {
    const { softmax } = load();
    const cases: Array<[number[], number[]]> = [
      [[1000, 999, 998], refSoftmax([2, 1, 0])],
      [[1e4, -1e4, 0], [1, 0, 0]],
      [[-1e4, -1e4], [0.5, 0.5]],
      [[-1e4, -1e4 + 1, -1e4 + 2], refSoftmax([0, 1, 2])],
      [[1e4, 1e4 - 2], refSoftmax([2, 0])],
      [[-800, 800], [0, 1]],
    ];
    for (const [z, want] of cases) {
      const got = softmax(z);
      if (notFinite(got)) throw misconception('no max subtraction', `softmax(${show(z)}) returned ${show(got)}. ${NO_MAX_SHIFT}`, { expected: want, actual: got });
      assertClose(got, want, { what: `softmax(${show(z)})` });
    }
  });

  it('matches the reference on 60 seeded random vectors (length 1–20, logits in ±30) and sums to 1', () => {
    const { softmax } = load();
    const rand = seededRandom(1234);
    for (let trial = 0; trial < 60; trial++) {
      const z = randomLogits(rand, 1 + Math.floor(rand() * 20), 30);
      const got = softmax(z);
      assertClose(got, refSoftmax(z), { what: `trial ${trial}: softmax of ${z.length} logits` });
      assertClose(got.reduce((a, b) => a + b, 0), 1, { what: `trial ${trial}: the sum of softmax's outputs` });
    }
  });

  it('is unchanged when a constant (±5000) is added to every logit (changing the input is noted, not failed)', () => {
    const { softmax } = load();
    const rand = seededRandom(99);
    for (let trial = 0; trial < 10; trial++) {
      const z = randomLogits(rand, 8, 10);
      const copy = [...z];
      const want = refSoftmax(z);
      const got = softmax(z);
      if (trial === 0) noteIfChanged('softmax', copy);
      for (const c of [5000, -5000]) {
        const shifted = softmax(z.map((v) => v + c));
        if (notFinite(shifted)) throw misconception('no max subtraction', `softmax of logits shifted by ${c} returned ${show(shifted)}. ${NO_MAX_SHIFT}`);
        assertClose(shifted, want, { what: `trial ${trial}: softmax(z + ${c}), which must equal softmax(z)` });
      }
      assertClose(got, want, { what: `trial ${trial}: softmax(z)` });
    }
  });
});

describe('neural-networks/softmax-cross-entropy: crossEntropy', () => {
  it('gives −ln 0.6652 = 0.4076 for ([2, 1, 0], 0), and ln V for uniform logits', () => {
    const { crossEntropy } = load();
    const got = crossEntropy([2, 1, 0], 0);
    const want = 0.4076059644443806;
    if (close(got, -want)) throw misconception('loss sign flipped', `crossEntropy([2, 1, 0], 0) returned ${got}, which is ln p. The loss is −ln p: it is never negative, and 0 only for a perfect prediction.`, { expected: want, actual: got });
    if (close(got, want / Math.LN10)) throw misconception('log base 10', `crossEntropy([2, 1, 0], 0) returned ${got} = −log10(p). Use the natural log (Math.log): losses in this course are in nats, and the gradient p − onehot holds only for ln.`, { expected: want, actual: got });
    if (close(got, want / Math.LN2)) throw misconception('log base 2', `crossEntropy([2, 1, 0], 0) returned ${got} = −log2(p), in bits. Use the natural log (Math.log): losses in this course are in nats.`, { expected: want, actual: got });
    if (close(got, 1 - 0.6652409557748218)) throw misconception('1 − p instead of −ln p', `crossEntropy([2, 1, 0], 0) returned ${got} = 1 − p. Cross-entropy is −ln p of the target's probability.`, { expected: want, actual: got });
    assertClose(got, want, { what: 'crossEntropy([2, 1, 0], 0)' });
    assertClose(crossEntropy([2, 1, 0], 2), 2.4076059644443806, { what: 'crossEntropy([2, 1, 0], 2)' });
    assertClose(crossEntropy(new Array<number>(27).fill(0.5), 13), Math.log(27), { what: 'crossEntropy of 27 equal logits (should be ln 27)' });
  });

  it('stays finite and exact for logits up to ±1e4 (work in log space: never ln(0))', () => {
    const { crossEntropy } = load();
    const cases: Array<[number[], number]> = [
      [[1e4, -1e4, 0], 1],
      [[1e4, -1e4, 0], 2],
      [[1e4, -1e4, 0], 0],
      [[-1e4, -1e4 + 3, -1e4], 0],
      [[1000, 999, 998], 2],
      [[-1e4, 1e4], 0],
    ];
    for (const [z, t] of cases) {
      const got = crossEntropy(z, t);
      const want = refCE(z, t);
      if (got === Infinity) {
        throw misconception('log of softmax computed naively', `crossEntropy(${show(z)}, ${t}) returned Infinity: softmax gave the target a probability that underflowed to 0, and −ln(0) = Infinity. Compute the loss in log space instead: logSumExp(z) − z[target], with logSumExp(z) = m + ln Σ e^(z_j − m), m = max z. The answer here is ${want}.`, { expected: want, actual: got });
      }
      if (Number.isNaN(got)) throw misconception('no max subtraction', `crossEntropy(${show(z)}, ${t}) returned NaN. ${NO_MAX_SHIFT}`, { expected: want, actual: got });
      assertClose(got, want, { what: `crossEntropy(${show(z)}, ${t})` });
    }
  });

  it('matches the reference on 60 seeded random cases (length 2–30, logits in ±50)', () => {
    const { crossEntropy } = load();
    const rand = seededRandom(777);
    for (let trial = 0; trial < 60; trial++) {
      const z = randomLogits(rand, 2 + Math.floor(rand() * 29), 50);
      const t = Math.floor(rand() * z.length);
      assertClose(crossEntropy(z, t), refCE(z, t), { what: `trial ${trial}: crossEntropy of ${z.length} logits, target ${t}` });
    }
  });
});

describe('neural-networks/softmax-cross-entropy: crossEntropyGrad', () => {
  it('is softmax minus the one-hot target: ([2, 1, 0], 0) -> [-0.3348, 0.2447, 0.0900]', () => {
    const { crossEntropyGrad } = load();
    const z = [2, 1, 0];
    const got = crossEntropyGrad(z, 0);
    const want = refGrad(z, 0);
    if (allClose(got, want.map((g) => -g))) throw misconception('gradient sign flipped', `crossEntropyGrad([2, 1, 0], 0) returned ${show(got)}, which is onehot − softmax. The gradient of the loss is softmax − onehot: positive for the wrong classes (raising their logits raises the loss) and negative for the target.`, { expected: want, actual: got });
    if (allClose(got, refSoftmax(z))) throw misconception('grad = softmax without subtracting the one-hot', `crossEntropyGrad([2, 1, 0], 0) returned softmax([2, 1, 0]) itself. Subtract 1 at the target's index: ∂L/∂z_i = p_i − [i = target].`, { expected: want, actual: got });
    assertClose(got, want, { what: 'crossEntropyGrad([2, 1, 0], 0)' });
    assertClose(crossEntropyGrad([0, 0, 0, 0], 3), [0.25, 0.25, 0.25, -0.75], { what: 'crossEntropyGrad([0, 0, 0, 0], 3)' });
  });

  it('agrees with central differences of the loss on 25 seeded random cases', () => {
    const { crossEntropyGrad } = load();
    const rand = seededRandom(4242);
    const h = 1e-5;
    for (let trial = 0; trial < 25; trial++) {
      const z = randomLogits(rand, 2 + Math.floor(rand() * 11), 5);
      const t = Math.floor(rand() * z.length);
      // (L(z + h·e_i) − L(z − h·e_i)) / 2h, an estimate of ∂L/∂z_i good to about 1e-10 here.
      const numeric = z.map((_, i) => {
        const up = [...z];
        const down = [...z];
        up[i] += h;
        down[i] -= h;
        return (refCE(up, t) - refCE(down, t)) / (2 * h);
      });
      const got = crossEntropyGrad(z, t);
      if (allClose(got, numeric.map((g) => -g), 1e-5)) throw misconception('gradient sign flipped', `trial ${trial}: your gradient is the negative of the numeric one. ∂L/∂z = softmax(z) − onehot(target).`, { expected: numeric, actual: got });
      assertClose(got, numeric, { what: `trial ${trial}: crossEntropyGrad of ${z.length} logits, target ${t}, against central differences (h = 1e-5)` });
    }
  });

  it('stays finite for logits up to ±1e4 and sums to 0 (changing the input is noted, not failed)', () => {
    const { crossEntropyGrad } = load();
    const cases: Array<[number[], number]> = [
      [[1e4, -1e4, 0], 1],
      [[1e4, -1e4, 0], 0],
      [[-1e4, -1e4], 1],
      [[1000, 999, 998], 2],
    ];
    for (const [z, t] of cases) {
      const copy = [...z];
      const got = crossEntropyGrad(z, t);
      if (notFinite(got)) throw misconception('no max subtraction', `crossEntropyGrad(${show(z)}, ${t}) returned ${show(got)}. ${NO_MAX_SHIFT}`, { expected: refGrad(z, t), actual: got });
      noteIfChanged('crossEntropyGrad', copy, t);
      assertClose(got, refGrad(z, t), { what: `crossEntropyGrad(${show(z)}, ${t})` });
      assertClose(got.reduce((a, b) => a + b, 0), 0, { what: `the sum of crossEntropyGrad(${show(z)}, ${t})` });
    }
  });
});
