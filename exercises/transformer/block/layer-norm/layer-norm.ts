// Repository-only shim: in a learner's workspace block.ts imports the learner's own ../layer-norm/layer-norm.ts;
// here it resolves to the reference solution of transformer/layer-norm, so tsc and the integrity check can run.
export * from '../../layer-norm/solution/layer-norm';
