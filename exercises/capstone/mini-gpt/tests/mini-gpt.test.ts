// Hidden tests for capstone/mini-gpt. Only the contract is used: countParameters, createMiniGPT(c) with
// forward / parameters / dispose. Weight initialization is the learner's choice, so the value tests first
// overwrite every variable by its shape (the roles of a GPT's parameters follow from their shapes when
// V, T_max, C, 3C and 4C all differ) and compare with a float64 GPT written below, independent of TF.js.
// Tolerance for float32 logits: 1e-4 relative+absolute.

import * as assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type * as Sol from '../solution/mini-gpt';
import { assertClose, expectNoTensorLeak, learner, misconception, noteReferenceFallbacks, seededRandom } from '../../../kit';

type Config = Sol.GPTConfig;
type Model = ReturnType<typeof Sol.createMiniGPT>;
const load = () => learner<typeof Sol>('mini-gpt.ts', ['countParameters', 'createMiniGPT']);

const CAPSTONE: Config = { vocabSize: 4096, blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384 };
/** Small configs where V, T_max, C, 3C and 4C all differ, so every parameter's role shows in its shape. */
const ONE_HEAD: Config = { vocabSize: 11, blockSize: 6, nLayer: 2, nHead: 1, nEmbd: 8 };
const TWO_HEADS: Config = { vocabSize: 17, blockSize: 7, nLayer: 2, nHead: 2, nEmbd: 12 };
const TRAIN: Config = { vocabSize: 12, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16 };

const show = (c: Config) => `{ vocabSize: ${c.vocabSize}, blockSize: ${c.blockSize}, nLayer: ${c.nLayer}, nHead: ${c.nHead}, nEmbd: ${c.nEmbd} }`;
const ids = (rows: number[][]) => tf.tensor2d(rows, undefined, 'int32');

/** The parameter count, written independently: V·C + T_max·C + L·(12C² + 13C) + 2C. */
function expectedCount(c: Config): number {
  const C = c.nEmbd;
  return c.vocabSize * C + c.blockSize * C + c.nLayer * (12 * C * C + 13 * C) + 2 * C;
}

/** Names the classic mistake behind a wrong total, or fails with expected vs actual. */
function checkCount(c: Config, got: number, what: string): void {
  const want = expectedCount(c);
  if (got === want) return;
  const { vocabSize: V, blockSize: Tm, nLayer: L, nEmbd: C } = c;
  const values = { expected: want, actual: got };
  if (got === want + V * C) {
    throw misconception('untied LM head', `${what} is ${got}, exactly V·C = ${V * C} more than ${want}: the LM head has its own [C, V] matrix. GPT-2 ties it to the token embedding — logits = x · wteᵀ — so it adds no parameters.`, values);
  }
  if (got === want - Tm * C) {
    throw misconception('missing position embeddings', `${what} is ${got}, exactly blockSize·C = ${Tm * C} short of ${want}: there is no learned position embedding [blockSize, C]. Without it attention cannot tell positions apart.`, values);
  }
  const linearBiases = L * 9 * C; // qkv 3C + proj C + fc 4C + fcProj C, per block
  const lnShifts = (2 * L + 1) * C;
  if ([linearBiases, lnShifts, linearBiases + lnShifts].includes(want - got)) {
    throw misconception('biases missing', `${what} is ${got}, ${want - got} short of ${want}: that is the bias vectors (${linearBiases} in the Linear layers: qkv 3C, proj C, MLP 4C and C per block; ${lnShifts} LayerNorm shifts). GPT-2 has a bias in every Linear layer and a weight and a bias in every LayerNorm.`, values);
  }
  if (got === want - 2 * C) {
    throw misconception('missing final LayerNorm', `${what} is ${got}, 2C = ${2 * C} short of ${want}: the final LayerNorm (weight and bias) before the LM head is missing.`, values);
  }
  assert.equal(got, want, `${what} for ${show(c)}: expected ${want}, got ${got}`);
}

// ---- The independent reference: a float64 GPT whose weights are fixed by shape ---------------------------------

