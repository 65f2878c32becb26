// Hidden tests for transformer/attention-cost. The counting rule is the one stated in task.md and the lesson:
//   flops = 8·t·d² + 4·t²·d               (matrix products only, 2 FLOPs per multiply-add)
//   bytes = 4 · (4·t·d + 2·heads·t²)      (float32 Q, K, V, O and every head's scores and weights)
// Every value tested is an integer below 2^53, so results are compared exactly.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/attention-cost';
import { learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('attention-cost.ts', ['attentionCost']);
type Cost = { flops: number; bytes: number };

const refFlops = (t: number, d: number) => 8 * t * d * d + 4 * t * t * d;
const refBytes = (t: number, d: number, h: number) => 4 * (4 * t * d + 2 * h * t * t);

const FLOP_MISTAKES: ReadonlyArray<[string, (t: number, d: number, h: number) => number, string]> = [
  ['multiply-add counted as one FLOP', (t, d) => refFlops(t, d) / 2, 'your FLOPs are exactly half the expected count. A multiply-add is two floating-point operations (a multiply and an add): a [t, d]·[d, d] product is t·d·d multiply-adds = 2·t·d² FLOPs.'],
  ['output projection missing', (t, d) => 6 * t * d * d + 4 * t * t * d, 'your FLOPs count three projections (Q, K, V). The heads\' merged output goes through a fourth [d, d] matrix, W_O: 4 · 2·t·d² in all.'],
  ['projections missing', (t, d) => 4 * t * t * d, 'your FLOPs count only Q·Kᵀ and weights·V. The four [t, d]·[d, d] projections (Q, K, V, output) cost 8·t·d² and dominate for t < 2d.'],
  ['heads multiplied into the FLOPs', (t, d, h) => 8 * t * d * d + 4 * t * t * d * h, 'your t² FLOPs grow with the number of heads. Each head works on d/heads channels: heads · 2·t²·(d/heads) = 2·t²·d for Q·Kᵀ, whatever the number of heads.'],
  ['one head only', (t, d, h) => 8 * t * d * d + (4 * t * t * d) / h, 'your t² FLOPs are those of a single head (2·t²·d/heads per product). Sum over all heads: 2·t²·d for Q·Kᵀ and 2·t²·d for weights·V.'],
  ['only one of Q·Kᵀ and weights·V counted', (t, d) => 8 * t * d * d + 2 * t * t * d, 'your t² FLOPs count one product. Both Q·Kᵀ ([t, d_h]·[d_h, t] per head) and weights·V ([t, t]·[t, d_h] per head) cost 2·t²·d over all heads.'],
];
const BYTE_MISTAKES: ReadonlyArray<[string, (t: number, d: number, h: number) => number, string]> = [
  ['heads factor missing in the t² memory', (t, d) => 4 * (4 * t * d + 2 * t * t), 'your bytes store ONE [t, t] scores matrix and one weights matrix. Every head has its own: 2 · heads · t² values — this is why long contexts run out of memory.'],
  ['elements instead of bytes', (t, d, h) => refBytes(t, d, h) / 4, 'your memory counts values, not bytes. Each float32 value takes 4 bytes.'],
  ['scores or weights not counted', (t, d, h) => 4 * (4 * t * d + h * t * t), 'your t² memory holds one [t, t] matrix per head. The layer keeps both the scores and the softmax weights: 2 · heads · t² values.'],
  ['Q, K, V, O not counted', (t, _d, h) => 4 * 2 * h * t * t, 'your bytes hold only the [t, t] matrices. Q, K, V and the merged head outputs O are 4 · t · d more float32 values.'],
];

/** Checks attentionCost(t, d, h) against the rule, naming the classic counting mistakes. */
function check(attentionCost: (t: number, d: number, h: number) => Cost, t: number, d: number, h: number): void {
  const what = `attentionCost(${t}, ${d}, ${h})`;
  const got = attentionCost(t, d, h);
  assert.ok(got !== null && typeof got === 'object', `${what} should return { flops, bytes }, got ${String(got)}`);
  assert.ok(typeof got.flops === 'number' && typeof got.bytes === 'number', `${what} should return two numbers { flops, bytes }, got ${JSON.stringify(got)}`);
  const want = { flops: refFlops(t, d), bytes: refBytes(t, d, h) };
  if (got.flops !== want.flops) {
    for (const [name, f, why] of FLOP_MISTAKES) if (f(t, d, h) !== want.flops && got.flops === f(t, d, h)) throw misconception(name, `${what}.flops: ${why}`, { expected: want.flops, actual: got.flops });
  }
  if (got.bytes !== want.bytes) {
    for (const [name, f, why] of BYTE_MISTAKES) if (f(t, d, h) !== want.bytes && got.bytes === f(t, d, h)) throw misconception(name, `${what}.bytes: ${why}`, { expected: want.bytes, actual: got.bytes });
  }
  assert.equal(got.flops, want.flops, `${what}.flops: expected 8·t·d² + 4·t²·d = ${want.flops}, got ${got.flops}`);
  assert.equal(got.bytes, want.bytes, `${what}.bytes: expected 4 · (4·t·d + 2·heads·t²) = ${want.bytes}, got ${got.bytes}`);
}

describe('transformer/attention-cost: the counting rule', () => {
  it('the worked example attentionCost(4, 8, 2) = { flops: 2560, bytes: 768 }', () => {
    const { attentionCost } = load();
    assert.equal(refFlops(4, 8), 2560);
    assert.equal(refBytes(4, 8, 2), 768);
    check(attentionCost, 4, 8, 2);
  });

  it('the smallest layer: attentionCost(1, 1, 1) = { flops: 12, bytes: 24 }', () => {
    check(load().attentionCost, 1, 1, 1);
  });

  it('GPT-2 small (d = 768, 12 heads) at T = 1024, 8192 and 131072 (the lesson\'s numbers)', () => {
    const { attentionCost } = load();
    const table: Array<[number, number, number]> = [
      [1024, 8_053_063_680, 113_246_208],
      [8192, 244_813_135_872, 6_543_114_240],
      [131072, 53_395_033_423_872, 1_650_878_054_400],
    ];
    for (const [t, flops, bytes] of table) {
      assert.equal(refFlops(t, 768), flops);
      assert.equal(refBytes(t, 768, 12), bytes);
      check(attentionCost, t, 768, 12);
    }
  });

  it('matches the rule on 200 seeded random (t, d, heads) with t ≤ 65536, d ≤ 4096 (seed 71)', () => {
    const { attentionCost } = load();
    const rand = seededRandom(71);
    for (let n = 0; n < 200; n++) {
      const heads = 1 + Math.floor(rand() * 32);
      const d = heads * (1 + Math.floor(rand() * Math.floor(4096 / heads)));
      check(attentionCost, 1 + Math.floor(rand() * 65536), d, heads);
    }
  });
});

describe('transformer/attention-cost: scaling', () => {
  it('doubling t doubles the linear terms and quadruples the t² terms', () => {
    const { attentionCost } = load();
    for (const [t, d, h] of [[512, 768, 12], [3000, 1024, 16], [77, 64, 4]]) {
      const [one, two] = [attentionCost(t, d, h), attentionCost(2 * t, d, h)];
      // f(2t) − 2·f(t) keeps only the t² part: 4·(2t)²·d − 2·4·t²·d = 8·t²·d, and likewise for the bytes.
      assert.equal(two.flops - 2 * one.flops, 8 * t * t * d, `flops(${2 * t}) − 2·flops(${t}) for d = ${d} should be the growth of the t² terms, 8·t²·d = ${8 * t * t * d}; got ${two.flops - 2 * one.flops}`);
      assert.equal(two.bytes - 2 * one.bytes, 16 * h * t * t, `bytes(${2 * t}) − 2·bytes(${t}) with ${h} heads should be 4 · 2·heads · (4t² − 2t²) = ${16 * h * t * t}; got ${two.bytes - 2 * one.bytes}`);
    }
    const long = attentionCost(131072, 768, 12).flops / attentionCost(65536, 768, 12).flops;
    assert.ok(long > 3.9 && long < 4, `at T = 64k → 128k the t² terms dominate, so the FLOPs should almost quadruple; the ratio came out ${long}`);
  });

  it('the heads change the memory (8·t² bytes per head) but not the FLOPs', () => {
    const { attentionCost } = load();
    const [t, d] = [256, 96];
    const costs = [1, 2, 3, 4, 6, 8, 12].map((h) => ({ h, c: attentionCost(t, d, h) }));
    for (const { h, c } of costs) {
      check(attentionCost, t, d, h);
      assert.equal(c.flops, costs[0].c.flops, `attentionCost(${t}, ${d}, ${h}).flops should not depend on the number of heads (the heads split d, they do not add work)`);
      assert.equal(c.bytes - costs[0].c.bytes, 8 * (h - 1) * t * t, `each extra head should add one [t, t] scores and one weights matrix, 2·t²·4 = ${8 * t * t} bytes`);
    }
  });
});
