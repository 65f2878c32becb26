// A GPT in TF.js, the reference for the capstone: GPT-2 / nanoGPT with biases. Token ids [B, T] go through
//   token embedding + learned position embedding
//   L × block:  x = x + attn(LN₁(x));  x = x + mlp(LN₂(x))        (pre-LayerNorm)
//   final LayerNorm, then the LM head: logits = x · wteᵀ          (tied to the token embedding)
// to logits [B, T, V]. Attention is causal: the logits at position t see only tokens 0..t.
//
// Deliberately left out: dropout, key/value caching for generation, mixed precision and the fused kernels of
// the real thing. Weights are float32 tf.Variables; linear weights are stored [in, out] (x · w), not PyTorch's
// [out, in]. The attention visualizer reads the per-head weights through forwardWithAttention().

import * as tf from '@tensorflow/tfjs';
import type { GPTConfig } from './config';
import { validateConfig } from './config';
import { causalMask, gelu, layerNorm, linear, scaledDotProductAttention } from './layers';

/** One block's parameters, named as in nanoGPT (ln_1, attn.c_attn, attn.c_proj, ln_2, mlp.c_fc, mlp.c_proj). */
interface BlockParams {
  ln1: { weight: tf.Variable<tf.Rank.R1>; bias: tf.Variable<tf.Rank.R1> };
  attn: { weight: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> }; // C -> 3C (q, k, v)
  proj: { weight: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> }; // C -> C
  ln2: { weight: tf.Variable<tf.Rank.R1>; bias: tf.Variable<tf.Rank.R1> };
  fc: { weight: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> }; // C -> 4C
  fcProj: { weight: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> }; // 4C -> C
}

export interface GPT {
  readonly config: GPTConfig;
  /** int32 token ids [B, T] with 1 ≤ T ≤ blockSize -> logits [B, T, vocabSize]. Leaves no intermediate tensors. */
  forward(ids: tf.Tensor2D): tf.Tensor3D;
  /** Like forward, and also each layer's attention weights [B, nHead, T, T] (for the attention visualizer). */
  forwardWithAttention(ids: tf.Tensor2D): { logits: tf.Tensor3D; attention: tf.Tensor4D[] };
  /** Every trainable variable, in a fixed order: wte, wpe, then each block, then the final LayerNorm. */
  parameters(): tf.Variable[];
  /** The same variables with nanoGPT-style names (`h.0.attn.c_attn.weight`), for checkpoints. */
  namedParameters(): Array<[string, tf.Variable]>;
  /** Frees every variable. The model cannot be used afterwards. */
  dispose(): void;
}

/**
 * Builds a GPT with nanoGPT's initialization, reproducible from `seed`: weights N(0, 0.02²), the two residual
 * projections (attn.c_proj, mlp.c_proj) N(0, (0.02/√(2L))²) so the residual stream does not grow with depth,
 * biases 0, LayerNorm weights 1.
 *
 *   const gpt = createGPT({ vocabSize: 65, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 32 }, 42);
 *   gpt.forward(tf.tensor2d([[1, 2, 3]], undefined, 'int32')).shape -> [1, 3, 65]
 */
