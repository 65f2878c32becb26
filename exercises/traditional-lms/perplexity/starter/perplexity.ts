// Perplexity: how surprised a language model is by text it has never seen, as "the number of equally likely
// words it is choosing between". It is exp of the average negative log-probability per predicted token —
// the exponential of the cross-entropy loss of chapter 1.
// Works with any model that has `n` and `prob(word, context)` (your NGramModel, Kneser–Ney, a uniform guesser).
// Deliberately left out: log base 2 and bits per word (the same number in another unit), and tokenization.

/** What perplexity needs of a model: its order n and P(word | context). */
export interface LanguageModel {
  readonly n: number;
  prob(word: string, context: string[]): number;
}

/**
 * Step 1. One sentence: pad it to [n − 1 × '<s>', ...words, '</s>'] and list every prediction the model makes —
 * each word after the padding (so '</s>' too, never '<s>') with exactly the n − 1 tokens before it.
 *
 *   predictions(['the', 'cat'], 2) -> [{ word: 'the', context: ['<s>'] }, { word: 'cat', context: ['the'] },
 *                                      { word: '</s>', context: ['cat'] }]
 *   predictions(['the'], 1)        -> [{ word: 'the', context: [] }, { word: '</s>', context: [] }]
 */
export function predictions(sentence: string[], n: number): Array<{ word: string; context: string[] }> {
  throw new Error(`TODO: step 1 — pad the ${sentence.length} words with ${n - 1} '<s>' and one '</s>', then list each word after the padding with the ${n - 1} tokens before it`);
}

/**
 * Step 2. Perplexity over all sentences together:
 *   PPL = exp( −(1/N) · Σ ln P(word_i | context_i) ),  N = number of predictions over ALL sentences.
 *
 * Not the mean of per-sentence perplexities: a long sentence holds more predictions and weighs more.
 *
 *   a model that gives every word probability 1/10          -> 10
 *   prob 0.5 for every word of [['a']] (2 predictions)      -> exp(−(ln 0.5 + ln 0.5) / 2) = 2
 *   any prediction with probability 0                        -> Infinity
 */
export function perplexity(model: LanguageModel, sentences: string[][]): number {
  const first = sentences.length > 0 ? predictions(sentences[0], model.n) : [];
  throw new Error(`TODO: step 2 — sum Math.log(model.prob(word, context)) over the predictions of all ${sentences.length} sentences (the first has ${first.length}), then exp(−sum / N)`);
}