/** Weights for the by-shape assignment: every block gets the same ones, and q = k = v (so any split order works). */
interface Weights {
  E: number[][]; // [V][C] token embedding (and LM head)
  P: number[][]; // [T_max][C] position embedding
  u: number[]; // [C] every LayerNorm weight and bias and every C-sized bias
  S: number[][]; // [C][C] symmetric: the q, k, v and output projections
  M: number[][]; // [C][4C] MLP up; the MLP down is Mᵀ
  w4: number[]; // [4C] MLP up bias
}

function makeWeights(c: Config, seed: number): Weights {
  const rand = seededRandom(seed);
  const C = c.nEmbd;
  const uni = (a: number) => (rand() * 2 - 1) * a;
  const mat = (r: number, k: number, a: number) => Array.from({ length: r }, () => Array.from({ length: k }, () => uni(a)));
  const S = mat(C, C, 1 / Math.sqrt(C));
  for (let i = 0; i < C; i++) for (let j = 0; j < i; j++) S[i][j] = S[j][i];
  return { E: mat(c.vocabSize, C, 1), P: mat(c.blockSize, C, 1), u: Array.from({ length: C }, () => uni(1)), S, M: mat(C, 4 * C, 3 / Math.sqrt(C)), w4: Array.from({ length: 4 * C }, () => uni(1)) };
}

const transpose = (a: number[][]) => a[0].map((_, j) => a.map((row) => row[j]));

/**
 * Overwrites every variable of the learner's model by its shape (size-1 axes ignored; [in, out] or [out, in]
 * both accepted). When `strict`, fails if a shape belongs to no GPT parameter or the position embedding is
 * missing; otherwise such variables keep the learner's values (the causality and position tests only need
 * nonzero weights, not these exact ones).
 */
function assignByShape(model: Model, c: Config, w: Weights, strict = true): void {
  const { vocabSize: V, blockSize: Tm, nEmbd: C } = c;
  const qkv = w.S.map((row) => [...row, ...row, ...row]); // [C][3C]
  const table = new Map<string, number[] | number[][]>([
    [`${V}x${C}`, w.E], [`${C}x${V}`, transpose(w.E)],
    [`${Tm}x${C}`, w.P], [`${C}x${Tm}`, transpose(w.P)],
    [`${C}`, w.u], [`${3 * C}`, [...w.u, ...w.u, ...w.u]], [`${4 * C}`, w.w4],
    [`${C}x${C}`, w.S], [`${C}x${3 * C}`, qkv], [`${3 * C}x${C}`, transpose(qkv)],
    [`${C}x${4 * C}`, w.M], [`${4 * C}x${C}`, transpose(w.M)],
  ]);
  const seen = new Set<string>();
  for (const v of model.parameters()) {
    const key = v.shape.filter((d) => d !== 1).join('x');
    const values = table.get(key);
    if (!values && !strict) continue;
    if (!values) {
      throw new assert.AssertionError({
        message: `parameters() holds a variable of shape [${v.shape.join(', ')}], which no parameter of a GPT with ${show(c)} has. Expected shapes: [V, C] token embedding, [blockSize, C] positions, [C] LayerNorm weights and biases, [C, 3C] qkv, [C, C] projection, [C, 4C] and [4C, C] MLP, with their biases.`,
      });
    }
    seen.add(key);
    tf.tidy(() => v.assign(tf.tensor((values as number[][]).flat(), v.shape, 'float32')));
  }
  if (strict && !seen.has(`${Tm}x${C}`) && !seen.has(`${C}x${Tm}`)) {
    throw misconception('missing position embeddings', `parameters() has no [blockSize, C] = [${Tm}, ${C}] position embedding. Add a learned wpe and add wpe[0..T) to the token embeddings.`);
  }
}

interface Variant {
  causal: boolean;
  positions: boolean;
  preLN: boolean;
  finalLN: boolean;
  act: 'tanh' | 'erf' | 'relu';
  scaled: boolean;
  biases: boolean;
}
const CORRECT: Variant = { causal: true, positions: true, preLN: true, finalLN: true, act: 'tanh', scaled: true, biases: true };

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7), used to accept nanoGPT's exact (erf) GELU. */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

