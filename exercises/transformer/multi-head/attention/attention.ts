// Repository-only shim: in a learner's workspace multi-head.ts imports the learner's own ../attention/attention.ts;
// here it resolves to the reference solution of transformer/attention, so tsc and the integrity check can run.
export * from '../../attention/solution/attention';
