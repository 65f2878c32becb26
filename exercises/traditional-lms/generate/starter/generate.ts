// The chapter project: write with your n-gram model, and measure it. Three parts:
//   1. tokenize() turns a novel into sentences of lower-case words;
//   2. nextWord() and generate() sample text one word at a time, with a temperature and a seed — the same loop
//      GPT uses, with counts where GPT has a transformer;
//   3. comparePerplexities() trains your NGramModel for n = 1..4 and scores each on held-out text with your
//      perplexity(), to show where more context stops helping.
// It imports your NGramModel and perplexity from the earlier exercises. Deliberately left out: top-k/top-p
// sampling and beam search (variations on nextWord), and Kneser–Ney in the table (try it yourself).

import { NGramModel } from '../smoothing/ngram-model';
// Step 4 needs your perplexity() from the perplexity exercise — uncomment this line then:
// import { perplexity } from '../perplexity/perplexity';

/** What sampling needs of a model: NGramModel and KneserNeyBigram both fit. */
export interface LanguageModel {
  readonly n: number;
  readonly vocab: Set<string>;
  prob(word: string, context: string[]): number;
}

export interface GenerateOptions {
  /** Seeds the random generator: the same seed (and model and options) always gives the same text. */
  seed: number;
  /** 1 samples from the model as it is; lower is more conservative; 0 always takes the most likely word. Default 1. */
  temperature?: number;
  /** Stop after this many words if '</s>' has not come. Default 30. */
  maxTokens?: number;
  /** Words the text starts from (not repeated in the result), e.g. ['elizabeth']. Default []. */
  context?: string[];
}

/**
 * A seeded random generator (mulberry32): `const rand = seededRandom(42); rand()` -> a number in [0, 1), the same
 * sequence for the same seed. Given — use it instead of Math.random so a seed fixes the text.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Step 1. Text -> sentences of words: lower-case the text, split it into sentences at every run of '.', '!' or
 * '?', take the words of each sentence as the maximal runs of letters a–z, and drop sentences with no words.
 *
 *   tokenize('It is a truth. Universally acknowledged!  Mr. Darcy\'s _pride_?')
 *   -> [['it', 'is', 'a', 'truth'], ['universally', 'acknowledged'], ['mr'], ['darcy', 's', 'pride']]
 *
 * Crude on purpose ("Mr." ends a sentence, "Darcy's" is two words): what matters is that training and held-out
 * text go through the same rule.
 */
export function tokenize(text: string): string[][] {
  throw new Error(`TODO: step 1 — lower-case the ${text.length} characters, split at runs of . ! ?, keep the runs of letters a–z, drop empty sentences`);
}

/**
 * Step 2. Pick the next word after `context` (already the last n − 1 tokens, padded):
 *   - the candidates are the words of model.vocab in sorted order ([...vocab].sort());
 *   - temperature 0: the candidate with the highest probability (the first one on a tie), without calling rand;
 *   - temperature T > 0: weight each candidate by p^(1/T), computed safely as exp((ln p − ln p_max) / T) so that
 *     small T cannot underflow every weight to 0 (p = 0 gets weight 0). Then draw r = rand() · (sum of weights)
 *     — exactly one call to rand — and return the first candidate whose running sum of weights exceeds r.
 *
 *   probabilities a 0.1, b 0.6, c 0.3 (T = 1):  rand() = 0.05 -> 'a',  0.5 -> 'b',  0.75 -> 'c'
 *   temperature 0 -> 'b';  T = 0.5 weights them 1/36 : 1 : 1/4 (p² up to a factor), so 'b' far more often
 */
export function nextWord(model: LanguageModel, context: string[], temperature: number, rand: () => number): string {
  const candidates = [...model.vocab].sort();
  if (temperature === 0) {
    throw new Error(`TODO: step 2 — return the most likely of the ${candidates.length} candidates after ${JSON.stringify(context)} (model.prob(word, context); the first one on a tie)`);
  }
  const r = rand();
  throw new Error(`TODO: step 2 — weight each candidate by exp((ln p − ln p_max) / ${temperature}) and return the first whose running sum of weights exceeds ${r.toFixed(4)} × (the sum of all weights)`);
}

/**
 * Step 3. Generate a sentence: start from [n − 1 × '<s>', ...context], repeatedly pick nextWord() with the last
 * n − 1 tokens as context, and stop when '</s>' is picked (it is not returned) or maxTokens words were made.
 * Returns the new words only. One seededRandom(seed) for the whole sentence.
 *
 *   generate(austenTrigram, { seed: 1, temperature: 0, context: ['mr'] })   -> the most likely continuation
 *   generate(model, { seed: 7 }) twice                                      -> the same words both times
 */
export function generate(model: LanguageModel, options: GenerateOptions): string[] {
  const { seed, temperature = 1, maxTokens = 30, context = [] } = options;
  throw new Error(`TODO: step 3 — make one seededRandom(${seed}); from [${model.n - 1} × '<s>', ...${JSON.stringify(context)}] call nextWord(model, last ${model.n - 1} tokens, ${temperature}, rand) until it returns '</s>' or ${maxTokens} words are made`);
}

/**
 * Step 4. Train an NGramModel(n, k) on `train` for each n of `ns` and return its perplexity on `heldOut`, in the
 * order of `ns`.
 *
 *   comparePerplexities(train, heldOut, [1, 2], 0.01) -> [{ n: 1, perplexity: 498.0 }, { n: 2, perplexity: 352.5 }]
 *   (Pride and Prejudice, the last 10 % of sentences held out — see task.md for the whole table)
 */
export function comparePerplexities(train: string[][], heldOut: string[][], ns: number[] = [1, 2, 3, 4], k = 1): Array<{ n: number; perplexity: number }> {
  return ns.map((n) => {
    const model = new NGramModel(n, k);
    throw new Error(`TODO: step 4 — fit the ${model.n}-gram model on the ${train.length} training sentences, then return { n, perplexity: perplexity(model, heldOut) } for the ${heldOut.length} held-out ones (uncomment the import at the top)`);
  });
}
