// Hidden tests for neural-networks/mini-llm, the chapter project. Everything the learner's model computes is
// checked against a plain reference written here: the forward pass, the mean cross-entropy, gradients by
// central differences (h = 1e-6; tolerance 1e-5), the sampling rule, and — on the first 100,000 characters of
// Pride and Prejudice — a held-out loss that must beat a unigram model by at least 0.5 nats.

import * as assert from 'node:assert/strict';
import type * as Sol from '../solution/mini-llm';
import { assertClose, courseText, learner, misconception, seededRandom } from '../../../kit';

const load = () => learner<typeof Sol>('mini-llm.ts', ['buildVocab', 'encode', 'decode', 'initModel', 'predict', 'lossAndGrads', 'train', 'sample']);
type Model = Sol.Model;
type Params = Sol.Params;
type Config = Sol.ModelConfig;

/** The training test's numbers, stated in task.md. */
const MAX_CHARS = 100_000;
const TRAIN_CHARS = 90_000;
const MARGIN = 0.5;

// ---- the reference model ----

function refSoftmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
function refLogits(model: Model, ctx: number[], hidden: 'tanh' | 'none' = 'tanh'): number[] {
  const x = ctx.flatMap((id) => model.C[id]);
  const h = model.W1.map((w, j) => {
    const pre = w.reduce((s, wi, i) => s + wi * x[i], model.b1[j]);
    return hidden === 'tanh' ? Math.tanh(pre) : pre;
  });
  return model.W2.map((w, v) => w.reduce((s, wi, j) => s + wi * h[j], model.b2[v]));
}
const refProbs = (model: Model, ctx: number[]) => refSoftmax(refLogits(model, ctx));
function refLoss(model: Model, contexts: number[][], targets: number[]): number {
  let total = 0;
  contexts.forEach((ctx, b) => {
    const z = refLogits(model, ctx);
    const m = Math.max(...z);
    total += m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0)) - z[targets[b]];
  });
  return total / contexts.length;
}

const GROUPS = ['C', 'W1', 'b1', 'W2', 'b2'] as const;

/** Central differences of the reference loss for every parameter, shaped like Params. */
function numericGrads(model: Model, contexts: number[][], targets: number[], h = 1e-6): Params {
  const at = (get: () => number, set: (v: number) => void) => {
    const v0 = get();
    set(v0 + h);
    const up = refLoss(model, contexts, targets);
    set(v0 - h);
    const down = refLoss(model, contexts, targets);
    set(v0);
    return (up - down) / (2 * h);
  };
  const mat = (m: number[][]) => m.map((row) => row.map((_, j) => at(() => row[j], (v) => (row[j] = v))));
  const vec = (r: number[]) => r.map((_, j) => at(() => r[j], (v) => (r[j] = v)));
  return { C: mat(model.C), W1: mat(model.W1), b1: vec(model.b1), W2: mat(model.W2), b2: vec(model.b2) };
}

/** dC as a backward pass that WRITES (=) each position's share instead of adding it: the classic bug's result. */
function overwrittenEmbeddingGrads(model: Model, contexts: number[][], targets: number[]): number[][] {
  const { embedDim: d, contextSize: k } = model.config;
  const B = contexts.length;
  const dC = model.C.map((row) => row.map(() => 0));
  contexts.forEach((ctx, b) => {
    const x = ctx.flatMap((id) => model.C[id]);
    const h = model.W1.map((w, j) => Math.tanh(w.reduce((s, wi, i) => s + wi * x[i], model.b1[j])));
    const dl = refProbs(model, ctx).map((p, v) => (p - (v === targets[b] ? 1 : 0)) / B);
    const dpre = h.map((hj, j) => model.W2.reduce((s, w, v) => s + dl[v] * w[j], 0) * (1 - hj * hj));
    for (let i = 0; i < k; i++) for (let j = 0; j < d; j++) dC[ctx[i]][j] = model.W1.reduce((s, w, u) => s + dpre[u] * w[i * d + j], 0);
  });
  return dC;
}

/** A model with seeded parameters in [-scale, scale], built here (not by the learner's initModel). */
function seededModel(config: Config, seed: number, scale = 1): Model {
  const rand = seededRandom(seed);
  const r = () => (rand() * 2 - 1) * scale;
  const mat = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, r));
  const { vocabSize: V, contextSize: k, embedDim: d, hidden: H } = config;
  return { config, C: mat(V, d), W1: mat(H, k * d), b1: mat(1, H)[0], W2: mat(V, H), b2: mat(1, V)[0] };
}
const deepCopy = (m: Model): Model => JSON.parse(JSON.stringify(m)) as Model;