const ACT = {
  tanh: (x: number) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
  erf: (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  relu: (x: number) => Math.max(0, x),
};

/** row · m for a row vector and a matrix [in][out]. */
const vecMat = (x: number[], m: number[][]) => m[0].map((_, j) => x.reduce((s, xi, i) => s + xi * m[i][j], 0));
const addVec = (a: number[], b: number[]) => a.map((v, i) => v + b[i]);

function refLayerNorm(x: number[], g: number[], b: number[]): number[] {
  const mean = x.reduce((s, v) => s + v, 0) / x.length;
  const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
  return x.map((v, i) => ((v - mean) / Math.sqrt(variance + 1e-5)) * g[i] + b[i]);
}

/** The logits [T][V] of one sequence under the by-shape weights, in float64. */
function refLogits(c: Config, w: Weights, seq: number[], variant: Variant): number[][] {
  const C = c.nEmbd;
  const hs = C / c.nHead;
  const ln = (x: number[]) => refLayerNorm(x, w.u, w.u);
  const bias = (b: number[]) => (variant.biases ? b : b.map(() => 0)); // Linear biases only
  const MT = transpose(w.M);
  const attention = (xs: number[][]): number[][] => {
    const q = xs.map((x) => addVec(vecMat(x, w.S), bias(w.u))); // q = k = v
    const out = xs.map(() => new Array<number>(C).fill(0));
    for (let h = 0; h < c.nHead; h++) {
      const sl = (v: number[]) => v.slice(h * hs, (h + 1) * hs);
      for (let i = 0; i < xs.length; i++) {
        const last = variant.causal ? i : xs.length - 1;
        const scores = [];
        for (let j = 0; j <= last; j++) scores.push(sl(q[i]).reduce((s, a, d) => s + a * sl(q[j])[d], 0) / (variant.scaled ? Math.sqrt(hs) : 1));
        const mx = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - mx));
        const z = e.reduce((s, v) => s + v, 0);
        for (let j = 0; j <= last; j++) for (let d = 0; d < hs; d++) out[i][h * hs + d] += (e[j] / z) * q[j][h * hs + d];
      }
    }
    return out.map((o) => addVec(vecMat(o, w.S), bias(w.u)));
  };
  const mlp = (x: number[]) => addVec(vecMat(addVec(vecMat(x, w.M), bias(w.w4)).map(ACT[variant.act]), MT), bias(w.u));
  let xs = seq.map((tok, t) => (variant.positions ? addVec(w.E[tok], w.P[t]) : w.E[tok].slice()));
  for (let l = 0; l < c.nLayer; l++) {
    if (variant.preLN) {
      const a = attention(xs.map(ln));
      xs = xs.map((x, t) => addVec(x, a[t]));
      xs = xs.map((x) => addVec(x, mlp(ln(x))));
    } else {
      const a = attention(xs);
      xs = xs.map((x, t) => ln(addVec(x, a[t])));
      xs = xs.map((x) => ln(addVec(x, mlp(x))));
    }
  }
  if (variant.finalLN) xs = xs.map(ln);
  return xs.map((x) => w.E.map((e) => e.reduce((s, v, i) => s + v * x[i], 0)));
}

const close = (a: number[][][], b: number[][][]) => a.every((m, i) => m.every((row, t) => row.every((v, k) => Math.abs(v - b[i][t][k]) <= 1e-4 * (1 + Math.abs(b[i][t][k])))));

/** Classic mistakes, each as the reference with one thing changed, in the order they are tried. */
const MISTAKES: Array<[string, Partial<Variant>, string]> = [
  ['no causal mask', { causal: false }, 'every position attends to the whole sequence, including the future it is meant to predict. Pass causalMask(T) to attention so query t only sees keys 0..t.'],
  ['missing position embeddings', { positions: false }, 'the logits match a GPT that never adds wpe[0..T) to the token embeddings, so attention cannot tell positions apart.'],
  ['post-LN', { preLN: false }, 'your blocks compute LN(x + attn(x)) (the original 2017 transformer). GPT-2 is pre-LN: x + attn(LN₁(x)), then x + mlp(LN₂(x)), with one more LayerNorm before the head.'],
  ['post-LN', { preLN: false, finalLN: false }, 'your blocks compute LN(x + attn(x)) (the original 2017 transformer). GPT-2 is pre-LN: x + attn(LN₁(x)), then x + mlp(LN₂(x)), with one more LayerNorm before the head.'],
  ['missing final LayerNorm', { finalLN: false }, 'the residual stream goes into the LM head without the final LayerNorm LN_f.'],
  ['ReLU instead of GELU', { act: 'relu' }, 'the MLP uses ReLU; GPT-2 uses GELU (tanh approximation).'],
  ['biases missing', { biases: false }, 'the Linear layers compute x · W without the bias: GPT-2 adds a bias in the qkv, output, and both MLP layers.'],
  ['unscaled attention scores', { scaled: false }, 'the attention scores are q·kᵀ without the division by √head_size.'],
];

