// Repository-only shim: in a learner's workspace mlp.ts imports ../autograd/value, the learner's own Value from
// the autograd exercise. Here, where starter/ and solution/ sit one folder deeper, it resolves to the reference.
export * from '../../autograd/solution/value';
