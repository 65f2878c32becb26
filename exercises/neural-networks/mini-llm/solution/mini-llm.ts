// The chapter project: a character-level language model, built and trained from scratch — Bengio et al.'s
// neural probabilistic language model (2003), the same recipe as GPT minus the transformer.
//
//   previous k characters -> embeddings, concatenated -> tanh hidden layer -> logits -> softmax over the next char
//
// Everything is plain number[][] arithmetic with a hand-written backward pass over a whole mini-batch at once.
// (Your autograd Value would compute the same gradients one scalar node at a time — tens of thousands of nodes
// per example, far too slow for the ~50,000 examples this model learns from.) Deliberately left out: padding at
// the start of the text (the first k characters are context only), momentum and Adam (plain gradient descent
// with a step-down learning rate), regularization, and parallelism across CPU cores.
//
// Shapes, with B = batch size, k = contextSize, d = embedDim, H = hidden, V = vocabSize:
//   C [V, d]   W1 [H, k·d]   b1 [H]   W2 [V, H]   b2 [V]

export interface ModelConfig {
  vocabSize: number;
  contextSize: number;
  embedDim: number;
  hidden: number;
}

/** The trainable numbers. Gradients have the same shape, so the same type. */
export interface Params {
  /** [V, d]: row v is the embedding of character v. */
  C: number[][];
  /** [H, k·d]: row j holds hidden unit j's weights over the concatenated context embeddings. */
  W1: number[][];
  /** [H] */
  b1: number[];
  /** [V, H]: row v holds the weights of character v's logit. */
  W2: number[][];
  /** [V] */
  b2: number[];
}

export interface Model extends Params {
  config: ModelConfig;
}

export interface TrainOptions {
  contextSize: number;
  embedDim: number;
  hidden: number;
  steps: number;
  batchSize: number;
  /** Learning rate for the first 75% of the steps; the last 25% use a tenth of it. */
  lr: number;
  seed: number;
}

/** The defaults the chapter's tests train with (the test passes only `seed`). */
export const DEFAULTS: TrainOptions = { contextSize: 3, embedDim: 10, hidden: 48, steps: 1500, batchSize: 32, lr: 0.5, seed: 1 };

/** Provided: a seeded random number generator (mulberry32). makeRandom(1)() is always the same number in [0, 1). */
export function makeRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Provided: a rows × cols matrix, each entry drawn by f().   matrix(2, 3, () => 0) -> [[0, 0, 0], [0, 0, 0]] */
export function matrix(rows: number, cols: number, f: () => number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, f));
}

/** Provided: the dot product of two vectors of the same length.   dot([1, 2], [3, 4]) -> 11 */
export function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

// ---------------------------------------------------------------------------------------------------------
// Step 1. Characters <-> ids.

/**
 * The distinct characters of the text, sorted (JavaScript's default sort, by UTF-16 code unit).
 *
 *   buildVocab('hello') -> ['e', 'h', 'l', 'o']
 */
export function buildVocab(text: string): string[] {
  return [...new Set(text.split(''))].sort();
}

/**
 * Each character's index in the vocabulary; throws an Error for a character the vocabulary lacks.
 *
 *   encode('hole', ['e', 'h', 'l', 'o']) -> [1, 3, 2, 0]
 */
export function encode(text: string, vocab: string[]): number[] {
  const index = new Map(vocab.map((c, i) => [c, i]));
  return text.split('').map((c) => {
    const id = index.get(c);
    if (id === undefined) throw new Error(`encode: ${JSON.stringify(c)} is not in the vocabulary`);
    return id;
  });
}

/** decode([1, 3, 2, 0], ['e', 'h', 'l', 'o']) -> 'hole' */
export function decode(ids: number[], vocab: string[]): string {
  return ids.map((i) => vocab[i]).join('');
}

// ---------------------------------------------------------------------------------------------------------
// Step 2. A fresh model.

/**
 * Random embeddings and hidden weights, a zero output layer (so the first loss is exactly ln V: the model
 * starts out uniform). Drawn in this order: C row by row, uniform in [−1, 1); W1 row by row, uniform in
 * [−1, 1) / √(k·d); b1, W2 and b2 are 0.
 */