export function createGPT(config: GPTConfig, seed = 1337): GPT {
  validateConfig(config);
  const { vocabSize: V, blockSize, nLayer, nHead, nEmbd: C } = config;
  let nextSeed = seed;
  const normal = (shape: number[], std: number) => toVariable(tf.randomNormal(shape, 0, std, 'float32', nextSeed++));
  const zeros = (n: number) => toVariable(tf.zeros([n]) as tf.Tensor1D);
  const ones = (n: number) => toVariable(tf.ones([n]) as tf.Tensor1D);
  const residualStd = 0.02 / Math.sqrt(2 * nLayer);

  const wte = normal([V, C], 0.02) as tf.Variable<tf.Rank.R2>; // token embedding, also the LM head
  const wpe = normal([blockSize, C], 0.02) as tf.Variable<tf.Rank.R2>; // position embedding
  const blocks: BlockParams[] = [];
  for (let l = 0; l < nLayer; l++) {
    blocks.push({
      ln1: { weight: ones(C), bias: zeros(C) },
      attn: { weight: normal([C, 3 * C], 0.02) as tf.Variable<tf.Rank.R2>, bias: zeros(3 * C) },
      proj: { weight: normal([C, C], residualStd) as tf.Variable<tf.Rank.R2>, bias: zeros(C) },
      ln2: { weight: ones(C), bias: zeros(C) },
      fc: { weight: normal([C, 4 * C], 0.02) as tf.Variable<tf.Rank.R2>, bias: zeros(4 * C) },
      fcProj: { weight: normal([4 * C, C], residualStd) as tf.Variable<tf.Rank.R2>, bias: zeros(C) },
    });
  }
  const lnF = { weight: ones(C), bias: zeros(C) };

  const named: Array<[string, tf.Variable]> = [['wte.weight', wte], ['wpe.weight', wpe]];
  blocks.forEach((b, l) => {
    const p = `h.${l}.`;
    named.push(
      [`${p}ln_1.weight`, b.ln1.weight], [`${p}ln_1.bias`, b.ln1.bias],
      [`${p}attn.c_attn.weight`, b.attn.weight], [`${p}attn.c_attn.bias`, b.attn.bias],
      [`${p}attn.c_proj.weight`, b.proj.weight], [`${p}attn.c_proj.bias`, b.proj.bias],
      [`${p}ln_2.weight`, b.ln2.weight], [`${p}ln_2.bias`, b.ln2.bias],
      [`${p}mlp.c_fc.weight`, b.fc.weight], [`${p}mlp.c_fc.bias`, b.fc.bias],
      [`${p}mlp.c_proj.weight`, b.fcProj.weight], [`${p}mlp.c_proj.bias`, b.fcProj.bias],
    );
  });
  named.push(['ln_f.weight', lnF.weight], ['ln_f.bias', lnF.bias]);
  let disposed = false;

  /** Causal multi-head self-attention: [B, T, C] -> [B, T, C], and the weights [B, nHead, T, T]. */
  function selfAttention(x: tf.Tensor, b: BlockParams, mask: tf.Tensor2D): { y: tf.Tensor; weights: tf.Tensor } {
    const [B, T] = x.shape;
    const hs = C / nHead;
    const qkv = linear(x, b.attn.weight, b.attn.bias); // [B, T, 3C]
    const [q, k, v] = tf.split(qkv, 3, -1).map((t) => t.reshape([B, T, nHead, hs]).transpose([0, 2, 1, 3])); // 3 × [B, nh, T, hs]
    const { output, weights } = scaledDotProductAttention(q, k, v, mask); // [B, nh, T, hs], [B, nh, T, T]
    const merged = output.transpose([0, 2, 1, 3]).reshape([B, T, C]); // heads side by side again: [B, T, C]
    return { y: linear(merged, b.proj.weight, b.proj.bias), weights };
  }

  /** The position-wise MLP: [B, T, C] -> [B, T, 4C] -> GELU -> [B, T, C]. */
  function mlp(x: tf.Tensor, b: BlockParams): tf.Tensor {
    return linear(gelu(linear(x, b.fc.weight, b.fc.bias)), b.fcProj.weight, b.fcProj.bias);
  }

  function run(ids: tf.Tensor2D, keepAttention: boolean): { logits: tf.Tensor3D; attention: tf.Tensor4D[] } {
    if (disposed) throw new Error('This GPT was disposed.');
    if (ids.rank !== 2) throw new Error(`forward expects token ids [B, T], got shape [${ids.shape.join(', ')}]`);
    const [B, T] = ids.shape;
    if (T < 1 || T > blockSize) throw new Error(`Cannot forward a sequence of length ${T}: blockSize is only ${blockSize}`);
    const attentionMaps: tf.Tensor4D[] = [];
    const logits = tf.tidy(() => {
      const tok = tf.gather(wte, ids.toInt()); // [B, T, C]
      const pos = wpe.slice([0, 0], [T, C]); // [T, C], broadcast over the batch
      let x: tf.Tensor = tok.add(pos); // [B, T, C]
      const mask = causalMask(T); // [T, T]
      for (const b of blocks) {
        const a = selfAttention(layerNorm(x, b.ln1.weight, b.ln1.bias), b, mask);
        if (keepAttention) attentionMaps.push(tf.keep(a.weights as tf.Tensor4D));
        x = x.add(a.y); // [B, T, C]
        x = x.add(mlp(layerNorm(x, b.ln2.weight, b.ln2.bias), b)); // [B, T, C]
      }
      x = layerNorm(x, lnF.weight, lnF.bias); // [B, T, C]
      return tf.matMul(x.reshape([B * T, C]), wte, false, true).reshape([B, T, V]) as tf.Tensor3D; // [B, T, V]
    });
    return { logits, attention: attentionMaps };
  }

  return {
    config,
    forward: (ids) => run(ids, false).logits,
    forwardWithAttention: (ids) => run(ids, true),
    parameters: () => named.map(([, v]) => v),
    namedParameters: () => named.slice(),
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const [, v] of named) v.dispose();
    },
  };
}

/** A trainable variable holding `initial`'s values; `initial` itself is disposed (tf.variable keeps a copy). */
export function toVariable<R extends tf.Rank>(initial: tf.Tensor<R>, trainable = true): tf.Variable<R> {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}
