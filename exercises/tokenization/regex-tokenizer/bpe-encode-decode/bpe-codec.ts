// Repository-only shim: in a learner's workspace ../bpe-encode-decode/bpe-codec is the learner's own file; here it is the reference.
export * from '../../bpe-encode-decode/solution/bpe-codec';
