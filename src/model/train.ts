// Training a GPT on a stream of token ids, nanoGPT's train.py in miniature: random windows as batches,
// cross-entropy on next-token prediction, AdamW with decoupled weight decay, optional gradient clipping and a
// learning-rate schedule left to the caller (set `optimizer.learningRate` before each step).
//
// Deliberately left out: gradient accumulation, evaluation splits and checkpoints (the trainer webview does
// those), and mixed precision.

import * as tf from '@tensorflow/tfjs';
import type { GPT } from './gpt';
import { toVariable } from './gpt';
import { seededRandom } from '../util/random';

export { seededRandom };

/**
 * A batch of `batchSize` random windows of `blockSize + 1` tokens: x is each window without its last token, y
 * without its first (the next token at every position). Both int32 [B, T]; the caller disposes them.
 *
 *   tokens = [5, 6, 7, 8, 9], blockSize 3, a window starting at 1 -> x = [[6, 7, 8]], y = [[7, 8, 9]]
 */
export function getBatch(tokens: ArrayLike<number>, blockSize: number, batchSize: number, rand: () => number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  if (tokens.length < blockSize + 1) throw new Error(`Need at least blockSize + 1 = ${blockSize + 1} tokens, got ${tokens.length}`);
  const xs = new Int32Array(batchSize * blockSize);
  const ys = new Int32Array(batchSize * blockSize);
  for (let b = 0; b < batchSize; b++) {
    const start = Math.floor(rand() * (tokens.length - blockSize));
    for (let t = 0; t < blockSize; t++) {
      xs[b * blockSize + t] = tokens[start + t];
      ys[b * blockSize + t] = tokens[start + t + 1];
    }
  }
  return { x: tf.tensor2d(xs, [batchSize, blockSize], 'int32'), y: tf.tensor2d(ys, [batchSize, blockSize], 'int32') };
}

/**
 * Mean cross-entropy (natural log) of logits [B, T, V] against target ids [B, T]: the average over all B·T
 * positions of −log softmax(logits)[target]. At initialization it should be close to ln V.
 */
export function crossEntropy(logits: tf.Tensor3D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const V = logits.shape[2];
    const logProbs = tf.logSoftmax(logits.reshape([-1, V])); // [B·T, V]
    const picked = logProbs.mul(tf.oneHot(targets.reshape([-1]).toInt(), V)).sum(-1); // [B·T]
    return picked.mean().neg() as tf.Scalar;
  });
}

export interface AdamWOptions {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  /** Decoupled weight decay (AdamW), applied to matrices only — not to biases, LayerNorm weights or 1-D vectors. */
  weightDecay?: number;
}

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter), written out so it can be read:
 *   m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  p ← p − lr · (m̂ / (√v̂ + ε) + wd · p)
 * where m̂, v̂ are the bias-corrected moments. `learningRate` may be changed between steps (schedules).
 */
export class AdamW {
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  private step = 0;
  private readonly moments = new Map<tf.Variable, { m: tf.Variable; v: tf.Variable }>();

  constructor(options: AdamWOptions = {}) {
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.95;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
  }

  /** Updates each variable from its gradient (same order as `params`). Does not dispose the gradients. */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    this.step++;
    const { beta1: b1, beta2: b2, eps, learningRate: lr } = this;
    const c1 = 1 - b1 ** this.step;
    const c2 = 1 - b2 ** this.step;
    params.forEach((p, i) => {
      let state = this.moments.get(p);
      if (!state) {
        state = { m: toVariable(tf.zerosLike(p), false), v: toVariable(tf.zerosLike(p), false) };
        this.moments.set(p, state);
      }
      const { m, v } = state;
      tf.tidy(() => {
        const g = grads[i];
        m.assign(m.mul(b1).add(g.mul(1 - b1)));
        v.assign(v.mul(b2).add(g.square().mul(1 - b2)));
        let update = m.div(c1).div(v.div(c2).sqrt().add(eps));
        if (this.weightDecay > 0 && p.rank >= 2) update = update.add(p.mul(this.weightDecay));
        p.assign(p.sub(update.mul(lr)));
      });
    });
  }

  dispose(): void {
    for (const { m, v } of this.moments.values()) {
      m.dispose();
      v.dispose();
    }
    this.moments.clear();
  }
}

/** Scales the gradients down so their global L2 norm is at most `maxNorm`; returns the norm before clipping. */
export function clipGradNorm(grads: tf.Tensor[], maxNorm: number): { grads: tf.Tensor[]; norm: number } {
  const norm = tf.tidy(() => tf.addN(grads.map((g) => g.square().sum())).sqrt().dataSync()[0]);
  if (norm <= maxNorm || !Number.isFinite(norm)) return { grads, norm };
  const scale = maxNorm / (norm + 1e-6);
  const clipped = grads.map((g) => g.mul(scale));
  grads.forEach((g) => g.dispose());
  return { grads: clipped, norm };
}

export interface StepOptions {
  /** Clip the global gradient norm to this value (nanoGPT uses 1.0). Off when undefined. */
  gradClip?: number;
}

/**
 * One optimization step on a batch: forward, loss, backward, (clip,) AdamW update. Returns the loss before the
 * update. Leaves no tensors behind besides the optimizer's moments.
 */
export function trainStep(model: GPT, optimizer: AdamW, x: tf.Tensor2D, y: tf.Tensor2D, options: StepOptions = {}): number {
  const params = model.parameters();
  const { value, grads } = tf.variableGrads(() => crossEntropy(model.forward(x), y), params);
  const loss = value.dataSync()[0];
  value.dispose();
  let gs = params.map((p) => grads[p.name]);
  if (options.gradClip !== undefined) gs = clipGradNorm(gs, options.gradClip).grads;
  optimizer.apply(params, gs);
  gs.forEach((g) => g.dispose());
  return loss;
}

export interface TrainOptions extends AdamWOptions, StepOptions {
  steps: number;
  batchSize: number;
  /** Seeds the batch sampler. */
  seed?: number;
  /** Called after every step, e.g. to plot the loss or to change `optimizer.learningRate`. */
  onStep?: (step: number, loss: number, optimizer: AdamW) => void;
}

/**
 * Trains `model` on `tokens` for `steps` steps of random batches; returns the loss of every step.
 *
 *   const losses = train(gpt, tokens, { steps: 100, batchSize: 16, learningRate: 3e-3 });
 */
export function train(model: GPT, tokens: ArrayLike<number>, options: TrainOptions): number[] {
  const optimizer = new AdamW(options);
  const rand = seededRandom(options.seed ?? 0);
  const losses: number[] = [];
  try {
    for (let step = 0; step < options.steps; step++) {
      const { x, y } = getBatch(tokens, model.config.blockSize, options.batchSize, rand);
      try {
        losses.push(trainStep(model, optimizer, x, y, options));
      } finally {
        x.dispose();
        y.dispose();
      }
      options.onStep?.(step, losses[step], optimizer);
    }
  } finally {
    optimizer.dispose();
  }
  return losses;
}
