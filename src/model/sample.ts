// Generating text from a GPT, one token at a time: crop the context to the last blockSize tokens, take the
// logits at the last position, divide by the temperature, (keep the top k,) softmax and draw. Seeded, so the
// same call gives the same tokens. No key/value cache: every step runs the whole context again, which is
// simple and fast enough for a 256-token block.

import * as tf from '@tensorflow/tfjs';
import type { GPT } from './gpt';
import { seededRandom } from './train';

export interface SampleOptions {
  /** Keep only the k most likely tokens before drawing (nanoGPT's top_k). Off when undefined. */
  topK?: number;
}

/**
 * Appends `n` sampled tokens to `context` and returns only the new ones. temperature 1 samples from the model's
 * distribution, below 1 sharpens it, and 0 (or less) always takes the most likely token.
 *
 *   sample(gpt, [0], 5, 0.8, 42) -> e.g. [17, 3, 3, 40, 9]
 */
export function sample(model: GPT, context: readonly number[], n: number, temperature = 1, seed = 0, options: SampleOptions = {}): number[] {
  if (context.length === 0) throw new Error('sample needs at least one context token');
  const { blockSize } = model.config;
  const rand = seededRandom(seed);
  const tokens = context.slice();
  for (let i = 0; i < n; i++) {
    const window = tokens.slice(-blockSize);
    const probs = tf.tidy(() => {
      const ids = tf.tensor2d(window, [1, window.length], 'int32');
      const last = model.forward(ids).slice([0, window.length - 1, 0], [1, 1, -1]).reshape([-1]); // [V]
      if (temperature <= 0) return tf.oneHot(last.argMax(), last.shape[0]).toFloat();
      let scaled = last.div(temperature);
      if (options.topK !== undefined && options.topK < last.shape[0]) {
        const kth = tf.topk(scaled, options.topK).values.min(); // the k-th largest logit
        scaled = tf.where(scaled.less(kth), tf.fill(scaled.shape, -Infinity), scaled);
      }
      return tf.softmax(scaled);
    });
    const p = probs.dataSync();
    probs.dispose();
    tokens.push(drawIndex(p, rand()));
  }
  return tokens.slice(context.length);
}

/** The index i where the running sum of `p` first exceeds u (u in [0, 1)): inverse-CDF sampling. */
function drawIndex(p: ArrayLike<number>, u: number): number {
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i];
    if (u < acc) return i;
  }
  // Rounding left the sum just under 1: take the last token with any probability.
  for (let i = p.length - 1; i >= 0; i--) if (p[i] > 0) return i;
  return p.length - 1;
}