/** Forward of the learner's model, as nested arrays [B][T][V]. */
function run(model: Model, rows: number[][]): number[][][] {
  return tf.tidy(() => {
    const x = ids(rows);
    const out = model.forward(x);
    if (out.rank !== 3 || out.shape[0] !== rows.length || out.shape[1] !== rows[0].length) {
      throw new assert.AssertionError({ message: `forward of ids [${rows.length}, ${rows[0].length}] returned shape [${out.shape.join(', ')}]` });
    }
    return out.arraySync() as number[][][];
  });
}

/** Sets the weights by shape, runs two random sequences and compares with the reference, naming a known mistake. */
function checkAgainstReference(c: Config, seed: number): void {
  const { createMiniGPT } = load();
  const model = createMiniGPT(c);
  try {
    const w = makeWeights(c, seed);
    assignByShape(model, c, w);
    const rand = seededRandom(seed + 1);
    const rows = [0, 1].map(() => Array.from({ length: c.blockSize }, () => Math.floor(rand() * c.vocabSize)));
    const got = run(model, rows);
    const want = rows.map((r) => refLogits(c, w, r, CORRECT));
    // The contract says "GELU" and "as GPT-2/nanoGPT": GPT-2's tanh approximation and nanoGPT's exact (erf) GELU
    // are both accepted.
    if (!close(got, want) && close(got, rows.map((r) => refLogits(c, w, r, { ...CORRECT, act: 'erf' })))) return;
    if (!close(got, want)) {
      for (const [name, change, explanation] of MISTAKES) {
        if (close(got, rows.map((r) => refLogits(c, w, r, { ...CORRECT, ...change })))) throw misconception(name, `For ${show(c)}, ${explanation}`);
      }
    }
    assertClose(got, want, { tol: 1e-4, what: `logits for ${show(c)} with every weight set by its shape (q = k = v), ids ${JSON.stringify(rows)}` });
  } finally {
    model.dispose();
  }
}

describe('capstone/mini-gpt: parameter count', () => {
  it('countParameters gives 12,318,720 for the capstone config', () => {
    const { countParameters } = load();
    // Loading mini-gpt.ts resolved its chapter 5 imports; say which of them were the course's reference solutions.
    noteReferenceFallbacks();
    checkCount(CAPSTONE, countParameters(CAPSTONE), `countParameters(${show(CAPSTONE)})`);
  });

  it('countParameters is right on 10 seeded random configs (and does not depend on nHead)', () => {
    const { countParameters } = load();
    const rand = seededRandom(4242);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let i = 0; i < 10; i++) {
      const nHead = int(1, 6);
      const c: Config = { vocabSize: int(2, 5000), blockSize: int(1, 512), nLayer: int(1, 12), nHead, nEmbd: nHead * int(1, 32) };
      checkCount(c, countParameters(c), `countParameters(${show(c)})`);
    }
  });
});

describe('capstone/mini-gpt: parameters', () => {
  it('parameters() holds distinct tf.Variables whose sizes add up to countParameters (tied head)', () => {
    const { createMiniGPT } = load();
    for (const c of [ONE_HEAD, TWO_HEADS, { vocabSize: 9, blockSize: 4, nLayer: 3, nHead: 4, nEmbd: 8 }]) {
      const model = createMiniGPT(c);
      try {
        const params = model.parameters();
        assert.ok(Array.isArray(params) && params.length > 0, 'parameters() should return a non-empty array of tf.Variable');
        params.forEach((p, i) => assert.ok(p instanceof tf.Variable, `parameters()[${i}] is not a tf.Variable (create it with tf.variable(...))`));
        assert.equal(new Set(params).size, params.length, 'parameters() lists the same variable more than once');
        checkCount(c, params.reduce((n, p) => n + p.size, 0), `the total size of parameters() for ${show(c)}`);
      } finally {
        model.dispose();
      }
    }
  });
});

