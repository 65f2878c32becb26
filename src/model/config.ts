// The shape of a GPT and how many numbers it holds. Pure arithmetic: no TF.js, no VS Code.

/** The five numbers that fix a GPT's architecture (nanoGPT's GPTConfig without dropout and bias flags). */
export interface GPTConfig {
  /** V: number of token ids, 0..V-1. */
  readonly vocabSize: number;
  /** T_max: the longest context the model reads (rows of the position embedding). */
  readonly blockSize: number;
  /** L: number of transformer blocks. */
  readonly nLayer: number;
  /** Attention heads per block; must divide nEmbd. */
  readonly nHead: number;
  /** C: width of the residual stream. */
  readonly nEmbd: number;
}

/** The capstone model: about 12M parameters, trainable in a webview on WebGL. */
export const CAPSTONE_CONFIG: GPTConfig = { vocabSize: 4096, blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384 };

/** Throws a readable error for a config no GPT can have (non-integers, nHead not dividing nEmbd, ...). */
export function validateConfig(c: GPTConfig): void {
  for (const key of ['vocabSize', 'blockSize', 'nLayer', 'nHead', 'nEmbd'] as const) {
    const v = c[key];
    if (!Number.isInteger(v) || v < 1) throw new Error(`GPTConfig.${key} must be a positive integer, got ${v}`);
  }
  if (c.nEmbd % c.nHead !== 0) throw new Error(`GPTConfig.nEmbd (${c.nEmbd}) must be divisible by nHead (${c.nHead})`);
}

/**
 * Parameters of one block: LN₁ (2C), fused qkv C→3C (3C² + 3C), output projection C→C (C² + C), LN₂ (2C),
 * MLP C→4C (4C² + 4C) and 4C→C (4C² + C) — together 12C² + 13C.
 *
 *   blockParameters(384) -> 1,774,464
 */
export function blockParameters(nEmbd: number): number {
  const C = nEmbd;
  return 12 * C * C + 13 * C;
}

/**
 * All parameters: token embedding V·C, position embedding T_max·C, L blocks, final LayerNorm 2C. The LM head
 * reuses the token embedding (weight tying), so it adds nothing. The number of heads does not change the count.
 *
 *   countParameters(CAPSTONE_CONFIG) -> 1,572,864 + 98,304 + 6 · 1,774,464 + 768 = 12,318,720
 */
export function countParameters(c: GPTConfig): number {
  return c.vocabSize * c.nEmbd + c.blockSize * c.nEmbd + c.nLayer * blockParameters(c.nEmbd) + 2 * c.nEmbd;
}
