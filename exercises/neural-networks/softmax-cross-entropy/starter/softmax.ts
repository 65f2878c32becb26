// Softmax, cross-entropy and the gradient of one through the other: the last three lines of every language
// model, from a bigram counter to GPT. softmax turns raw scores (logits) into probabilities, crossEntropy says
// how surprised the model was by the true next token (in nats: natural log), and crossEntropyGrad is the
// famous "probabilities minus one-hot" that backpropagation starts from.
// Deliberately left out: batches (one vector of logits at a time) and temperature (chapter 2 samples with it).
// The lesson of this file is numerical: logits of ±10,000 must not turn into NaN or Infinity.

/**
 * Step 1. softmax(z)_i = e^(z_i) / Σ_j e^(z_j), computed stably: subtract the largest logit first.
 * Adding the same constant to every logit does not change the result, and after the shift the largest
 * exponent is e^0 = 1, so nothing can overflow.
 *
 *   softmax([2, 1, 0])           -> [0.6652409557748218, 0.24472847105479764, 0.09003057317038046]
 *   softmax([1000, 999, 998])    -> the same numbers (the naive formula gives Infinity / Infinity = NaN)
 *   softmax([-1e4, -1e4])        -> [0.5, 0.5]  (the naive formula gives 0 / 0 = NaN)
 */
export function softmax(logits: number[]): number[] {
  throw new Error(`TODO: step 1 — softmax of ${logits.length} logits: subtract the max, exponentiate, divide by the sum`);
}

/**
 * Step 2. log Σ_j e^(z_j), the "log-sum-exp", computed as m + log Σ_j e^(z_j − m) with m = max z.
 *
 *   logSumExp([2, 1, 0])      -> 2.4076059644443806
 *   logSumExp([1e4, -1e4, 0]) -> 10000   (never Infinity)
 */
export function logSumExp(logits: number[]): number {
  throw new Error(`TODO: step 2 — logSumExp of ${logits.length} logits, shifted by their max so nothing overflows`);
}

/**
 * Step 3. The cross-entropy loss of the logits against the index of the true class, in nats:
 *   L = −ln softmax(z)_target = logSumExp(z) − z_target.
 * Working in log space avoids ever taking ln(0): softmax([1e4, -1e4])[1] underflows to 0, yet the loss,
 * 2e4, is a perfectly ordinary number.
 *
 *   crossEntropy([2, 1, 0], 0)      -> 0.4076059644443806
 *   crossEntropy([0, 0, 0], 2)      -> ln 3 ≈ 1.0986122886681098  (uniform: the loss is ln V)
 *   crossEntropy([1e4, -1e4, 0], 1) -> 20000
 */
export function crossEntropy(logits: number[], target: number): number {
  throw new Error(`TODO: step 3 — crossEntropy of ${logits.length} logits, target ${target}: logSumExp(logits) − logits[${target}]`);
}

/**
 * Step 4. The gradient of crossEntropy with respect to each logit:
 *   ∂L/∂z_i = softmax(z)_i − [i = target]   (the probabilities minus the one-hot target).
 * Its entries sum to 0: the target's logit is pushed up, every other logit down.
 *
 *   crossEntropyGrad([2, 1, 0], 0) -> [-0.3347590442251782, 0.24472847105479764, 0.09003057317038046]
 */
export function crossEntropyGrad(logits: number[], target: number): number[] {
  throw new Error(`TODO: step 4 — crossEntropyGrad of ${logits.length} logits, target ${target}: softmax(logits) minus the one-hot vector of ${target}`);
}
