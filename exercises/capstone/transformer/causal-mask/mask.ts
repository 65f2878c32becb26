// Repository-only shim: in a learner's workspace, mini-gpt.ts imports their own transformer/causal-mask/mask.ts.
export * from '../../../transformer/causal-mask/solution/mask';
