// The reference GPT: configuration and parameter count, the layers, the model, training and sampling. Pure
// TypeScript on TF.js (no VS Code): the capstone trainer webview and the attention visualizer build on it.

export { CAPSTONE_CONFIG, blockParameters, countParameters, validateConfig } from './config';
export type { GPTConfig } from './config';
export { causalMask, gelu, layerNorm, linear, scaledDotProductAttention } from './layers';
export { createGPT, toVariable } from './gpt';
export type { GPT } from './gpt';
export { AdamW, clipGradNorm, crossEntropy, getBatch, seededRandom, train, trainStep } from './train';
export type { AdamWOptions, StepOptions, TrainOptions } from './train';
export { sample } from './sample';
export type { SampleOptions } from './sample';
