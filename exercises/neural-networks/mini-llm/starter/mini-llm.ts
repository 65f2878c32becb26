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
  throw new Error(`TODO: step 1 — buildVocab of ${text.length} characters: the distinct characters, sorted`);
}

/**
 * Each character's index in the vocabulary; throws an Error for a character the vocabulary lacks.
 *
 *   encode('hole', ['e', 'h', 'l', 'o']) -> [1, 3, 2, 0]
 */
export function encode(text: string, vocab: string[]): number[] {
  throw new Error(`TODO: step 1 — encode ${text.length} characters with a vocabulary of ${vocab.length}: each character's index; throw on an unknown one`);
}

/** decode([1, 3, 2, 0], ['e', 'h', 'l', 'o']) -> 'hole' */
export function decode(ids: number[], vocab: string[]): string {
  throw new Error(`TODO: step 1 — decode ${ids.length} ids with a vocabulary of ${vocab.length}`);
}

// ---------------------------------------------------------------------------------------------------------
// Step 2. A fresh model.

/**
 * Random embeddings and hidden weights, a zero output layer (so the first loss is exactly ln V: the model
 * starts out uniform). Drawn in this order: C row by row, uniform in [−1, 1); W1 row by row, uniform in
 * [−1, 1) / √(k·d); b1, W2 and b2 are 0.
 */
export function initModel(config: ModelConfig, seed: number): Model {
  throw new Error(`TODO: step 2 — initModel(${JSON.stringify(config)}, seed ${seed}): C, W1 random from makeRandom(seed); b1, W2, b2 zero`);
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
  throw new Error(`TODO: step 3 — softmax of ${z.length} logits (copy yours from the softmax exercise)`);
}

/** ln Σ e^z, stably. An example's loss is logSumExp(logits) − logits[target], never −ln(p), which can be −ln 0. */
export function logSumExp(z: number[]): number {
  throw new Error(`TODO: step 3 — logSumExp of ${z.length} logits (copy yours from the softmax exercise)`);
}

/**
 * The forward pass for a batch of contexts (each contextSize ids), keeping what the backward pass needs:
 *   x = [C[ctx[0]], C[ctx[1]], …] concatenated     [B, k·d]
 *   h = tanh(x · W1ᵀ + b1)                          [B, H]
 *   logits = h · W2ᵀ + b2,  probs = softmax(logits)  [B, V]
 */
function forward(model: Model, contexts: number[][]): Forward {
  throw new Error(`TODO: step 3 — forward for ${contexts.length} contexts on a model with ${model.config.hidden} hidden units: x, h, logits, probs`);
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
  throw new Error(`TODO: step 4 — lossAndGrads for ${contexts.length} contexts and ${targets.length} targets: forward, mean loss, then the backward pass (model: ${model.config.vocabSize} characters)`);
}

// ---------------------------------------------------------------------------------------------------------
// Step 5. Training: mini-batch gradient descent.

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
  throw new Error(`TODO: step 5 — train on ${ids.length} ids (${vocabSize} characters), options ${JSON.stringify({ ...DEFAULTS, ...options })}`);
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
  throw new Error(`TODO: step 6 — sample ${length} characters after ${JSON.stringify(prompt)} with seed ${seed} (vocabulary of ${vocab.length}, model of ${model.config.contextSize} context characters)`);
}