const close = (a: number, b: number, tol = 1e-5) => Math.abs(a - b) <= tol * (1 + Math.abs(b));
const flat = (g: number[] | number[][]): number[] => (g as Array<number | number[]>).flat() as number[];
const groupClose = (got: number[] | number[][] | undefined, want: number[] | number[][], f: (w: number) => number = (w) => w) => {
  if (!Array.isArray(got)) return false;
  const g = flat(got);
  const w = flat(want);
  return g.length === w.length && g.every((v, i) => close(v, f(w[i])));
};

const SPARKS = '▁▂▃▄▅▆▇█';
/** The loss curve as one line of bars, each the mean of an equal share of the steps. */
function sparkline(losses: number[], bars = 60): string {
  const per = Math.max(1, Math.ceil(losses.length / bars));
  const means: number[] = [];
  for (let i = 0; i < losses.length; i += per) {
    const chunk = losses.slice(i, i + per);
    means.push(chunk.reduce((a, b) => a + b, 0) / chunk.length);
  }
  const lo = Math.min(...means);
  const hi = Math.max(...means);
  const line = means.map((m) => SPARKS[hi === lo ? 0 : Math.min(7, Math.floor(((m - lo) / (hi - lo)) * 8))]).join('');
  return `${line}   (${losses.length} steps, ${per} per bar, from ${means[0].toFixed(2)} down to ${means[means.length - 1].toFixed(2)})`;
}

/** The reference sampling rule: one rand() per character, the first index whose running sum exceeds it. */
function refSample(model: Model, vocab: string[], prompt: string, length: number, seed: number, probs: (ctx: number[]) => number[]): string {
  const index = new Map(vocab.map((c, i) => [c, i]));
  const ids = [...prompt].map((c) => index.get(c) as number);
  const rand = seededRandom(seed);
  const k = model.config.contextSize;
  for (let n = 0; n < length; n++) {
    const p = probs(ids.slice(ids.length - k));
    const r = rand();
    let i = 0;
    let cum = p[0];
    while (cum <= r && i < p.length - 1) cum += p[++i];
    ids.push(i);
  }
  return ids.map((i) => vocab[i]).join('');
}

describe('neural-networks/mini-llm: data', () => {
  it('buildVocab sorts the distinct characters; encode and decode map between characters and ids', () => {
    const { buildVocab, encode, decode } = load();
    assert.deepEqual(buildVocab('hello'), ['e', 'h', 'l', 'o'], "buildVocab('hello')");
    assert.deepEqual(encode('hole', ['e', 'h', 'l', 'o']), [1, 3, 2, 0], "encode('hole', ['e', 'h', 'l', 'o'])");
    assert.equal(decode([1, 3, 2, 0], ['e', 'h', 'l', 'o']), 'hole', "decode([1, 3, 2, 0], ['e', 'h', 'l', 'o'])");
    const text = courseText('austen/prideprejudice.txt', { maxChars: 20_000 });
    const want = [...new Set(text)].sort();
    assert.deepEqual(buildVocab(text), want, 'buildVocab of the first 20,000 characters of Pride and Prejudice');
    const ids = encode(text, want);
    assert.equal(ids.length, text.length, `encode should give one id per character: ${text.length} characters, ${ids.length} ids`);
    assert.equal(decode(ids, want), text, 'decode(encode(text)) should give the text back');
    assert.throws(() => encode('héllo', ['e', 'h', 'l', 'o']), (err: unknown) => err instanceof Error && !err.message.startsWith('TODO'), "encode('héllo', …) should throw an Error: 'é' is not in the vocabulary");
  });
});

