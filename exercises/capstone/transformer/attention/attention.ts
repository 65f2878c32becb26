// Repository-only shim: in a learner's workspace, mini-gpt.ts imports their own transformer/attention/attention.ts.
export * from '../../../transformer/attention/solution/attention';
