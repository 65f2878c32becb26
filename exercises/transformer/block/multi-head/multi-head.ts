// Repository-only shim: in a learner's workspace block.ts imports the learner's own ../multi-head/multi-head.ts;
// here it resolves to the reference solution of transformer/multi-head, so tsc and the integrity check can run.
export * from '../../multi-head/solution/multi-head';