describe('neural-networks/mini-llm: model', () => {
  it('initModel makes parameters of the documented shapes, and predict gives a distribution', () => {
    const { initModel, predict } = load();
    const config: Config = { vocabSize: 7, contextSize: 3, embedDim: 4, hidden: 5 };
    const model = initModel(config, 1);
    const shape = (m: unknown) => (Array.isArray(m) ? [m.length, ...(Array.isArray(m[0]) ? [(m[0] as unknown[]).length] : [])] : 'not an array');
    assert.deepEqual(model.config, config, 'initModel(config, seed).config should be the config');
    assert.deepEqual(shape(model.C), [7, 4], 'C should be [vocabSize, embedDim] = [7, 4]');
    assert.deepEqual(shape(model.W1), [5, 12], 'W1 should be [hidden, contextSize·embedDim] = [5, 12]');
    assert.deepEqual(shape(model.b1), [5], 'b1 should be [hidden] = [5]');
    assert.deepEqual(shape(model.W2), [7, 5], 'W2 should be [vocabSize, hidden] = [7, 5]');
    assert.deepEqual(shape(model.b2), [7], 'b2 should be [vocabSize] = [7]');
    const p = predict(model, [0, 3, 6]);
    assert.equal(p.length, 7, `predict should return vocabSize = 7 probabilities, got ${p.length}`);
    assert.ok(p.every((v) => Number.isFinite(v) && v >= 0), `predict returned ${JSON.stringify(p)}: every probability must be a finite number ≥ 0`);
    assertClose(p.reduce((a, b) => a + b, 0), 1, { what: 'the sum of predict(initModel(...), [0, 3, 6])' });
    assert.deepEqual(JSON.stringify(initModel(config, 1)), JSON.stringify(model), 'initModel(config, 1) should give the same model every time (use makeRandom(seed))');
  });

  it('predict matches the reference forward pass (embeddings in context order → tanh → softmax) on 20 seeded contexts', () => {
    const { predict } = load();
    const config: Config = { vocabSize: 9, contextSize: 3, embedDim: 3, hidden: 6 };
    const model = seededModel(config, 8);
    const rand = seededRandom(9);
    for (let trial = 0; trial < 20; trial++) {
      const ctx = [0, 1, 2].map(() => Math.floor(rand() * 9));
      const got = predict(model, ctx);
      const want = refProbs(model, ctx);
      const matches = (p: number[]) => Array.isArray(got) && got.length === p.length && p.every((v, i) => close(got[i], v, 1e-6));
      if (!matches(want)) {
        if (matches(refProbs(model, [...ctx].reverse()))) throw misconception('context order reversed', `predict(model, ${JSON.stringify(ctx)}) used the context's embeddings in reverse order. Concatenate C[ctx[0]], C[ctx[1]], … in the order of the context: W1's columns 0…d−1 belong to the oldest character.`, { expected: want, actual: got });
        if (matches(refSoftmax(refLogits(model, ctx, 'none')))) throw misconception('no nonlinearity in the hidden layer', 'predict skipped the tanh: h = tanh(W1·x + b1). Without it the whole model is linear in the embeddings.', { expected: want, actual: got });
      }
      assertClose(got, want, { what: `trial ${trial}: predict(model, ${JSON.stringify(ctx)})` });
    }
  });

  it('lossAndGrads gives the mean cross-entropy, finite even for huge logits', () => {
    const { lossAndGrads } = load();
    const config: Config = { vocabSize: 6, contextSize: 2, embedDim: 3, hidden: 4 };
    const model = seededModel(config, 15);
    const contexts = [[0, 1], [2, 2], [5, 3], [4, 0]];
    const targets = [2, 5, 0, 1];
    const { loss } = lossAndGrads(model, contexts, targets);
    const want = refLoss(model, contexts, targets);
    if (close(loss, want * contexts.length, 1e-6)) throw misconception('loss summed, not averaged', `lossAndGrads returned the SUM of the ${contexts.length} losses (${loss}). Return the mean, ${want}, so the loss and the learning rate do not depend on the batch size.`, { expected: want, actual: loss });
    assertClose(loss, want, { what: 'the loss of lossAndGrads on 4 examples' });
    // Scale the output layer so the logits are ~±1e4: the loss stays an ordinary number with a stable softmax.
    const big = deepCopy(model);
    big.W2 = big.W2.map((row) => row.map((v) => v * 5000));
    const res = lossAndGrads(big, contexts, targets);
    const wantBig = refLoss(big, contexts, targets);
    if (res.loss === Infinity) throw misconception('log of softmax computed naively', `with logits around ±1e4, lossAndGrads returned a loss of Infinity instead of ${wantBig}: a target's probability underflowed to 0, and −ln 0 = Infinity. Compute each example's loss in log space, as in the softmax exercise: logSumExp(logits) − logits[target].`, { expected: wantBig, actual: res.loss });
    if (!Number.isFinite(res.loss)) throw misconception('no max subtraction', `with logits around ±1e4, lossAndGrads returned a loss of ${res.loss} instead of ${wantBig}. Subtract each row's largest logit before exponentiating, as in the softmax exercise.`, { expected: wantBig, actual: res.loss });
    assertClose(res.loss, wantBig, { what: 'the loss with logits around ±1e4', tol: 1e-6 });
    assert.ok(flat(res.grads.b2).every(Number.isFinite), 'with logits around ±1e4, some gradients of b2 came back NaN or Infinity: use the stable softmax');
  });

  it('lossAndGrads: every gradient matches central differences (tiny model, contexts with repeated characters)', () => {
    const { lossAndGrads } = load();
    const config: Config = { vocabSize: 5, contextSize: 3, embedDim: 2, hidden: 4 };
    const model = seededModel(config, 23);
    const contexts = [[0, 1, 2], [2, 2, 2], [1, 3, 1], [4, 0, 3], [3, 3, 0], [1, 2, 4]];
    const targets = [3, 0, 4, 1, 2, 2];
    const before = JSON.stringify(model);
    const { grads } = lossAndGrads(model, contexts, targets);
    assert.equal(JSON.stringify(model), before, 'lossAndGrads changed the model: it should only compute the loss and the gradients');
    const want = numericGrads(model, contexts, targets);
    const B = contexts.length;
    if (GROUPS.every((g) => groupClose(grads[g], want[g], (w) => w * B))) {
      throw misconception('gradient not averaged over the batch', `every gradient is ${B}× too big: the loss is the MEAN over the batch, so dlogits = (probs − onehot) / B.`);
    }
    if (groupClose(grads.b2, want.b2, (w) => -w)) throw misconception('gradient sign flipped', 'the gradients of b2 are the negative of the right ones: dlogits = probs − onehot(target), not onehot − probs.', { expected: want.b2, actual: grads.b2 });
    const meanProbs = want.b2.map((_, v) => contexts.reduce((s, ctx) => s + refProbs(model, ctx)[v], 0) / B);
    if (groupClose(grads.b2, meanProbs)) throw misconception('forgot to subtract the one-hot', 'the gradients of b2 are the mean probabilities: dlogits = (probs − onehot(target)) / B — subtract 1 at each example\'s target.', { expected: want.b2, actual: grads.b2 });
    if (groupClose(grads.b2, want.b2) && groupClose(grads.W2, want.W2) && !groupClose(grads.b1, want.b1)) {
      throw misconception('tanh derivative wrong', 'the output layer\'s gradients are right, but those of b1 are not: the gradient goes back through tanh as dpre = dh · (1 − h²), where h is tanh\'s OUTPUT (not 1 − h, and not 1 − pre²).', { expected: want.b1, actual: grads.b1 });
    }
    if (GROUPS.every((g) => g === 'C' || groupClose(grads[g], want[g])) && !groupClose(grads.C, want.C)) {
      if (groupClose(grads.C, overwrittenEmbeddingGrads(model, contexts, targets))) {
        throw misconception('embedding gradient overwritten (=, not +=)', 'the gradients of C are what you get by WRITING each position\'s share into dC[id] — so only the last use of a character counts. A character used at several positions (like [2, 2, 2]) or in several examples gets the SUM of all its shares: dC[id][j] += dx[i·d + j].', { expected: want.C, actual: grads.C });
      }
    }
    for (const g of ['b2', 'W2', 'b1', 'W1', 'C'] as const) {
      assertClose(grads[g], want[g], { tol: 1e-5, what: `the gradient of ${g} (checked in backprop order: b2, W2, b1, W1, C), against central differences` });
    }
  });
});