describe('capstone/mini-gpt: forward', () => {
  it('maps int32 ids [B, T] to float32 logits [B, T, V] for 1 ≤ T ≤ blockSize', () => {
    const { createMiniGPT } = load();
    const model = createMiniGPT(TWO_HEADS);
    try {
      for (const [B, T] of [[1, 1], [2, 3], [3, TWO_HEADS.blockSize]]) {
        const out = tf.tidy(() => {
          const y = model.forward(tf.zeros([B, T], 'int32') as tf.Tensor2D);
          return { shape: y.shape, dtype: y.dtype, finite: y.isFinite().all().dataSync()[0] === 1 };
        });
        assert.deepEqual(out.shape, [B, T, TWO_HEADS.vocabSize], `forward of ids [${B}, ${T}]: expected logits [${B}, ${T}, ${TWO_HEADS.vocabSize}], got [${out.shape.join(', ')}]`);
        assert.equal(out.dtype, 'float32');
        assert.ok(out.finite, `forward of ids [${B}, ${T}] produced NaN or Infinity`);
      }
    } finally {
      model.dispose();
    }
  });

  it('the sequences of a batch do not affect each other', () => {
    const { createMiniGPT } = load();
    const model = createMiniGPT(TWO_HEADS);
    try {
      const a = [1, 5, 2, 9, 9, 0];
      const b = [16, 3, 3, 7, 1, 2];
      const both = run(model, [a, b]);
      assertClose(both[1], run(model, [b])[0], { tol: 1e-4, what: 'logits of the second row of a batch vs the same row alone' });
      assertClose(both[0], run(model, [a])[0], { tol: 1e-4, what: 'logits of the first row of a batch vs the same row alone' });
    } finally {
      model.dispose();
    }
  });
});

describe('capstone/mini-gpt: causality and positions', () => {
  it('the logits at t depend only on tokens ≤ t (changing a later token changes nothing before it)', () => {
    const { createMiniGPT } = load();
    const c = TWO_HEADS;
    const model = createMiniGPT(c);
    try {
      assignByShape(model, c, makeWeights(c, 77), false); // nonzero weights, whatever the initialization
      const rand = seededRandom(99);
      const seq = Array.from({ length: c.blockSize }, () => Math.floor(rand() * c.vocabSize));
      const base = run(model, [seq])[0];
      for (let t = 0; t + 1 < c.blockSize; t++) {
        const changed = seq.slice();
        changed[t + 1] = (changed[t + 1] + 1 + Math.floor(rand() * (c.vocabSize - 1))) % c.vocabSize;
        const after = run(model, [changed])[0];
        for (let s = 0; s <= t; s++) {
          const diff = Math.max(...base[s].map((v, k) => Math.abs(v - after[s][k])));
          if (diff > 1e-5) {
            throw misconception('no causal mask', `changing the token at position ${t + 1} changed the logits at position ${s} by ${diff.toExponential(2)}: the model looks into the future. Block keys after each query with causalMask(T) in attention.`, { expected: base[s], actual: after[s] });
          }
        }
      }
    } finally {
      model.dispose();
    }
  });

  it('positions matter: a constant sequence gets different logits at different positions', () => {
    const { createMiniGPT } = load();
    const c = ONE_HEAD;
    const model = createMiniGPT(c);
    try {
      assignByShape(model, c, makeWeights(c, 5), false);
      const out = run(model, [new Array<number>(c.blockSize).fill(3)])[0];
      for (let t = 1; t < c.blockSize; t++) {
        const diff = Math.max(...out[0].map((v, k) => Math.abs(v - out[t][k])));
        if (diff < 1e-4) {
          throw misconception('missing position embeddings', `for the ids [3, 3, 3, 3, 3, 3] the logits at positions 0 and ${t} are the same: nothing tells the model where a token is. Add the learned position embedding: x = wte[ids] + wpe[0..T).`);
        }
      }
    } finally {
      model.dispose();
    }
  });
});

