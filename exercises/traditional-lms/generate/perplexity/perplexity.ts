// Repository only: in a learner's workspace '../perplexity/perplexity' is their own file from the perplexity exercise.
export * from '../../perplexity/solution/perplexity';