describe('neural-networks/mini-llm: training', () => {
  it(`trains on Pride and Prejudice to a held-out loss at least ${MARGIN} nats below the unigram baseline`, () => {
    const { buildVocab, encode, train, predict, sample } = load();
    const text = courseText('austen/prideprejudice.txt', { maxChars: MAX_CHARS });
    const vocab = buildVocab(text);
    const ids = encode(text, vocab);
    const trainIds = ids.slice(0, TRAIN_CHARS);
    const heldOut = ids.slice(TRAIN_CHARS);
    const V = vocab.length;

    // The unigram baseline: each character's frequency in the training text (add-one smoothed), no context.
    const counts = new Array<number>(V).fill(1);
    for (const id of trainIds) counts[id]++;
    const total = counts.reduce((a, b) => a + b, 0);
    const unigram = heldOut.reduce((s, id) => s - Math.log(counts[id] / total), 0) / heldOut.length;

    const started = Date.now();
    const { model, losses } = train(trainIds, V, { seed: 1 });
    const seconds = (Date.now() - started) / 1000;
    assert.ok(Array.isArray(losses) && losses.length > 0, 'train should return the loss of every step in `losses`');
    if (losses.some((l) => !Number.isFinite(l))) throw misconception('training diverged', `a training loss became ${losses.find((l) => !Number.isFinite(l))}: check the stable softmax, the sign of the update (p −= lr·g) and the size of the learning rate.`);

    const k = model.config.contextSize;
    let nll = 0;
    for (let t = k; t < heldOut.length; t++) nll -= Math.log(predict(model, heldOut.slice(t - k, t))[heldOut[t]]);
    const heldOutLoss = nll / (heldOut.length - k);

    console.log(`loss per step: ${sparkline(losses)}`);
    console.log(`trained in ${seconds.toFixed(1)} s; held-out loss ${heldOutLoss.toFixed(3)} nats vs unigram ${unigram.toFixed(3)} and uniform ln ${V} = ${Math.log(V).toFixed(3)} (needed: ≤ ${(unigram - MARGIN).toFixed(3)})`);
    try {
      console.log(`sample (seed 1): ${JSON.stringify(sample(model, vocab, 'It is a truth', 160, 1))}`);
    } catch (err) {
      console.log(`sample failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (losses[losses.length - 1] > losses[0]) throw misconception('loss goes up', `the training loss rose from ${losses[0].toFixed(3)} to ${losses[losses.length - 1].toFixed(3)}: update every parameter with p −= lr · grad (minus), and check the gradients first (the gradient test above).`);
    assert.ok(
      heldOutLoss <= unigram - MARGIN,
      `the held-out loss is ${heldOutLoss.toFixed(3)} nats; it must be at most ${(unigram - MARGIN).toFixed(3)}, ${MARGIN} below the unigram baseline ${unigram.toFixed(3)}. Train longer or with a larger learning rate (the task's defaults reach about 2.2), and make sure the gradient test passes.`,
    );
  });

  it('train is deterministic for a seed (same losses twice), and another seed gives other losses', () => {
    const { buildVocab, encode, train } = load();
    const text = courseText('austen/prideprejudice.txt', { maxChars: 5_000 });
    const vocab = buildVocab(text);
    const ids = encode(text, vocab);
    const opts = { steps: 15, batchSize: 8, hidden: 8, embedDim: 4, contextSize: 3 };
    const a = train(ids, vocab.length, { ...opts, seed: 3 }).losses;
    const b = train(ids, vocab.length, { ...opts, seed: 3 }).losses;
    const c = train(ids, vocab.length, { ...opts, seed: 4 }).losses;
    assert.equal(a.length, 15, `train with steps: 15 should return 15 losses, got ${a.length}`);
    assert.deepEqual(b, a, 'two runs of train with seed 3 gave different losses: draw everything from makeRandom(seed), never Math.random');
    assert.notDeepEqual(c, a, 'train with seeds 3 and 4 gave the same losses: is the seed used?');
  });
});

describe('neural-networks/mini-llm: sampling', () => {
  it('sample draws each character from predict with one rand() per character (seeded), after the prompt', () => {
    const { sample } = load();
    const vocab = [' ', 'a', 'e', 'h', 'n', 's', 't'];
    const config: Config = { vocabSize: vocab.length, contextSize: 3, embedDim: 3, hidden: 6 };
    const model = seededModel(config, 41, 1.5);
    const prompt = 'the ';
    const want = refSample(model, vocab, prompt, 60, 7, (ctx) => refProbs(model, ctx));
    const got = sample(model, vocab, prompt, 60, 7);
    assert.equal(typeof got, 'string', 'sample should return a string');
    assert.ok(got.startsWith(prompt), `sample should return the prompt followed by the new characters; got ${JSON.stringify(got)}`);
    assert.equal(got.length, prompt.length + 60, `sample(…, length 60) should add 60 characters to the ${prompt.length}-character prompt; got ${got.length - prompt.length}`);
    const greedy = refSample(model, vocab, prompt, 60, 7, (ctx) => {
      const p = refProbs(model, ctx);
      return p.map((_, i) => (i === p.indexOf(Math.max(...p)) ? 1 : 0));
    });
    if (got === greedy && got !== want) throw misconception('argmax instead of sampling', 'sample always picked the most likely character. Draw r = rand() and pick the first index whose running sum of probabilities exceeds r, so every character is chosen with its probability.', { expected: want, actual: got });
    assert.equal(sample(model, vocab, prompt, 60, 7), got, 'sample with the same seed gave a different text: use makeRandom(seed), never Math.random');
    assert.equal(got, want, 'sample(model, vocab, "the ", 60, seed 7) differs from the reference rule: r = makeRandom(seed)() once per character, then the first index i with p[0] + … + p[i] > r');
    assert.notEqual(sample(model, vocab, prompt, 60, 8), got, 'seeds 7 and 8 gave the same sample: is the seed used?');
    assert.equal(sample(model, vocab, prompt, 0, 7), prompt, 'sample with length 0 should return the prompt unchanged');
  });
});