describe('capstone/mini-gpt: matches a reference GPT', () => {
  it('one head: logits match a float64 GPT-2 (pre-LN, GELU, tied head) within 1e-4', () => {
    checkAgainstReference(ONE_HEAD, 11);
  });

  it('two heads of C/2 contiguous channels: logits match the float64 GPT-2 within 1e-4', () => {
    checkAgainstReference(TWO_HEADS, 12);
  });
});

describe('capstone/mini-gpt: training', () => {
  it('every parameter gets a gradient, and 20 Adam steps on a repeating pattern cut the loss by more than half', function () {
    this.timeout(60_000);
    const { createMiniGPT } = load();
    const c = TRAIN;
    const model = createMiniGPT(c);
    const optimizer = tf.train.adam(0.02);
    try {
      const params = model.parameters();
      const pattern = [1, 4, 2, 8, 5, 7, 11];
      const rand = seededRandom(2718);
      const batch = () => {
        const starts = Array.from({ length: 4 }, () => Math.floor(rand() * pattern.length));
        const seq = (s: number, k: number) => Array.from({ length: c.blockSize }, (_, t) => pattern[(s + t + k) % pattern.length]);
        return { x: ids(starts.map((s) => seq(s, 0))), y: ids(starts.map((s) => seq(s, 1))) };
      };
      const lossOf = (x: tf.Tensor2D, y: tf.Tensor2D) => () => {
        const logits = model.forward(x).reshape([-1, c.vocabSize]); // [B·T, V]
        return tf.logSoftmax(logits).mul(tf.oneHot(y.reshape([-1]), c.vocabSize)).sum(-1).mean().neg() as tf.Scalar;
      };
      {
        const { x, y } = batch();
        const { value, grads } = tf.variableGrads(lossOf(x, y), params);
        const missing = params.map((p, i) => (grads[p.name] ? undefined : `parameters()[${i}] [${p.shape.join(', ')}]`)).filter((s) => s !== undefined);
        tf.dispose([x, y, value, ...Object.values(grads)]);
        assert.deepEqual(missing, [], `these parameters get no gradient — forward never uses them: ${missing.join(', ')}`);
      }
      const losses: number[] = [];
      for (let step = 0; step < 20; step++) {
        const { x, y } = batch();
        const loss = optimizer.minimize(lossOf(x, y), true, params);
        losses.push(loss!.dataSync()[0]);
        tf.dispose([x, y, loss!]);
      }
      assert.ok(losses.every(Number.isFinite), `the loss became NaN or Infinity during training: ${losses.map((l) => l.toFixed(3)).join(', ')}`);
      const end = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
      assert.ok(end < 0.5 * losses[0], `the loss went from ${losses[0].toFixed(3)} to ${end.toFixed(3)} (mean of the last 5 of 20 Adam steps, lr 0.02, batches of 4); a GPT learns this 7-token cycle to well under half its first loss. Losses: ${losses.map((l) => l.toFixed(2)).join(', ')}`);
    } finally {
      optimizer.dispose();
      model.dispose();
    }
  });
});

describe('capstone/mini-gpt: memory', () => {
  it('forward leaves no intermediate tensors behind', async () => {
    const { createMiniGPT } = load();
    const model = createMiniGPT(TWO_HEADS);
    const x = ids([[1, 2, 3, 4], [5, 6, 7, 8]]);
    try {
      const out = await expectNoTensorLeak(tf, () => model.forward(x), 'forward');
      out.dispose();
    } finally {
      x.dispose();
      model.dispose();
    }
  });

  it('dispose() frees every variable', () => {
    const { createMiniGPT } = load();
    const before = tf.memory().numTensors;
    const model = createMiniGPT(ONE_HEAD);
    const params = model.parameters();
    model.dispose();
    const alive = params.filter((p) => !p.isDisposed).length;
    assert.equal(alive, 0, `after dispose(), ${alive} of the ${params.length} variables in parameters() are still allocated`);
    const left = tf.memory().numTensors - before;
    if (left > 0) {
      throw misconception('tensor leak', `creating and disposing a model left ${left} tensors allocated. tf.variable(t) keeps its own copy: dispose the initial tensor t (or create it inside tf.tidy and keep only the variable).`);
    }
  });
});
