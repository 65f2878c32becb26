// Mini-GPT: a GPT-2-style language model assembled from your chapter 5 pieces. Token ids [B, T] become
//   x = wte[ids] + wpe[0..T)                                   token + learned position embeddings
//   L × block:  x = x + attn(LN₁(x));  x = x + mlp(LN₂(x))      pre-LayerNorm blocks
//   logits = LN_f(x) · wteᵀ                                     final LayerNorm, LM head tied to wte
// and the logits at position t see only tokens 0..t (the causal mask inside attention).
//
// Deliberately left out: dropout, the training loop (the hidden tests and the trainer bring their own) and
// generation. Linear weights are stored [in, out], so a Linear layer is x · w + b.

import * as tf from '@tensorflow/tfjs';
import { scaledDotProductAttention } from '../../transformer/attention/attention';
import { causalMask } from '../../transformer/causal-mask/mask';
import { layerNorm } from '../../transformer/layer-norm/layer-norm';

export interface GPTConfig {
  vocabSize: number; // V
  blockSize: number; // T_max, the longest context
  nLayer: number; // L
  nHead: number; // heads per block, divides nEmbd
  nEmbd: number; // C
}

export interface LinearParams {
  weight: tf.Variable; // [in, out]
  bias: tf.Variable; // [out]
}

export interface LayerNormParams {
  weight: tf.Variable; // [C], the scale gamma
  bias: tf.Variable; // [C], the shift beta
}

export interface BlockParams {
  ln1: LayerNormParams;
  attn: LinearParams; // fused q, k, v: C -> 3C
  proj: LinearParams; // attention output: C -> C
  ln2: LayerNormParams;
  fc: LinearParams; // MLP up: C -> 4C
  fcProj: LinearParams; // MLP down: 4C -> C
}

export interface MiniGPTParams {
  wte: tf.Variable; // [V, C] token embedding, reused as the LM head
  wpe: tf.Variable; // [T_max, C] position embedding
  blocks: BlockParams[];
  lnF: LayerNormParams;
}

/**
 * Step 1. The number of parameters, from the config alone.
 * One block: LN₁ 2C + qkv (3C² + 3C) + proj (C² + C) + LN₂ 2C + MLP (4C² + 4C) + (4C² + C) = 12C² + 13C.
 * Whole model: V·C + T_max·C + L·(12C² + 13C) + 2C (final LN). The tied LM head adds nothing.
 *
 *   countParameters({ vocabSize: 4096, blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384 }) -> 12,318,720
 */
export function countParameters(c: GPTConfig): number {
  const C = c.nEmbd;
  const perBlock = 2 * C + (3 * C * C + 3 * C) + (C * C + C) + 2 * C + (4 * C * C + 4 * C) + (4 * C * C + C);
  return c.vocabSize * C + c.blockSize * C + c.nLayer * perBlock + 2 * C;
}

// ---- Given: small helpers built on your chapter 5 functions --------------------------------------------------

/** A Linear layer on the last axis: [..., in] · [in, out] + [out] -> [..., out]. */
export function linear(x: tf.Tensor, p: LinearParams): tf.Tensor {
  const [nIn, nOut] = p.weight.shape;
  const y = tf.matMul(x.reshape([-1, nIn]), p.weight as tf.Tensor2D).add(p.bias); // [N, out]
  return y.reshape([...x.shape.slice(0, -1), nOut]);
}

/** GELU, the tanh approximation GPT-2 uses: 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))). */
export function gelu(x: tf.Tensor): tf.Tensor {
  const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
  return x.mul(0.5).mul(inner.tanh().add(1));
}

/** Your chapter 5 layerNorm with a parameter pair: [..., C] -> [..., C]. */
export function norm(x: tf.Tensor, p: LayerNormParams): tf.Tensor {
  return layerNorm(x, p.weight as tf.Tensor1D, p.bias as tf.Tensor1D);
}

/** Your chapter 5 attention under your causal mask: q, k, v [B, nh, T, hs] -> [B, nh, T, hs]. */
export function causalAttention(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const T = q.shape[q.shape.length - 2];
  return scaledDotProductAttention(q, k, v, causalMask(T)).output;
}

// ---- Your model -----------------------------------------------------------------------------------------------

/**
 * Step 2. Create every parameter as a tf.Variable: weights ~ N(0, 0.02²), biases 0, LayerNorm weights 1 and
 * biases 0. `seed` makes the initialization reproducible (tf.randomNormal takes a seed). tf.variable(t) keeps
 * its own copy of t, so dispose t afterwards (or the memory test finds it).
 *
 *   { vocabSize: 17, blockSize: 7, nLayer: 2, nHead: 2, nEmbd: 12 } ->
 *     wte [17, 12], wpe [7, 12], 2 blocks of { ln1 [12]+[12], attn [12, 36]+[36], proj [12, 12]+[12],
 *     ln2 [12]+[12], fc [12, 48]+[48], fcProj [48, 12]+[12] }, lnF [12]+[12]
 */
