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
  const padded = [...Array<string>(n - 1).fill('<s>'), ...sentence, '</s>'];
  const out: Array<{ word: string; context: string[] }> = [];
  for (let i = n - 1; i < padded.length; i++) out.push({ word: padded[i], context: padded.slice(i - n + 1, i) });
  return out;
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
  let logProb = 0;
  let count = 0;
  for (const sentence of sentences) {
    for (const { word, context } of predictions(sentence, model.n)) {
      logProb += Math.log(model.prob(word, context)); // ln 0 = −Infinity, so one impossible word gives Infinity
      count++;
    }
  }
  if (count === 0) throw new Error('perplexity: no sentences to score');
  return Math.exp(-logProb / count);
}
