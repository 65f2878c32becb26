// Repository-only shim: in a learner's workspace, mini-gpt.ts imports their own transformer/layer-norm/layer-norm.ts.
export * from '../../../transformer/layer-norm/solution/layer-norm';
