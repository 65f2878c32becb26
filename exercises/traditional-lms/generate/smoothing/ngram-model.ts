// Repository only: in a learner's workspace '../smoothing/ngram-model' is their own file from the smoothing exercise.
export * from '../../smoothing/solution/ngram-model';