export function initParameters(c: GPTConfig, seed = 0): MiniGPTParams {
  const C = c.nEmbd;
  let nextSeed = seed;
  const variable = (t: tf.Tensor) => {
    const v = tf.variable(t);
    t.dispose(); // tf.variable keeps its own copy
    return v;
  };
  const normal = (shape: number[]) => variable(tf.randomNormal(shape, 0, 0.02, 'float32', nextSeed++));
  const lin = (nIn: number, nOut: number): LinearParams => ({ weight: normal([nIn, nOut]), bias: variable(tf.zeros([nOut])) });
  const ln = (): LayerNormParams => ({ weight: variable(tf.ones([C])), bias: variable(tf.zeros([C])) });
  const blocks: BlockParams[] = [];
  for (let l = 0; l < c.nLayer; l++) {
    blocks.push({ ln1: ln(), attn: lin(C, 3 * C), proj: lin(C, C), ln2: ln(), fc: lin(C, 4 * C), fcProj: lin(4 * C, C) });
  }
  return { wte: normal([c.vocabSize, C]), wpe: normal([c.blockSize, C]), blocks, lnF: ln() };
}

/**
 * Step 3. Causal multi-head self-attention, [B, T, C] -> [B, T, C]: one Linear makes q, k and v at once
 * ([B, T, 3C], split in that order), each is cut into nHead heads of C/nHead contiguous channels
 * ([B, nh, T, hs]), attention runs per head, the heads are put side by side again and projected.
 *
 *   x [2, 5, 12], nHead 2:  qkv [2, 5, 36] -> q, k, v [2, 5, 12] -> heads [2, 2, 5, 6]
 *                          -> causalAttention [2, 2, 5, 6] -> merged [2, 5, 12] -> proj [2, 5, 12]
 */
export function selfAttention(x: tf.Tensor, p: BlockParams, nHead: number): tf.Tensor {
  const [B, T, C] = x.shape;
  const hs = C / nHead;
  const qkv = linear(x, p.attn); // [B, T, 3C]
  const [q, k, v] = tf.split(qkv, 3, -1).map((t) => t.reshape([B, T, nHead, hs]).transpose([0, 2, 1, 3])); // 3 × [B, nh, T, hs]
  const y = causalAttention(q, k, v); // [B, nh, T, hs]
  const merged = y.transpose([0, 2, 1, 3]).reshape([B, T, C]); // [B, T, C]
  return linear(merged, p.proj); // [B, T, C]
}

/**
 * Step 4. One pre-LayerNorm block: normalize, transform, add back to the residual stream.
 *   x = x + selfAttention(LN₁(x));  x = x + mlp(LN₂(x)),  mlp(h) = fcProj(gelu(fc(h)))
 */
export function block(x: tf.Tensor, p: BlockParams, nHead: number): tf.Tensor {
  const a = x.add(selfAttention(norm(x, p.ln1), p, nHead)); // [B, T, C]
  const h = gelu(linear(norm(a, p.ln2), p.fc)); // [B, T, 4C]
  return a.add(linear(h, p.fcProj)); // [B, T, C]
}

/**
 * Step 5. The whole forward pass, ids [B, T] (int32, T ≤ blockSize) -> logits [B, T, V]: embeddings plus
 * positions, every block, the final LayerNorm, and the tied head x · wteᵀ. Throws when T > blockSize.
 *
 *   ids [[1, 2, 3]] with vocabSize 17, nEmbd 12:  wte rows [1, 3, 12] + wpe rows [3, 12] -> blocks [1, 3, 12]
 *                                                -> lnF [1, 3, 12] -> · wteᵀ [12, 17] -> logits [1, 3, 17]
 */
export function gptForward(params: MiniGPTParams, c: GPTConfig, ids: tf.Tensor2D): tf.Tensor3D {
  const [B, T] = ids.shape;
  if (T > c.blockSize) throw new Error(`sequence length ${T} is longer than blockSize ${c.blockSize}`);
  const C = c.nEmbd;
  const tok = tf.gather(params.wte, ids.toInt()); // [B, T, C]
  const pos = params.wpe.slice([0, 0], [T, C]); // [T, C], broadcast over the batch
  let x: tf.Tensor = tok.add(pos); // [B, T, C]
  for (const p of params.blocks) x = block(x, p, c.nHead); // [B, T, C]
  x = norm(x, params.lnF); // [B, T, C]
  const logits = tf.matMul(x.reshape([B * T, C]), params.wte as tf.Tensor2D, false, true); // [B·T, V]
  return logits.reshape([B, T, c.vocabSize]);
}

/**
 * Step 6. The model object: forward inside tf.tidy (so no intermediate tensor survives), every variable in
 * parameters(), and dispose() that frees them.
 */
export function createMiniGPT(c: GPTConfig, seed = 0): { forward(ids: tf.Tensor2D): tf.Tensor3D; parameters(): tf.Variable[]; dispose(): void } {
  if (c.nEmbd % c.nHead !== 0) throw new Error(`nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
  const params = initParameters(c, seed);
  const all: tf.Variable[] = [params.wte, params.wpe];
  for (const b of params.blocks) {
    for (const part of [b.ln1, b.attn, b.proj, b.ln2, b.fc, b.fcProj]) all.push(part.weight, part.bias);
  }
  all.push(params.lnF.weight, params.lnF.bias);
  return {
    forward: (ids) => tf.tidy(() => gptForward(params, c, ids)),
    parameters: () => all.slice(),
    dispose: () => all.forEach((v) => v.dispose()),
  };
}
