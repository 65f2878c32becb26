// One pre-LayerNorm transformer block, as in GPT-2 and nanoGPT — the unit a GPT stacks nLayer times:
//
//   x = x + MHA(LN1(x))          every position gathers information from the (earlier) positions
//   x = x + FFN(LN2(x))          every position thinks about it on its own
//   FFN(h) = GELU(h·W1 + b1)·W2 + b2
//
// The residual "x +" keeps a straight path from input to output (a block with zero weights is the identity),
// and normalizing BEFORE each sub-layer (pre-LN) keeps that path clean, which is why deep stacks train well.
// Deliberately left out: dropout and the final LayerNorm after the last block (the Mini-GPT adds it).
import * as tf from '@tensorflow/tfjs';
import { layerNorm } from '../layer-norm/layer-norm';
import type { MultiHeadParams } from '../multi-head/multi-head';
import { multiHeadAttention } from '../multi-head/multi-head';

/** The two-layer MLP: W1 [C, H], b1 [H], W2 [H, C], b2 [C]; GPT-2 uses H = 4C. */
export interface FeedForwardParams {
  w1: tf.Tensor2D;
  b1: tf.Tensor1D;
  w2: tf.Tensor2D;
  b2: tf.Tensor1D;
}

/** Everything one block owns: two LayerNorms, the attention and the MLP. */
export interface BlockParams {
  ln1: { gamma: tf.Tensor1D; beta: tf.Tensor1D };
  attn: MultiHeadParams;
  ln2: { gamma: tf.Tensor1D; beta: tf.Tensor1D };
  mlp: FeedForwardParams;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * Step 1. GELU, tanh approximation (chapter 1's formula, now on tensors), elementwise:
 *   gelu(x) = 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³)))
 *
 *   gelu([0, 1, -1]) -> [0, 0.841192, -0.158808]
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(SQRT_2_OVER_PI);
    return x.mul(0.5).mul(inner.tanh().add(1));
  });
}

/** Step 2. The position-wise MLP: x [B, T, C] -> GELU(x·W1 + b1)·W2 + b2, [B, T, C]. */
export function feedForward(x: tf.Tensor3D, p: FeedForwardParams): tf.Tensor3D {
  return tf.tidy(() => {
    const hidden = gelu(tf.matMul(x, p.w1).add(p.b1)); // [B, T, H]
    return tf.matMul(hidden, p.w2).add(p.b2) as tf.Tensor3D; // [B, T, C]
  });
}

/**
 * Step 3. The pre-LN block: x + MHA(LN1(x)), then + FFN(LN2(·)). x: [B, T, C] -> [B, T, C]; mask (optional)
 * broadcasts to [B, nHead, T, T] and goes to the attention.
 *
 *   with every weight and bias zero, transformerBlock(x, params, nHead) = x     (the residual path)
 */
export function transformerBlock(x: tf.Tensor3D, params: BlockParams, nHead: number, mask?: tf.Tensor): tf.Tensor3D {
  return tf.tidy(() => {
    const attended = multiHeadAttention(layerNorm(x, params.ln1.gamma, params.ln1.beta) as tf.Tensor3D, params.attn, nHead, mask).output;
    const afterAttention = x.add(attended) as tf.Tensor3D; // [B, T, C]
    const mlpOut = feedForward(layerNorm(afterAttention, params.ln2.gamma, params.ln2.beta) as tf.Tensor3D, params.mlp);
    return afterAttention.add(mlpOut) as tf.Tensor3D; // [B, T, C]
  });
}