export function initModel(config: ModelConfig, seed: number): Model {
  const { vocabSize: V, contextSize: k, embedDim: d, hidden: H } = config;
  const rand = makeRandom(seed);
  const scale = 1 / Math.sqrt(k * d);
  return {
    config,
    C: matrix(V, d, () => rand() * 2 - 1),
    W1: matrix(H, k * d, () => (rand() * 2 - 1) * scale),
    b1: new Array<number>(H).fill(0),
    W2: matrix(V, H, () => 0),
    b2: new Array<number>(V).fill(0),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Step 3. The forward pass, for a batch of contexts.

interface Forward {
  /** [B, k·d]: the concatenated embeddings. */
  x: number[][];
  /** [B, H]: tanh of the hidden layer's pre-activations. */
  h: number[][];
  /** [B, V]: the logits, and their softmax. */
  logits: number[][];
  probs: number[][];
}

/** Stable softmax of one vector of logits (subtract the max), as in the softmax exercise. */
export function softmax(z: number[]): number[] {
  const m = maxOf(z);
  let sum = 0;
  const e = z.map((v) => {
    const ev = Math.exp(v - m);
    sum += ev;
    return ev;
  });
  return e.map((v) => v / sum);
}

/** ln Σ e^z, stably. An example's loss is logSumExp(logits) − logits[target], never −ln(p), which can be −ln 0. */
export function logSumExp(z: number[]): number {
  const m = maxOf(z);
  let sum = 0;
  for (const v of z) sum += Math.exp(v - m);
  return m + Math.log(sum);
}

function maxOf(z: number[]): number {
  let m = -Infinity;
  for (const v of z) if (v > m) m = v;
  return m;
}

/**
 * The forward pass for a batch of contexts (each contextSize ids), keeping what the backward pass needs:
 *   x = [C[ctx[0]], C[ctx[1]], …] concatenated     [B, k·d]
 *   h = tanh(x · W1ᵀ + b1)                          [B, H]
 *   logits = h · W2ᵀ + b2,  probs = softmax(logits)  [B, V]
 */
function forward(model: Model, contexts: number[][]): Forward {
  const { C, W1, b1, W2, b2 } = model;
  const { embedDim: d, hidden: H, vocabSize: V } = model.config;
  const x: number[][] = [];
  const h: number[][] = [];
  const logits: number[][] = [];
  const probs: number[][] = [];
  for (const ctx of contexts) {
    const xr: number[] = []; // [k·d]
    for (const id of ctx) for (let j = 0; j < d; j++) xr.push(C[id][j]);
    const hr: number[] = new Array<number>(H); // [H]
    for (let j = 0; j < H; j++) hr[j] = Math.tanh(dot(W1[j], xr) + b1[j]);
    const z: number[] = new Array<number>(V); // [V]
    for (let v = 0; v < V; v++) z[v] = dot(W2[v], hr) + b2[v];
    x.push(xr);
    h.push(hr);
    logits.push(z);
    probs.push(softmax(z));
  }
  return { x, h, logits, probs };
}

/**
 * The model's distribution over the next character after `context` (contextSize ids): V probabilities.
 *
 *   predict(initModel(cfg, 1), [0, 1, 2]) -> V equal numbers 1/V (the output layer starts at zero)
 */
export function predict(model: Model, context: number[]): number[] {
  return forward(model, [context]).probs[0];
}

// ---------------------------------------------------------------------------------------------------------
// Step 4. The loss and its gradient, by hand: the backward pass.

/**
 * Mean cross-entropy (natural log) of the targets given the contexts, and its gradient with respect to every
 * parameter, as arrays shaped like the parameters. The chain rule, from the loss back to the embeddings:
 *
 *   dlogits = (probs − onehot(target)) / B                     [B, V]   (softmax + cross-entropy, averaged)
 *   dW2 = dlogitsᵀ · h,   db2 = Σ_b dlogits,   dh = dlogits · W2          [V, H], [V], [B, H]
 *   dpre = dh ⊙ (1 − h²)                                        [B, H]   (tanh' = 1 − tanh²)
 *   dW1 = dpreᵀ · x,      db1 = Σ_b dpre,      dx = dpre · W1          [H, k·d], [H], [B, k·d]
 *   dC[ctx[b][i]] += dx[b][i·d … i·d + d − 1]                   (+=: a character can appear twice)
 */
export function lossAndGrads(model: Model, contexts: number[][], targets: number[]): { loss: number; grads: Params } {
  const { W1, W2 } = model;
  const { vocabSize: V, embedDim: d, hidden: H, contextSize: k } = model.config;
  const B = contexts.length;
  const { x, h, logits, probs } = forward(model, contexts);

  const grads: Params = {
    C: matrix(V, d, () => 0),
    W1: matrix(H, k * d, () => 0),
    b1: new Array<number>(H).fill(0),
    W2: matrix(V, H, () => 0),
    b2: new Array<number>(V).fill(0),
  };
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const p = probs[b];
    loss += logSumExp(logits[b]) - logits[b][targets[b]]; // −ln p[target], in log space
    // dlogits for this example
    const dl = p.map((pv, v) => (pv - (v === targets[b] ? 1 : 0)) / B); // [V]
    const hb = h[b];
    const dh = new Array<number>(H).fill(0); // [H]
    for (let v = 0; v < V; v++) {
      const g = dl[v];
      if (g === 0) continue;
      grads.b2[v] += g;
      const gW2 = grads.W2[v];
      const w2 = W2[v];
      for (let j = 0; j < H; j++) {
        gW2[j] += g * hb[j];
        dh[j] += g * w2[j];
      }
    }
    const xb = x[b];
    const dx = new Array<number>(k * d).fill(0); // [k·d]
    for (let j = 0; j < H; j++) {
      const dpre = dh[j] * (1 - hb[j] * hb[j]);
      grads.b1[j] += dpre;
      const gW1 = grads.W1[j];
      const w1 = W1[j];
      for (let i = 0; i < k * d; i++) {
        gW1[i] += dpre * xb[i];
        dx[i] += dpre * w1[i];
      }
    }
    for (let i = 0; i < k; i++) {
      const gC = grads.C[contexts[b][i]];
      for (let j = 0; j < d; j++) gC[j] += dx[i * d + j];
    }
  }
  return { loss: loss / B, grads };
}

// ---------------------------------------------------------------------------------------------------------
// Step 5. Training: mini-batch gradient descent.

/** p −= lr · g, for every entry of a vector or a matrix. */
function update(p: number[] | number[][], g: number[] | number[][], lr: number): void {
  for (let i = 0; i < p.length; i++) {
    const pi = p[i];
    const gi = g[i];
    if (Array.isArray(pi)) update(pi, gi as number[], lr);
    else (p as number[])[i] = pi - lr * (gi as number);
  }
}

/**
 * Trains a new model on a text's ids, with DEFAULTS for every option not given. The model is
 * initModel(config, seed); then each step draws batchSize random positions t (contextSize ≤ t < ids.length) from
 * a second generator, makeRandom(seed + 1), takes ids[t − k … t − 1] as a context and ids[t] as its target,
 * calls lossAndGrads and moves every parameter by −lr · gradient (lr for the first 75% of the steps, lr / 10
 * after). Returns the model and the batch loss of every step — the loss curve the tests draw.
 *
 *   train(ids, vocab.length, { seed: 1 }).losses -> 1500 numbers falling from ln V ≈ 4.3 to about 2.2
 */
export function train(ids: number[], vocabSize: number, options: Partial<TrainOptions> = {}): { model: Model; losses: number[] } {
  const o = { ...DEFAULTS, ...options };
  const k = o.contextSize;
  const model = initModel({ vocabSize, contextSize: k, embedDim: o.embedDim, hidden: o.hidden }, o.seed);
  const rand = makeRandom(o.seed + 1);
  const losses: number[] = [];
  for (let step = 0; step < o.steps; step++) {
    const contexts: number[][] = [];
    const targets: number[] = [];
    for (let b = 0; b < o.batchSize; b++) {
      const t = k + Math.floor(rand() * (ids.length - k));
      contexts.push(ids.slice(t - k, t));
      targets.push(ids[t]);
    }
    const { loss, grads } = lossAndGrads(model, contexts, targets);
    losses.push(loss);
    const lr = step < 0.75 * o.steps ? o.lr : o.lr / 10;
    for (const name of ['C', 'W1', 'b1', 'W2', 'b2'] as const) update(model[name], grads[name], lr);
  }
  return { model, losses };
}

// ---------------------------------------------------------------------------------------------------------
// Step 6. Sampling: let the model write.

/**
 * Continues `prompt` (at least contextSize characters of the vocabulary) by `length` characters and returns the
 * prompt followed by them. Each new character: p = predict(model, the last contextSize ids), r = rand() from
 * makeRandom(seed) (one draw per character), and the first index i with p[0] + … + p[i] > r (the last index if
 * rounding leaves none).
 *
 *   sample(model, vocab, 'It is a truth', 40, 1) -> 'It is a truth' + 40 characters, the same every time
 */
export function sample(model: Model, vocab: string[], prompt: string, length: number, seed: number): string {
  const k = model.config.contextSize;
  const ids = encode(prompt, vocab);
  if (ids.length < k) throw new Error(`sample: the prompt needs at least ${k} characters, got ${ids.length}`);
  const rand = makeRandom(seed);
  for (let n = 0; n < length; n++) {
    const p = predict(model, ids.slice(ids.length - k));
    const r = rand();
    let i = 0;
    let cum = p[0];
    while (cum <= r && i < p.length - 1) cum += p[++i];
    ids.push(i);
  }
  return decode(ids, vocab);
}
